@testable import CorpusQuery
import Foundation
import GRDB
@testable import ProjectStorage
@testable import ResultTables
@testable import StudyModel
import Testing

/// A small project written with plain SQL, small enough that every expected count in the query
/// tests can be worked out by hand:
///
/// ```
/// case STA1 (STA, region north)   participants STA1PW01 (PW, f), STA1SU01 (SU, m)
/// case VOL1 (VOL, region south)   participants VOL1PW01 (PW, m), VOL1ST01 (ST, no documents)
/// documents D1 (STA1PW01, case from participant), D2 (STA1SU01), D3 (VOL1PW01)
/// codes T1 Connection > C1 Trust > K1 Being heard (→ 3.1, 3.3)
///                               > K2 Hope (→ 17.1, principle P2)
/// segments S1 D1 0..<5, S2 D1 3..<10 (overlaps S1), S3 D1 20..<25,
///          S4 D2 0..<4, S5 D3 0..<6, S6 D3 12..<14 (not coded)
/// codings  1 S1 K1 alice   2 S1 bct 1.1 bob   3 S2 K2 alice    4 S3 bct 3.1 alice
///          5 S4 P1 bob     6 S4 bct 17.1 alice 7 S5 K1 bob     8 S5 bct 1.1 alice
/// ```
enum QueryFixture {
    /// D1: "Hé 世界 …" so that offsets count scalars, not bytes or graphemes.
    static let text1 = "Hé 世界 is here; we talk of hope and trust."
    static let text2 = "Yes, I was listened to."
    /// D3 starts with a decomposed é (two scalars, one grapheme).
    static let text3 = "Cafe\u{301} time, we meet weekly."

    /// A store holding the fixture.
    static func makeStore() throws -> ProjectStore {
        let store = try ProjectStore.inMemory()
        try store.write { db in try write(db) }
        return store
    }

    /// A snapshot of the fixture.
    static func snapshot() throws -> CorpusSnapshot {
        try CorpusSnapshot.load(from: makeStore())
    }

