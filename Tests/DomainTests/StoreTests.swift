import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

/// A fresh directory for one test's files, removed when the test ends.
final class StoreTestDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("peersupport-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A small corpus written through the record types, shared by the store tests.
enum StoreFixture {
    static let text = "Line one about trust.\nLine two — hope 🌱.\n"

    @discardableResult
    static func write(_ db: Database) throws -> (coder: Coder, segment: Segment) {
        try StudyCase(id: "PAR1", label: "Partnership site", guid: "g-case", attributes: ["region": "North"]).insert(db)
        try Participant(id: "PAR1PW01", attributes: ["years": "3"]).insert(db)
        var coder = Coder(name: "Coder A", guid: "g-coder")
        try coder.insert(db)
        let document = Document(id: "doc1", title: "Interview PAR1PW01", participantID: "PAR1PW01", caseID: "PAR1",
                                text: text, metadata: ["source": "test"])
        try document.insert(db)
        try Codebook.builtIn("change-model")!.insert(db)
        var segment = try Segment(document: document, start: 22, end: 40)
        try segment.insert(db)
        for target in [CodingTarget.code("cm.rolemodel.hope"), .bct("6.2"), .principle("P3")] {
            var coding = Coding(segmentID: segment.id!, target: target, coderID: coder.id!,
                                createdAt: "2024-05-01T10:00:00Z", memo: "memo \(target.kind)")
            try coding.insert(db)
        }
        return (coder, segment)
    }
}

@Suite("Project store")
struct StoreTests {
    @Test("a new file carries the application id, schema version, WAL and foreign keys")
    func fileFormat() throws {
        let directory = try StoreTestDirectory()
        let store = try ProjectStore.create(at: directory.file("p.peerdb"), title: "Study", createdAt: Date(timeIntervalSince1970: 0))
        try store.read { db in
            #expect(try Int32.fetchOne(db, sql: "PRAGMA application_id") == 0x5045_5352)
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == ProjectSchema.version)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == true)
            // The text index's tables (version 2) are checked by the text index tests.
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'text_index%' ORDER BY name")
            #expect(tables.filter { !ProjectSchema.changeTables.contains($0) } == [
                "cases", "code_bcts", "code_principles", "coders", "codes", "codings", "documents", "fidelity_items",
                "fidelity_ratings", "notes", "participants", "project_meta", "segments", "set_members", "sets",
                "taxonomy_extensions",
            ])
        }
        #expect(try store.meta()["title"] == "Study")
        #expect(try store.meta()["created_at"] == "1970-01-01T00:00:00Z")
        #expect(try store.meta()["software"] == "PeerScript \(peerScriptVersion)")
        #expect(try store.schemaVersion() == ProjectSchema.version)
    }

    @Test("the schema is the one documented in docs/project-format.md")
    func schemaMatchesDocument() throws {
        let documented = try #require(Self.documentedSchema())
        #expect(Self.statements(ProjectSchema.version1) == Self.statements(documented))
    }

    /// SQL with comments and spacing removed, so that only the statements are compared.
    static func statements(_ sql: String) -> String {
        sql.split(separator: "\n").map { line in
            line.split(separator: "--", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        }.joined().filter { !$0.isWhitespace }
    }

    /// The SQL block of the format document, when the source tree is at hand.
    static func documentedSchema() -> String? {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        guard let doc = try? String(contentsOf: root.appendingPathComponent("docs/project-format.md"), encoding: .utf8),
              let start = doc.range(of: "```sql\n"),
              let end = doc.range(of: "```", range: start.upperBound..<doc.endIndex) else { return nil }
        return String(doc[start.upperBound..<end.lowerBound]).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("records round-trip through a file")
    func roundTrip() throws {
        let directory = try StoreTestDirectory()
        let url = directory.file("round.peerdb")
        let written = try ProjectStore.create(at: url)
        let (coder, segment) = try written.write { db in try StoreFixture.write(db) }
        try written.close()

        let store = try ProjectStore.open(at: url)
        try store.read { db in
            let studyCase = try #require(try StudyCase.fetchOne(db, key: "PAR1"))
            #expect(studyCase == StudyCase(id: "PAR1", sector: "PAR", label: "Partnership site", guid: "g-case",
                                           attributes: ["region": "North"]))
            let participant = try #require(try Participant.fetchOne(db, key: "PAR1PW01"))
            #expect(participant.role == "PW" && participant.caseID == "PAR1" && participant.attributes == ["years": "3"])
            #expect(try Coder.fetchAll(db) == [coder])
            let document = try #require(try Document.fetchOne(db, key: "doc1"))
            #expect(document.text == StoreFixture.text)
            #expect(document.contentHash == Document.contentHash(of: StoreFixture.text))
            #expect(document.metadata == ["source": "test"])
            let storedSegment = try #require(try Segment.fetchOne(db, key: segment.id))
            #expect(storedSegment == segment)
            #expect(try storedSegment.excerpt(of: document.text) == "Line two — hope 🌱.")
            let codings = try Coding.fetchAll(db, sql: "SELECT * FROM codings ORDER BY id")
            #expect(codings.map(\.target) == [.code("cm.rolemodel.hope"), .bct("6.2"), .principle("P3")])
            #expect(codings.allSatisfy { $0.memo?.hasPrefix("memo") == true && $0.createdAt == "2024-05-01T10:00:00Z" })
            let codes = try Code.fetchAllWithMappings(db)
            #expect(Set(codes) == Set(Codebook.builtIn("change-model")!.codes))
            #expect(try Codebook.fetchAll(db) == [Codebook.builtIn("change-model")!])
        }
        let counts = try store.counts()
        #expect(counts.cases == 1 && counts.participants == 1 && counts.participantsByRole == ["PW": 1])
        #expect(counts.codings == 3 && counts.codeCodings == 1 && counts.bctCodings == 1 && counts.principleCodings == 1)
        #expect(counts.codes == 18 && counts.codebooks == 1 && counts.segments == 1 && counts.multiplyCodedSegments == 0)
    }

    @Test("a failing batch leaves the store unchanged")
    func transactions() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in try StudyCase(id: "STA1").insert(db) }
        #expect(throws: DatabaseError.self) {
            try store.write { db in
                try StudyCase(id: "STA2").insert(db)
                try Participant(id: "STA2SU01").insert(db)
                try StudyCase(id: "STA1").insert(db)  // primary key clash ends the batch
            }
        }
        #expect(try store.counts().cases == 1)
        #expect(try store.counts().participants == 0)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.write { db in
                try StudyCase(id: "STA3").insert(db)
                throw Stop()
            }
        }
        #expect(try store.read { db in try StudyCase.fetchAll(db).map(\.id) } == ["STA1"])
    }

    @Test("foreign keys and the coding target check are enforced")
    func constraints() throws {
        let store = try ProjectStore.inMemory()
        #expect(throws: DatabaseError.self) {
            try store.write { db in try Participant(id: "VOL1PW01").insert(db) }  // case VOL1 does not exist
        }
        try store.write { db in try StoreFixture.write(db) }
        #expect(throws: DatabaseError.self) {
            try store.write { db in
                try db.execute(sql: "INSERT INTO codings (segment_id, bct_id, principle_id, coder_id) VALUES (1, '3.1', 'P1', 1)")
            }
        }
        #expect(throws: DatabaseError.self) {
            try store.write { db in
                try db.execute(sql: "INSERT INTO segments (document_id, start, end) VALUES ('doc1', 5, 2)")
            }
        }
        #expect(try store.counts().codings == 3)
    }

    @Test("a malformed coding row is reported, not misread")
    func malformedRows() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try StoreFixture.write(db)
            try db.execute(sql: "UPDATE cases SET attributes = '[1,2]'")
        }
        #expect(throws: CorpusError.invalidJSONColumn(table: "cases", column: "attributes", rowID: "PAR1")) {
            try store.read { db in try StudyCase.fetchAll(db) }
        }
    }

    @Test("opening refuses missing files, non-SQLite files and other SQLite databases")
    func rejectsBadFiles() throws {
        let directory = try StoreTestDirectory()
        let missing = directory.file("missing.peerdb")
        #expect(throws: ProjectStoreError.fileNotFound(path: missing.path)) { try ProjectStore.open(at: missing) }

        let text = directory.file("notes.peerdb")
        try Data("These are plain notes, long enough to fill a header of one hundred bytes or so. ".utf8).write(to: text)
        #expect(throws: ProjectStoreError.notSQLite(path: text.path)) { try ProjectStore.open(at: text) }

        let other = directory.file("other.sqlite")
        let queue = try DatabaseQueue(path: other.path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (x); PRAGMA application_id = 42") }
        try queue.close()
        #expect(throws: ProjectStoreError.notAProject(path: other.path, applicationID: 42)) { try ProjectStore.open(at: other) }
        // The refused file is left exactly as it was: still no WAL, still its own id.
        let check = try DatabaseQueue(path: other.path)
        #expect(try check.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "delete")
        try check.close()

        let empty = directory.file("empty.peerdb")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        #expect(throws: ProjectStoreError.notAProject(path: empty.path, applicationID: 0)) { try ProjectStore.open(at: empty) }
        #expect(ProjectStoreError.notAProject(path: "x", applicationID: 42).description.contains("0x0000002A"))
    }

    @Test("a project from a newer version is refused")
    func newerVersion() throws {
        let directory = try StoreTestDirectory()
        let url = directory.file("future.peerdb")
        try ProjectStore.create(at: url).close()
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try queue.close()
        #expect(throws: ProjectStoreError.newerVersion(path: url.path, found: 99, supported: ProjectSchema.version)) {
            try ProjectStore.open(at: url)
        }
        #expect(ProjectStoreError.newerVersion(path: "f", found: 99, supported: 1).description.contains("update PeerScript"))
    }

    @Test("create refuses to overwrite an existing file")
    func createRefusesExisting() throws {
        let directory = try StoreTestDirectory()
        let url = directory.file("taken.peerdb")
        try Data("x".utf8).write(to: url)
        #expect(throws: ProjectStoreError.alreadyExists(path: url.path)) { try ProjectStore.create(at: url) }
    }

    @Test("an older project is migrated forward on open, and only when writable")
    func migratesOlderFiles() throws {
        let directory = try StoreTestDirectory()
        let url = directory.file("old.peerdb")
        // A version-0 project: marked as PeerScript but without any schema yet.
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in try db.execute(sql: "PRAGMA application_id = \(ProjectSchema.applicationID)") }
        try queue.close()
        #expect(throws: ProjectStoreError.needsMigration(path: url.path, found: 0, current: ProjectSchema.version)) {
            try ProjectStore.open(at: url, readOnly: true)
        }
        let store = try ProjectStore.open(at: url)
        #expect(try store.schemaVersion() == ProjectSchema.version)
        #expect(try store.counts() == ProjectCounts())
        try store.close()
        let reader = try ProjectStore.open(at: url, readOnly: true)
        #expect(reader.isReadOnly)
        #expect(throws: DatabaseError.self) { try reader.write { db in try StudyCase(id: "X1").insert(db) } }
    }

    @Test("migration steps run in order, each in its own transaction")
    func migratorSteps() throws {
        let queue = try DatabaseQueue()
        let steps = ProjectSchema.migrations + [
            ProjectMigration(version: 2) { db in try db.execute(sql: "CREATE TABLE extra (x)") },
            ProjectMigration(version: 3) { db in
                try db.execute(sql: "CREATE TABLE doomed (x)")
                try db.execute(sql: "THIS IS NOT SQL")
            },
        ]
        #expect(throws: DatabaseError.self) { try ProjectMigrator(migrations: steps).migrate(queue) }
        let state = try queue.read { db in
            (try ProjectMigrator.userVersion(db), try db.tableExists("extra"), try db.tableExists("doomed"))
        }
        #expect(state.0 == 2)
        #expect(state.1)
        #expect(!state.2)
        // Running again applies nothing twice: version 1 and 2 are skipped, 3 still fails alone.
        #expect(throws: DatabaseError.self) { try ProjectMigrator(migrations: steps).migrate(queue) }
        try ProjectMigrator(migrations: Array(steps.prefix(2))).migrate(queue)
        #expect(try queue.read { db in try ProjectMigrator.userVersion(db) } == 2)
    }
}
