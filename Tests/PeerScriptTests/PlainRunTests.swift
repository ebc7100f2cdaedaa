import ArgumentParser
import Foundation
import PeerScript
import Testing
@testable import PeerScriptCLI

/// `peerscript run FILE [ARG ...]` with no option starts without the argument parser; these
/// check that it means exactly what the parser would have made of the same command line.
@Suite("plain run command lines", .timeLimit(.minutes(5)))
struct PlainRunTests {
    /// A script that exists, so the shortcut may take command lines that name it.
    static let script: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-plain-run.lua")
        try? Data("print(...)\n".utf8).write(to: url)
        return url.path
    }()

    /// A file standing for a project: the shortcut only checks that it exists.
    static let project: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-plain-run.peerdb")
        try? Data().write(to: url)
        return url.path
    }()

    /// Words a command line may hold after `run`: values, options, option-like values,
    /// separators and a name the parser knows as a command.
    static let words = [script, "x", "help", "run", "", "a b", "k=v", "ünï", "5", "-e", "print(1)",
                        "--timeout", "--trusted", "--write", "--dry-run", "--", "-", "-h", "--help",
                        "--project", project, "--project=\(project)", "/no/such/project.peerdb",
                        "/no/such/script.lua"]

    /// Every command line of `run` and up to three words, and of `run --project PROJECT` and
    /// up to two.
    static var commandLines: [[String]] {
        func extended(_ start: [String], by count: Int) -> [[String]] {
            var lines = [start], frontier = [start]
            for _ in 0..<count {
                frontier = frontier.flatMap { line in words.map { line + [$0] } }
                lines += frontier
            }
            return lines
        }
        return extended(["run"], by: 3) + extended(["run", "--project", project], by: 2)
    }

    @Test func takesEveryPlainRunOfAnExistingScript() {
        #expect(ScriptRun.plain(["run", Self.script])?.arguments == [Self.script])
        #expect(ScriptRun.plain(["run", Self.script, "a", "help", ""])?.arguments == [Self.script, "a", "help", ""])
        let withProject = ScriptRun.plain(["run", "--project", Self.project, Self.script, "x"])
        #expect(withProject?.arguments == [Self.script, "x"])
        #expect(withProject?.project == Self.project && withProject?.options.projectPath == Self.project)
    }

    @Test func leavesEveryOtherCommandLineToTheParser() {
        for line in [["run"], ["run", "/no/such/script.lua"], ["run", Self.script, "--trusted"],
                     ["run", Self.script, "--", "x"], ["run", "-e", "print(1)"], ["repl", Self.script],
                     ["run", Self.script, "-"], ["--version"], [], ["help", "run"],
                     ["run", "--project", "/no/such/project.peerdb", Self.script], ["run", "--project", Self.project],
                     ["run", Self.script, "--project", Self.project], ["run", "--project=\(Self.project)", Self.script]] {
            #expect(ScriptRun.plain(line) == nil, "\(line)")
        }
    }

    /// For each command line the shortcut takes, the parser makes a `run` with the same
    /// arguments and options that produce the same script options.
    ///
    /// Parsing is slow in a debug build, so this takes seconds of CPU: it yields between
    /// lines, so that it never holds one of the few threads the other tests run on (tests
    /// waiting behind it ran past their time limits).
    @Test func meansWhatTheParserMeans() async throws {
        var taken = 0
        for line in Self.commandLines {
            guard let plain = ScriptRun.plain(line) else { continue }
            taken += 1
            await Task.yield()
            let parsed = try #require(try PeerScriptCommand.parseAsRoot(line) as? RunCommand, "\(line)")
            #expect(parsed.execute == nil && parsed.arguments == plain.arguments, "\(line)")
            #expect(parsed.script.settings == ScriptSettings(project: plain.project), "\(line)")
            var options = try parsed.script.scriptOptions()
            parsed.changes.apply(to: &options)
            #expect(Self.summary(options) == Self.summary(plain.options), "\(line)")
            #expect(parsed.script.project == plain.project)
        }
        #expect(taken > 100)
    }

    /// The parts of script options a command line sets.
    static func summary(_ options: ScriptOptions) -> String {
        "\(options.trusted) \(String(describing: options.timeout)) \(String(describing: options.memoryLimitMB)) "
            + "\(options.exitsWhenStuck) \(String(describing: options.projectPath)) \(options.outputFolder.path) "
            + "\(options.changes) \(options.writeAdvice) \(options.demoCorpusNotice) \(options.sandboxAdvice) "
            + "\(options.extraLibraryFolders)"
    }
}
