import Foundation
import Testing

/// Every example in `Examples/` runs on the demo corpus and prints exactly its golden output
/// (`Examples/golden/NAME.txt`). Set PEERSCRIPT_UPDATE_GOLDENS=1 to rewrite the goldens.
/// Examples whose usage line reads `peerscript run --write Examples/NAME.lua` run with `--write`.
@Suite("Examples print their golden output", .timeLimit(.minutes(3)))
struct ExampleTests {
    static let examples: [String] = {
        let folder = PeerScriptCLI.repository.appendingPathComponent("Examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") && !$0.hasSuffix("_test.lua") }.sorted()
    }()

    @Test func everyExampleHasAGolden() {
        #expect(Self.examples.contains("bcts_by_role.lua"))
        for example in Self.examples {
            let golden = goldenURL(example)
            #expect(FileManager.default.fileExists(atPath: golden.path), "\(example) has no golden output")
        }
    }

    @Test(arguments: examples)
    func exampleMatchesGolden(_ example: String) throws {
        let output = try TemporaryFolder()
        // Examples that change the project say so in their usage line; they run with --write.
        let source = try String(contentsOf: PeerScriptCLI.repository.appendingPathComponent("Examples/\(example)"), encoding: .utf8)
        let writes = source.contains("peerscript run --write Examples/\(example)") ? ["--write"] : []
        let result = try PeerScriptCLI.run(["run", "--out", output.url.path] + writes + ["Examples/\(example)"])
        #expect(result.status == 0, "\(example) failed:\n\(result.stderr)")
        let golden = goldenURL(example)
        if ProcessInfo.processInfo.environment["PEERSCRIPT_UPDATE_GOLDENS"] == "1" {
            try Data(result.stdout.utf8).write(to: golden)
            return
        }
        let expected = String(decoding: try Data(contentsOf: golden), as: UTF8.self)
        #expect(result.stdout == expected, "\(example) printed something else than \(golden.lastPathComponent)")
    }

    private func goldenURL(_ example: String) -> URL {
        PeerScriptCLI.repository.appendingPathComponent("Examples/golden")
            .appendingPathComponent((example as NSString).deletingPathExtension + ".txt")
    }
}