    static func write(_ db: Database) throws {
        let statements = [
            "INSERT INTO cases (id, sector, label, attributes) VALUES ('STA1', 'STA', 'Town team', '{\"region\":\"north\"}')",
            "INSERT INTO cases (id, sector, label, attributes) VALUES ('VOL1', 'VOL', 'Drop-in', '{\"region\":\"south\"}')",
            "INSERT INTO participants (id, role, case_id, attributes) VALUES ('STA1PW01', 'PW', 'STA1', '{\"gender\":\"f\"}')",
            "INSERT INTO participants (id, role, case_id, attributes) VALUES ('STA1SU01', 'SU', 'STA1', '{\"gender\":\"m\"}')",
            "INSERT INTO participants (id, role, case_id, attributes) VALUES ('VOL1PW01', 'PW', 'VOL1', '{\"gender\":\"m\"}')",
            "INSERT INTO participants (id, role, case_id) VALUES ('VOL1ST01', 'ST', 'VOL1')",
            "INSERT INTO coders (id, name) VALUES (1, 'alice'), (2, 'bob')",
            "INSERT INTO codes (id, codebook, parent_id, label, level, sort_order) VALUES "
                + "('T1', 'project', NULL, 'Connection', 'theme', 0), "
                + "('C1', 'project', 'T1', 'Trust', 'category', 0), "
                + "('K1', 'project', 'C1', 'Being heard', 'code', 0), "
                + "('K2', 'project', 'C1', 'Hope', 'code', 1)",
            "INSERT INTO code_bcts (code_id, bct_id) VALUES ('K1', '3.1'), ('K1', '3.3'), ('K2', '17.1')",
            "INSERT INTO code_principles (code_id, principle_id) VALUES ('K2', 'P2')",
        ]
        for sql in statements { try db.execute(sql: sql) }
        let documents: [(String, String, String?, String)] = [
            ("D1", "STA1PW01", nil, text1), ("D2", "STA1SU01", "STA1", text2), ("D3", "VOL1PW01", nil, text3),
        ]
        for (id, participant, studyCase, text) in documents {
            try db.execute(
                sql: "INSERT INTO documents (id, title, participant_id, case_id, text, content_hash) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, "Interview \(participant)", participant, studyCase, text, "not checked here"])
        }
        let codings = [
            "INSERT INTO segments (id, document_id, start, \"end\") VALUES "
                + "(1, 'D1', 0, 5), (2, 'D1', 3, 10), (3, 'D1', 20, 25), (4, 'D2', 0, 4), (5, 'D3', 0, 6), (6, 'D3', 12, 14)",
            "INSERT INTO codings (id, segment_id, code_id, bct_id, principle_id, coder_id) VALUES "
                + "(1, 1, 'K1', NULL, NULL, 1), (2, 1, NULL, '1.1', NULL, 2), (3, 2, 'K2', NULL, NULL, 1), "
                + "(4, 3, NULL, '3.1', NULL, 1), (5, 4, NULL, NULL, 'P1', 2), (6, 4, NULL, '17.1', NULL, 1), "
                + "(7, 5, 'K1', NULL, NULL, 2), (8, 5, NULL, '1.1', NULL, 1)",
        ]
        for sql in codings { try db.execute(sql: sql) }
    }

    /// A table's cells as a dictionary "row|column" → count, for compact expectations.
    static func cells(_ table: ResultTable) -> [String: Int] {
        var result: [String: Int] = [:]
        for row in 0..<table.rowCount {
            for column in 0..<table.columnCount {
                guard let count = table.value(row: row, column: column).intValue, count != 0 else { continue }
                result[table.rowLabels[row] + "|" + table.columnLabels[column]] = count
            }
        }
        return result
    }
}

@Suite("Corpus snapshot loading")
struct QueryCorpusFixtureTests {
    @Test func loadsEveryTable() throws {
        let snapshot = try QueryFixture.snapshot()
        #expect(snapshot.codingCount == 8)
        #expect(snapshot.segmentCount == 6)
        #expect(snapshot.documentCount == 3)
        #expect(snapshot.participantCount == 4)
    }

    @Test func expandsCodesToTheirTechniquesAndPrinciples() throws {
        let rows = Array(try QueryFixture.snapshot().codings().rows())
        #expect(try rows[0].values("bct.id") == ["3.1", "3.3"])
        #expect(try rows[1].values("bct.id") == ["1.1"])
        #expect(try rows[2].values("bct.id") == ["17.1"])
        #expect(try rows[2].values("principle.id") == ["P2"])
        #expect(try rows[4].values("principle.id") == ["P1"])
        #expect(try rows[4].values("bct.id") == [])
    }

    @Test func resolvesJoinsFromCodingToCase() throws {
        let rows = Array(try QueryFixture.snapshot().codings().rows())
        // Coding 1 is on D1, whose case comes from its participant.
        #expect(try rows[0].value("document.id") == "D1")
        #expect(try rows[0].value("participant.id") == "STA1PW01")
        #expect(try rows[0].value("case.id") == "STA1")
        #expect(try rows[0].value("case.sector") == "STA")
        #expect(try rows[6].value("case.id") == "VOL1")
        #expect(try rows[6].value("coder") == "bob")
        #expect(try rows[0].value("segment.id") == "1")
    }

    @Test func labelsTechniquesFromTheTaxonomy() throws {
        let rows = Array(try QueryFixture.snapshot().codings().rows())
        let taxonomy = Taxonomy.standard
        #expect(try rows[1].values("bct.label") == [try #require(taxonomy.bct("1.1")).label])
        #expect(try rows[1].values("bct.group") == ["1"])
        #expect(try rows[1].values("bct.group_label") == [try #require(taxonomy.group("1")).label])
        #expect(try rows[1].values("framework") == ["bcttv1"])
        #expect(try rows[2].values("bct.framework") == ["relational"])
        #expect(try rows[4].values("principle.label").count == 1)
    }

