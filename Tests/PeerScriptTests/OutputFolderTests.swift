import Foundation
import LuaBridge
@testable import PeerScript
import Testing

/// A working folder for hostile-output tests: `out/` is the output folder, `elsewhere.txt`
/// and `elsewhere/` lie outside it.
private final class OutputScene {
    let folder: TemporaryFolder
    var root: URL { folder.url }
    var out: URL { root.appendingPathComponent("out") }

    init() throws {
        folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        try folder.write("original\n", to: "elsewhere.txt")
    }

    /// Runs `chunk` with `out/` as the output folder (plus `extra` options).
    func run(_ chunk: String, _ extra: [String] = []) throws -> PeerScriptCLI.Result {
        try PeerScriptCLI.run(["run", "--out", out.path] + extra + ["-e", chunk], in: root)
    }

    func text(_ relative: String) -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(relative).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool {
        var info = stat()
        return lstat(root.appendingPathComponent(relative).path, &info) == 0
    }

    func mode(_ relative: String) -> mode_t {
        var info = stat()
        _ = lstat(root.appendingPathComponent(relative).path, &info)
        return info.st_mode
    }

    func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(relative).path,
                                                   withDestinationPath: destination)
    }
}

/// Lua source for a string literal.
private func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

@Suite("Scripts write only new files inside the output folder", .timeLimit(.minutes(2)))
struct OutputFolderTests {
    @Test func defaultOutputFolderIsOutputUnderTheCurrentFolder() throws {
        let folder = try TemporaryFolder()
        let quiet = try PeerScriptCLI.run(["run", "-e", "print(peerscript.output)"], in: folder.url)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout.hasSuffix("/output\n"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("output").path),
                "the folder is made on the first write only")
        let result = try PeerScriptCLI.run(["run", "-e", "print(peerscript.write('notes.md', 'x'))"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("/output/notes.md\n"))
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("output/notes.md").path))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("notes.md").path))
    }

    @Test func sessionOptionsDefaultToTheOutputFolder() {
        let expected = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("output")
        #expect(ScriptOptions().outputFolder.standardizedFileURL.path == expected.standardizedFileURL.path)
    }

    @Test(arguments: [".git/config", ".git/hooks/pre-commit", ".env", "sub/.hidden", "a/./.b/c.txt",
                      "..", "../escape.txt", "a/../../escape.txt", "a/..", "/etc/peerscript-never"])
    func hiddenAndParentNamesAreRefused(name: String) throws {
        let scene = try OutputScene()
        try FileManager.default.createDirectory(at: scene.out.appendingPathComponent(".git/hooks"), withIntermediateDirectories: true)
        let result = try scene.run("peerscript.write(\(quoted(name)), 'x')")
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write '\(name)'"), "\(result.stderr)")
        #expect(!scene.exists("out/.git/config") && !scene.exists("out/.git/hooks/pre-commit"))
        #expect(!scene.exists("out/.env") && !scene.exists("out/sub") && !scene.exists("escape.txt"))
    }

    @Test func aDotNameIsRefusedWithAClearMessage() throws {
        let scene = try OutputScene()
        let result = try scene.run("peerscript.write('.git/config', 'x')")
        #expect(result.stderr.hasPrefix("peerscript: (command line):1: cannot write '.git/config': '.git' starts with a dot; scripts may not write hidden files or leave the output folder \(scene.out.path) (run with --trusted to allow it)"),
                "\(result.stderr)")
    }

    @Test func anExecutableTargetIsReplacedByAPlainFile() throws {
        let scene = try OutputScene()
        try scene.folder.write("#!/bin/sh\necho old\n", to: "out/pre-commit")
        chmod(scene.out.appendingPathComponent("pre-commit").path, 0o4755)
        let result = try scene.run("peerscript.write('pre-commit', 'echo new\\n')")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(scene.text("out/pre-commit") == "echo new\n")
        let mode = scene.mode("out/pre-commit")
        #expect(mode & S_IFMT == S_IFREG)
        #expect(mode & 0o7777 & ~0o644 == 0, "mode \(String(mode & 0o7777, radix: 8)) keeps bits of the old file")
    }

    @Test func aHardLinkAtTheTargetIsNotWrittenThrough() throws {
        let scene = try OutputScene()
        #expect(link(scene.root.appendingPathComponent("elsewhere.txt").path, scene.out.appendingPathComponent("shared.txt").path) == 0)
        let result = try scene.run("peerscript.write('shared.txt', 'new')")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(scene.text("out/shared.txt") == "new")
        #expect(scene.text("elsewhere.txt") == "original\n")
    }

    @Test func aSymbolicLinkAtTheTargetIsReplacedNotFollowed() throws {
        let scene = try OutputScene()
        try scene.link("out/link.txt", to: scene.root.appendingPathComponent("elsewhere.txt").path)
        try scene.link("out/dangling.txt", to: scene.root.appendingPathComponent("created.txt").path)
        let result = try scene.run("peerscript.write('link.txt', 'new'); peerscript.write('dangling.txt', 'new')")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(scene.text("elsewhere.txt") == "original\n")
        #expect(!scene.exists("created.txt"))
        #expect(scene.mode("out/link.txt") & S_IFMT == S_IFREG)
        #expect(scene.text("out/link.txt") == "new" && scene.text("out/dangling.txt") == "new")
    }

    @Test(arguments: ["dirlink/x.txt", "dirlink/sub/y.txt", "inner/dirlink/x.txt", "dangling/x.txt"])
    func linkedFoldersInsideTheOutputFolderAreRefused(name: String) throws {
        let scene = try OutputScene()
        try FileManager.default.createDirectory(at: scene.out.appendingPathComponent("inner"), withIntermediateDirectories: true)
        try scene.link("out/dirlink", to: scene.root.appendingPathComponent("elsewhere").path)
        try scene.link("out/inner/dirlink", to: "../../elsewhere")
        try scene.link("out/dangling", to: scene.root.appendingPathComponent("missing").path)
        let result = try scene.run("peerscript.write(\(quoted(name)), 'x')")
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write '\(name)'") && result.stderr.contains("symbolic link"), "\(result.stderr)")
        let outside = try FileManager.default.contentsOfDirectory(atPath: scene.root.appendingPathComponent("elsewhere").path)
        #expect(outside.isEmpty)
        #expect(!scene.exists("missing"))
    }

    @Test func tableChartAndReportWritesFollowTheSameRules() throws {
        let scene = try OutputScene()
        try scene.folder.write("old", to: "out/report.html")
        chmod(scene.out.appendingPathComponent("report.html").path, 0o755)
        let result = try scene.run("""
            local t = corpus.codings():crosstab("participant.role", "bct.group")
            local function refused(f) local ok, e = pcall(f); assert(not ok); print(e) end
            refused(function() t:write(".git/t.csv") end)
            refused(function() t:plot{ kind = "heatmap" }:write("../c.svg") end)
            refused(function() report.new{ title = "r" }:write(".hidden/r.html") end)
            t:write("t.csv")
            report.new{ title = "r" }:write("report.html")
            """)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains("cannot write '") })
        #expect(!scene.exists("out/.git") && !scene.exists("c.svg") && !scene.exists("out/.hidden"))
        #expect(scene.text("out/t.csv")?.isEmpty == false)
        #expect(scene.mode("out/report.html") & 0o111 == 0)
        #expect(scene.text("out/report.html")?.hasPrefix("<!DOCTYPE html>") == true)
    }

    @Test func trustedScriptsMayWriteAnywhere() throws {
        let scene = try OutputScene()
        try scene.link("out/dirlink", to: scene.root.appendingPathComponent("elsewhere").path)
        let absolute = scene.root.appendingPathComponent("absolute.txt").path
        let result = try scene.run("""
            peerscript.write(".hidden/x.txt", "h")
            peerscript.write("dirlink/through.txt", "t")
            peerscript.write(\(quoted(absolute)), "a")
            peerscript.write("../up.txt", "u")
            """, ["--trusted"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(scene.text("out/.hidden/x.txt") == "h")
        #expect(scene.text("elsewhere/through.txt") == "t")
        #expect(scene.text("absolute.txt") == "a")
        #expect(scene.text("up.txt") == "u")
    }

    @Test func theReplUsesTheSameOutputFolderRules() throws {
        let scene = try OutputScene()
        try scene.link("out/dirlink", to: scene.root.appendingPathComponent("elsewhere").path)
        var options = ScriptOptions()
        options.timeout = 30
        options.outputFolder = scene.out
        let engine = try ReplEngine(options: options, folder: scene.root.path, notice: { _ in })
        let hidden = engine.submit("peerscript.write('.git/config', 'x')")
        #expect(hidden.error?.contains("cannot write '.git/config'") == true, "\(hidden)")
        let linked = engine.submit("peerscript.write('dirlink/x.txt', 'x')")
        #expect(linked.error?.contains("symbolic link") == true, "\(linked)")
        let plain = engine.submit("peerscript.write('plain.txt', 'x')")
        #expect(plain.error == nil)
        #expect(!scene.exists("out/.git") && !scene.exists("elsewhere/x.txt"))
        #expect(scene.text("out/plain.txt") == "x")
    }
}

@Suite("The default output folder is not followed through a link", .timeLimit(.minutes(3)))
struct DefaultOutputLinkTests {
    @Test func anOutputLinkInTheCurrentFolderIsRefused() throws {
        let folder = try TemporaryFolder()
        let elsewhere = folder.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let work = folder.url.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: work.appendingPathComponent("output").path, withDestinationPath: elsewhere.path)
        let result = try PeerScriptCLI.run(["run", "-e", "peerscript.write('authorized_keys', 'x')"], in: work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write 'authorized_keys': 'output' is a symbolic link"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        let chosen = try PeerScriptCLI.run(["run", "--out", "output", "-e", "peerscript.write('x.txt', 'x')"], in: work)
        #expect(chosen.status == 1, "--out output names the default folder, with the same rule")
        let other = try PeerScriptCLI.run(["run", "--out", elsewhere.path, "-e", "peerscript.write('x.txt', 'x')"], in: work)
        #expect(other.status == 0, "\(other.stderr)")
    }
}
