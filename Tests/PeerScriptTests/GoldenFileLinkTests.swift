import Foundation
import Testing

/// Hostile test files: golden names that reach outside the test file's folder through links,
/// or that name hidden files, are refused when reading and when updating.
@Suite("Golden files stay inside the test file's folder", .timeLimit(.minutes(2)))
struct GoldenFileLinkTests {
    private func symlink(_ path: URL, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path.path, withDestinationPath: destination)
    }

    @Test func aLinkedFolderIsNotReadThrough() throws {
        let folder = try TemporaryFolder()
        try symlink(folder.url.appendingPathComponent("sys"), to: "/etc")
        try folder.write(#"test("leak", function() expect("x").to.match_golden("sys/passwd") end)"#, to: "leak_test.lua")
        for arguments in [["test"], ["test", "--update"]] {
            let result = try PeerScriptCLI.run(arguments, in: folder.url)
            #expect(result.status == 1)
            #expect(!result.stdout.contains("root:"), "\(result.stdout)")
            #expect(result.stdout.hasPrefix("leak_test.lua:1: leak: golden file sys/passwd leads outside the test file's folder"),
                    "\(result.stdout)")
        }
    }

    @Test func aGoldenLinkedToAFileOutsideIsNeitherReadNorReplaced() throws {
        let folder = try TemporaryFolder()
        try folder.write("secret line\n", to: "secret.txt")
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("a/golden"), withIntermediateDirectories: true)
        try symlink(folder.url.appendingPathComponent("a/golden/out.txt"), to: folder.url.appendingPathComponent("secret.txt").path)
        try folder.write(#"test("link", function() expect("x").to.match_golden("golden/out.txt") end)"#, to: "a/link_test.lua")
        let compared = try PeerScriptCLI.run(["test"], in: folder.url)
        #expect(compared.status == 1)
        #expect(!compared.stdout.contains("secret line"), "\(compared.stdout)")
        #expect(compared.stdout.contains("golden file a/golden/out.txt leads outside the test file's folder"))
        let updated = try PeerScriptCLI.run(["test", "--update"], in: folder.url)
        #expect(updated.status == 1)
        #expect(try String(contentsOf: folder.url.appendingPathComponent("secret.txt"), encoding: .utf8) == "secret line\n")
    }

    @Test func updatingDoesNotWriteThroughALinkedFolder() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("outside"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("a"), withIntermediateDirectories: true)
        try symlink(folder.url.appendingPathComponent("a/dirlink"), to: folder.url.appendingPathComponent("outside").path)
        try folder.write(#"test("through", function() expect("x").to.match_golden("dirlink/sub/x.txt") end)"#, to: "a/through_test.lua")
        let result = try PeerScriptCLI.run(["test", "--update"], in: folder.url)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("golden file a/dirlink/sub/x.txt"), "\(result.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("outside").path).isEmpty)
    }

    @Test(arguments: [".git/hooks/pre-commit", ".git/config", "golden/.hidden"])
    func hiddenGoldenNamesAreRefused(name: String) throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent(".git/hooks"), withIntermediateDirectories: true)
        try folder.write(#"test("hook", function() expect("echo pwned").to.match_golden("\#(name)") end)"#, to: "hook_test.lua")
        let result = try PeerScriptCLI.run(["test", "--update"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("hook_test.lua:1: hook: golden file name '\(name)' must not have a part that starts with a dot"),
                "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(name).path))
    }

    @Test func anUpdatedGoldenIsANewPlainFile() throws {
        let folder = try TemporaryFolder()
        let executable = try folder.write("old\n", to: "golden/h.txt")
        chmod(executable, 0o755)
        let outside = try folder.write("original\n", to: "outside.txt")
        let linked = folder.url.appendingPathComponent("golden/g.txt").path
        #expect(link(outside, linked) == 0)
        try folder.write("""
            test("g", function() expect("new").to.match_golden("golden/g.txt") end)
            test("h", function() expect("new").to.match_golden("golden/h.txt") end)
            """, to: "g_test.lua")
        let result = try PeerScriptCLI.run(["test", "--update"], in: folder.url)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try String(contentsOfFile: linked, encoding: .utf8) == "new\n")
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "original\n")
        var info = stat()
        #expect(lstat(executable, &info) == 0 && info.st_mode & 0o111 == 0)
    }
}
