import Foundation
import LuaBridge
import Testing

/// `OutputFolder` on its own: names, folders made on the way, and what is at the target.
@Suite("Output folder writes", .timeLimit(.minutes(3)))
struct OutputFolderUnitTests {
    private let base = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-out-\(UUID().uuidString)")
    private var root: URL { base.appendingPathComponent("out") }

    private func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test func theFolderAndMissingSubfoldersAreMadeOnWrite() throws {
        defer { try? FileManager.default.removeItem(at: base) }
        let folder = OutputFolder(root: root)
        #expect(!FileManager.default.fileExists(atPath: root.path))
        let url = try folder.write(Data("x".utf8), to: "a/./b//c.csv")
        #expect(url.path == root.path + "/a/b/c.csv")
        #expect(FileManager.default.contents(atPath: url.path) == Data("x".utf8))
        let absolute = try folder.write(Data("y".utf8), to: root.path + "/d.txt")
        #expect(absolute.path == root.path + "/d.txt")
        let temporary = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }
        #expect(temporary.isEmpty, "no temporary file is left behind")
    }

    @Test func badNamesAreRefusedWithTheirReason() throws {
        defer { try? FileManager.default.removeItem(at: base) }
        let folder = OutputFolder(root: root)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("folder"), withIntermediateDirectories: true)
        try Data("f".utf8).write(to: root.appendingPathComponent("file.txt"))
        #expect(message { try folder.write(Data(), to: "") } == "the file name is empty")
        #expect(message { try folder.write(Data(), to: "a\0b") } == "cannot write 'a\0b': the name holds a NUL character")
        #expect(message { try folder.write(Data(), to: "folder") } == "cannot write 'folder': a folder of that name is there")
        #expect(message { try folder.write(Data(), to: "sub/") } == "cannot write 'sub/': the name is a folder, not a file")
        #expect(message { try folder.write(Data(), to: "file.txt/x.csv") } == "cannot write 'file.txt/x.csv': 'file.txt' is a file, not a folder")
        #expect(message { try folder.write(Data(), to: "a/.b/c") }?.hasPrefix("cannot write 'a/.b/c': '.b' starts with a dot") == true)
        #expect(message { try folder.write(Data(), to: "/tmp/x") }?.hasPrefix("cannot write '/tmp/x': scripts write only inside the output folder") == true)
    }

    @Test func aFailedFormatLeavesNothingBehind() throws {
        defer { try? FileManager.default.removeItem(at: base) }
        struct Refused: Error {}
        #expect(throws: Refused.self) { try OutputFolder(root: root).write("x.bad") { _ in throw Refused() } }
        #expect(!FileManager.default.fileExists(atPath: root.path))
    }

    @Test func trustedWritesGoThroughDevicesAndLinks() throws {
        defer { try? FileManager.default.removeItem(at: base) }
        let folder = OutputFolder(root: root, unrestricted: true)
        try folder.write(Data("gone".utf8), to: "/dev/null")
        var info = stat()
        #expect(lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let target = base.appendingPathComponent("target.txt")
        try Data("old".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.txt").path, withDestinationPath: target.path)
        try folder.write(Data("new".utf8), to: "link.txt")
        #expect(FileManager.default.contents(atPath: target.path) == Data("new".utf8))
        try folder.write(Data("up".utf8), to: "../up.txt")
        #expect(FileManager.default.contents(atPath: base.appendingPathComponent("up.txt").path) == Data("up".utf8))
    }
}
