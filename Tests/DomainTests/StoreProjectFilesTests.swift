import Foundation
import ProjectStorage
import Testing

/// The store says which files make up a project, so moving or removing one takes them all.
@Suite("Project files")
struct StoreProjectFilesTests {
    @Test func anOpenProjectsSideFilesAreListedAndRemovedWithIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("p.peerdb")
        let store = try ProjectStore.create(at: url)
        try store.write { db in try ProjectStore.setMeta(db, "note", "written") }
        let listed = ProjectStore.files(at: url).map(\.lastPathComponent)
        #expect(listed.first == "p.peerdb")
        let present = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(Set(present).isSubset(of: Set(listed)), "\(present) not all in \(listed)")
        #expect(present.contains("p.peerdb-wal"), "an open project in WAL mode keeps its log beside it")
        try store.close()
        try Data("stale".utf8).write(to: folder.appendingPathComponent("p.peerdb-journal"))
        try ProjectStore.removeFiles(at: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        try ProjectStore.removeFiles(at: url)
    }
}
