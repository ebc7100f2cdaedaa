@testable import CorpusQuery
import Foundation
import GRDB
import ProjectStorage
import Testing

/// The commands that change a project leave its column cache current, so the next run reads
/// segments and codings in bulk and sees exactly what the tables hold.
@Suite("Column cache after commands", .timeLimit(.minutes(3)))
struct ColumnCacheCommandTests {
    /// Whether a load of the project would come from its cache, and whether that load equals
    /// one that reads the tables.
    static func cacheState(_ path: String) throws -> (used: Bool, matches: Bool) {
        let store = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: true)
        defer { try? store.close() }
        var cached = CorpusLoader(taxonomy: .standard, principles: .standard)
        var stepped = CorpusLoader(taxonomy: .standard, principles: .standard)
        let fromCache = try store.read { try cached.load($0) }
        let fromTables = try store.read { try stepped.load($0, usingCache: false) }
        return (cached.restoredFromCache, fromCache == fromTables)
    }

    @Test func generateWriteRunAndUndoLeaveACurrentCache() throws {
        let project = try WritableProject()
        #expect(try Self.cacheState(project.path) == (true, true), "after generate")
        let wrote = try project.run(["--write"], chunk: #"""
            project.add_code{ id = "ind", label = "Inductive", codebook = "project" }
            project.map_code{ code = "ind", bct = "1.1" }
            local doc = corpus.values("document.id")[1]
            project.code_spans({ { document = doc, start = 0, ["end"] = 5 } }, { code = "ind" })
            """#)
        #expect(wrote.status == 0, "\(wrote.stderr)")
        #expect(try Self.cacheState(project.path) == (true, true), "after a writing run")
        let undone = try PeerScriptCLI.run(["undo", "--project", project.path], in: project.folder.url, bound: 60)
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(try Self.cacheState(project.path) == (true, true), "after undo")
    }

    /// Another program that drops the table but leaves its triggers must not make the
    /// project unwritable: opening it for writing makes the table again.
    @Test func aDroppedTableWithItsTriggersLeftIsMadeAgain() throws {
        let project = try WritableProject()
        let queue = try DatabaseQueue(path: project.path)
        try queue.write { try $0.execute(sql: "DROP TABLE column_cache") }
        try queue.close()
        let wrote = try project.run(["--write"], chunk: #"project.add_code{ id = "ind", label = "Inductive", codebook = "project" }"#)
        #expect(wrote.status == 0, "\(wrote.stderr)")
        #expect(try Self.cacheState(project.path) == (true, true))
    }

    /// A read-only run neither makes nor changes the cache, and another program's write
    /// empties it, after which runs read the tables and see that write.
    @Test func readingRunsKeepTheFileAndOtherWritersEmptyTheCache() throws {
        let project = try WritableProject()
        let before = try project.fileHash()
        let read = try project.run([], chunk: "print(corpus.codings():count())")
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try project.fileHash() == before)
        let queue = try DatabaseQueue(path: project.path)
        try queue.write { try $0.execute(sql: "DELETE FROM codings WHERE id = (SELECT max(id) FROM codings)") }
        let remaining = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM codings") ?? -1 }
        try queue.close()
        #expect(try Self.cacheState(project.path) == (false, true))
        let counted = try project.run([], chunk: "print(corpus.codings():count())")
        #expect(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(remaining))
    }
}
