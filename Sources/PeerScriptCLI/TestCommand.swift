import ArgumentParser
import Foundation
import PeerScript

/// `peerscript test`: runs Lua test files and reports failures with their `file:line`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run Lua test files (*_test.lua).",
        discussion: """
            Each test file runs in a fresh sandboxed session against the demo corpus (or \
            --project) and declares tests with describe/it (or test) and expect: \
            expect(x).to.equal(y), .to.be_near(y, tolerance), .to.contain(item), .to.match(pattern), \
            .to.be_nil(), .to.be_truthy(), expect(fn).to.fail("part of the message"), \
            expect(text).to.match_golden("name.golden"); not_to negates. See docs/testing.md.

            Prints one line per failure (file:line: test: message, details indented below it), \
            then `N passed, M failed`. Exit status: 0 when every test passed, 1 when any failed \
            or none ran, 130 when interrupted with Ctrl-C.
            """
    )

    @OptionGroup var script: ScriptOptionsGroup

    @Flag(help: "Rewrite golden files with the current output instead of comparing against them.")
    var update = false

    @Argument(help: ArgumentHelp("Test files, or folders searched recursively for *_test.lua (default: the current folder).",
                                 valueName: "PATH"))
    var paths: [String] = []

    func run() throws {
        let files: [String]
        do {
            files = try TestDiscovery.files(in: paths.isEmpty ? ["."] : paths)
        } catch let error as TestDiscoveryError {
            throw ValidationError(error.description)
        }
        var options = try script.scriptOptions()
        // Without --out, what tests write goes to a scratch folder, not the working tree.
        let scratch = script.outputFolder == nil ? try makeScratchFolder() : nil
        defer { scratch.map { try? FileManager.default.removeItem(at: $0) } }
        if let scratch { options.outputFolder = scratch }

        let runner = TestRunner(options: options, updatesGoldens: update)
        let report = runner.run(files) { failure in print(failure) }
        for golden in report.updatedGoldens { print("updated \(golden)") }
        if files.isEmpty {
            FileHandle.standardError.write(Data("peerscript: no *_test.lua files found in \((paths.isEmpty ? ["."] : paths).joined(separator: ", "))\n".utf8))
        }
        print(report.summary)
        if report.interrupted { throw ExitCode(130) }
        if !report.succeeded { throw ExitCode.failure }
    }

    private func makeScratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
