@testable import Benchmarks
@testable import CorpusGenerator
@testable import CorpusQuery
import Foundation
import GRDB
@testable import ProjectStorage
import Testing

/// Checks the engine against plain SQL over a generated project: the same questions asked
/// two independent ways must get the same answers.
@Suite("Query engine against SQL")
struct QueryOracleTests {
    let store: ProjectStore
    let snapshot: CorpusSnapshot

    init() throws {
        store = try ProjectStore.inMemory()
        _ = try ProjectGenerator.populate(
            store, with: GeneratorOptions(participants: 21, codings: 4_000, coders: 3, seed: 7))
        snapshot = try CorpusSnapshot.load(from: store)
    }

    /// Codings with every technique they count for, directly or through their code.
    static let expanded = """
        WITH expanded(coding, bct) AS (
          SELECT id, bct_id FROM codings WHERE bct_id IS NOT NULL
          UNION SELECT c.id, m.bct_id FROM codings c JOIN code_bcts m ON m.code_id = c.code_id)
        """

    /// Joins from codings `c` to their segment, document, participant and case.
    static let located = """
        JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id
        JOIN participants p ON p.id = d.participant_id JOIN cases k ON k.id = COALESCE(d.case_id, p.case_id)
        """

    /// "row|column" → count from a query returning three columns.
    func oracle(_ sql: String) throws -> [String: Int] {
        try store.read { db in
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql) {
                let key: String = row[0], column: String = row[1]
                result[key + "|" + column] = row[2]
            }
            return result
        }
    }

    @Test func generatedProjectIsLargeEnoughToMatter() {
        #expect(snapshot.codingCount == 4_000)
        #expect(snapshot.participantCount == 21)
    }

    @Test func groupByRoleMatchesSQLAndTheBaseline() throws {
        let expected = try oracle("""
            \(Self.expanded)
            SELECT p.role, substr(e.bct, 1, instr(e.bct, '.') - 1) AS grp, COUNT(DISTINCT e.coding)
            FROM expanded e JOIN codings c ON c.id = e.coding \(Self.located)
            WHERE CAST(grp AS INTEGER) BETWEEN 1 AND 16
            GROUP BY 1, 2
            """)
        let table = try snapshot.codings().filter("framework", equals: "bcttv1").crosstab("participant.role", "bct.group")
        #expect(!expected.isEmpty)
        #expect(QueryFixture.cells(table) == expected)
        let baseline = try CrosstabBaseline.bctGroupByRole(in: snapshot)
        #expect(table.rowKeys == baseline.rowKeys && table.columnLabels == baseline.columnLabels)
        #expect(table.cells == baseline.cells)
        #expect(table.countedTotals == baseline.countedTotals)
    }

    @Test func distinctSegmentsBySectorAndCodeMatchSQL() throws {
        let expected = try oracle("""
            SELECT k.sector, c.code_id, COUNT(DISTINCT c.segment_id) FROM codings c \(Self.located)
            WHERE c.code_id IS NOT NULL GROUP BY 1, 2
            """)
        let table = try snapshot.codings().crosstab("case.sector", "code.id", counting: .segments, missing: .drop)
        #expect(QueryFixture.cells(table) == expected)
    }

    @Test func participantsByRoleAndTechniqueMatchSQL() throws {
        let expected = try oracle("""
            \(Self.expanded)
            SELECT p.role, e.bct, COUNT(DISTINCT p.id) FROM expanded e JOIN codings c ON c.id = e.coding \(Self.located)
            JOIN coders o ON o.id = c.coder_id
            WHERE o.id = (SELECT MIN(id) FROM coders) GROUP BY 1, 2
            """)
        let firstCoder = try store.read { db in try String.fetchOne(db, sql: "SELECT name FROM coders ORDER BY id") }
        let table = try snapshot.participants().filter("coder", equals: try #require(firstCoder))
            .crosstab("participant.role", "bct.id", missing: .drop)
        #expect(QueryFixture.cells(table) == expected)
    }

    @Test func cooccurrenceWithinDocumentsMatchesSQL() throws {
        let expected = try oracle("""
            WITH used AS (SELECT DISTINCT s.document_id AS document, c.code_id AS code
                          FROM codings c JOIN segments s ON s.id = c.segment_id WHERE c.code_id IS NOT NULL)
            SELECT a.code, b.code, COUNT(*) FROM used a JOIN used b ON a.document = b.document GROUP BY 1, 2
            """)
        let table = try snapshot.codings().cooccurrence("code.id", within: .document)
        #expect(QueryFixture.cells(table) == expected)
    }

    @Test func cooccurrenceWithinSegmentsMatchesSQL() throws {
        let expected = try oracle("""
            \(Self.expanded),
            used AS (SELECT DISTINCT c.segment_id AS segment, e.bct AS bct FROM expanded e JOIN codings c ON c.id = e.coding)
            SELECT a.bct, b.bct, COUNT(*) FROM used a JOIN used b ON a.segment = b.segment GROUP BY 1, 2
            """)
        let table = try snapshot.codings().cooccurrence("bct.id")
        #expect(QueryFixture.cells(table) == expected)
    }

    @Test func countByThreeFieldsMatchesSQL() throws {
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT k.id, p.role, o.name, COUNT(*) FROM codings c \(Self.located) JOIN coders o ON o.id = c.coder_id
                GROUP BY 1, 2, 3
                """)
        }
        var expected: [String: Int] = [:]
        for row in rows {
            let keys: [String] = [row[0], row[1], row[2]]
            expected[keys.joined(separator: " / ") + "|codings"] = row[3]
        }
        let table = try snapshot.codings().countBy("case.id", "participant.role", "coder")
        #expect(QueryFixture.cells(table) == expected)
    }

    @Test func rowsVisitEveryKeptRowOnce() throws {
        let query = try snapshot.codings().filter("participant.role", in: ["PW", "SU"])
        let rows = try query.rows()
        #expect(rows.count == (try query.count()))
        #expect(try rows.allSatisfy { ["PW", "SU"].contains(try $0.value("participant.role")) })
        #expect(Set(rows.map(\.id)).count == rows.count)
    }
}
