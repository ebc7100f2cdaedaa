import ArgumentParser
import Foundation
import PeerScript
import Testing
@testable import PeerScriptCLI

/// `peerscript run FILE [ARG ...]` with no option starts without the argument parser; these
/// check that it means exactly what the parser would have made of the same command line.
@Suite("plain run command lines")
struct PlainRunTests {
    /// A script that exists, so the shortcut may take command lines that name it.
    static let script: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-plain-run.lua")
        try? Data("print(...)\n".utf8).write(to: url)
        return url.path
    }()

    /// Words a command line may hold after `run`: values, options, option-like values,
    /// separators and a name the parser knows as a command.
    static let words = [script, "x", "help", "run", "", "a b", "k=v", "ünï", "5", "-e", "print(1)",
                        "--timeout", "--trusted", "--write", "--dry-run", "--", "-", "-h", "--help",
                        "--project", "/no/such/project.peerdb", "/no/such/script.lua"]

    /// Every command line of `run` and up to three words, with the script first in some.
    static var commandLines: [[String]] {
        var lines: [[String]] = [["run"]]
        var frontier: [[String]] = [["run"]]
        for _ in 1...3 {
            frontier = frontier.flatMap { line in words.map { line + [$0] } }
            lines += frontier
        }
        return lines
    }

    @Test func takesEveryPlainRunOfAnExistingScript() {
        #expect(ScriptRun.plain(["run", Self.script])?.arguments == [Self.script])
        #expect(ScriptRun.plain(["run", Self.script, "a", "help", ""])?.arguments == [Self.script, "a", "help", ""])
    }

    @Test func leavesEveryOtherCommandLineToTheParser() {
        for line in [["run"], ["run", "/no/such/script.lua"], ["run", Self.script, "--trusted"],
                     ["run", Self.script, "--", "x"], ["run", "-e", "print(1)"], ["repl", Self.script],
                     ["run", Self.script, "-"], ["--version"], [], ["help", "run"]] {
            #expect(ScriptRun.plain(line) == nil, "\(line)")
        }
    }

    /// For each command line the shortcut takes, the parser makes a `run` with the same
    /// arguments and options that produce the same script options.
    @Test func meansWhatTheParserMeans() throws {
        var taken = 0
        for line in Self.commandLines {
            guard let plain = ScriptRun.plain(line) else { continue }
            taken += 1
            let parsed = try #require(try PeerScriptCommand.parseAsRoot(line) as? RunCommand, "\(line)")
            #expect(parsed.execute == nil && parsed.arguments == plain.arguments, "\(line)")
            #expect(parsed.script.settings == .standard, "\(line)")
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