    @Test func buildsCodePathsFromTheCodebookTree() throws {
        let rows = Array(try QueryFixture.snapshot().codings().rows())
        #expect(try rows[0].value("code.path") == "Connection > Trust > Being heard")
        #expect(try rows[0].value("code.label") == "Being heard")
        #expect(try rows[0].value("code.level") == "code")
        #expect(try rows[1].value("code.id") == nil)
    }

    @Test func offersAttributesQualifiedAndBare() throws {
        let snapshot = try QueryFixture.snapshot()
        let names = snapshot.fields.map(\.name)
        #expect(names.contains("participant.gender"))
        #expect(names.contains("case.region"))
        #expect(try snapshot.field(named: "gender").name == "participant.gender")
        #expect(try snapshot.field(named: "region").name == "case.region")
    }

    @Test func keepsTechniqueIdsNoFrameworkKnows() throws {
        let store = try QueryFixture.makeStore()
        try store.write { db in
            try db.execute(sql: "INSERT INTO codings (id, segment_id, bct_id, coder_id) VALUES (9, 6, '42.7', 1)")
        }
        let snapshot = try CorpusSnapshot.load(from: store)
        let table = try snapshot.codings().filter("bct.id", equals: "42.7").countBy("bct.group")
        #expect(QueryFixture.cells(table) == ["42|codings": 1])
    }

    @Test func readsProjectTaxonomyExtensions() throws {
        let store = try QueryFixture.makeStore()
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO taxonomy_extensions (bct_id, group_id, group_label, label, framework)
                VALUES ('18.1', '18', 'Digital support', 'App reminders', 'my-study')
                """)
            try db.execute(sql: "INSERT INTO codings (id, segment_id, bct_id, coder_id) VALUES (9, 6, '18.1', 2)")
        }
        let snapshot = try CorpusSnapshot.load(from: store)
        let table = try snapshot.codings().filter("framework", equals: "my-study").countBy("bct.label")
        #expect(QueryFixture.cells(table) == ["App reminders|codings": 1])
    }

    @Test func reportsDanglingReferencesWithTheRow() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: ProjectSchemaForTests.minimal)
            try db.execute(sql: "INSERT INTO coders (id, name) VALUES (1, 'a')")
            try db.execute(sql: "INSERT INTO codings (id, segment_id, bct_id, coder_id) VALUES (5, 99, '1.1', 1)")
        }
        #expect(throws: QueryError.danglingReference(table: "codings", rowID: "5", column: "segment_id", value: "99")) {
            try CorpusSnapshot.load(from: queue)
        }
    }
}

/// The tables the loader reads, without constraints, for feeding it broken data.
enum ProjectSchemaForTests {
    static let minimal = """
        CREATE TABLE cases (id TEXT PRIMARY KEY, sector TEXT, label TEXT, attributes TEXT NOT NULL DEFAULT '{}');
        CREATE TABLE participants (id TEXT PRIMARY KEY, role TEXT NOT NULL, case_id TEXT, attributes TEXT NOT NULL DEFAULT '{}');
        CREATE TABLE coders (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, participant_id TEXT, case_id TEXT, text TEXT NOT NULL);
        CREATE TABLE codes (id TEXT PRIMARY KEY, codebook TEXT NOT NULL, parent_id TEXT, label TEXT NOT NULL, level TEXT NOT NULL, sort_order INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE code_bcts (code_id TEXT NOT NULL, bct_id TEXT NOT NULL);
        CREATE TABLE code_principles (code_id TEXT NOT NULL, principle_id TEXT NOT NULL);
        CREATE TABLE segments (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
        CREATE TABLE codings (id INTEGER PRIMARY KEY, segment_id INTEGER NOT NULL, code_id TEXT, bct_id TEXT, principle_id TEXT, coder_id INTEGER NOT NULL);
        CREATE TABLE taxonomy_extensions (bct_id TEXT PRIMARY KEY, group_id TEXT NOT NULL, group_label TEXT NOT NULL, label TEXT NOT NULL, framework TEXT NOT NULL);
        """
}
