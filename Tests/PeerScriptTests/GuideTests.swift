import Foundation
import Testing

/// Every analysis in `docs/guide.md` runs on the demo corpus and prints exactly the output the
/// guide shows under it. A `lua` block followed directly by a `text` block is such a pair; set
/// PEERSCRIPT_UPDATE_GOLDENS=1 to rewrite the `text` blocks from a run.
@Suite("The guide's analyses print what the guide shows", .timeLimit(.minutes(3)))
struct GuideTests {
    static let guide = PeerScriptCLI.repository.appendingPathComponent("docs/guide.md")

    /// One analysis: its code, the output the guide shows, and where that output stands.
    struct Analysis {
        var code: String
        var shown: String
        var outputLines: Range<Int>
    }

    /// The `lua` blocks that a `text` block follows, with nothing but blank lines between.
    static func analyses(in text: String) -> [Analysis] {
        let lines = text.components(separatedBy: "\n")
        var found: [Analysis] = []
        var index = 0
        func block(from start: Int, fence: String) -> (body: [String], end: Int)? {
            guard start < lines.count, lines[start] == fence else { return nil }
            guard let close = lines[(start + 1)...].firstIndex(of: "```") else { return nil }
            return (Array(lines[(start + 1)..<close]), close)
        }
        while index < lines.count {
            guard let code = block(from: index, fence: "```lua") else { index += 1; continue }
            var next = code.end + 1
            while next < lines.count, lines[next].isEmpty { next += 1 }
            if let output = block(from: next, fence: "```text") {
                found.append(Analysis(code: code.body.joined(separator: "\n"), shown: output.body.joined(separator: "\n"),
                                      outputLines: (next + 1)..<output.end))
                index = output.end + 1
            } else {
                index = code.end + 1
            }
        }
        return found
    }

    @Test func findsPairsAndSkipsCodeWithoutOutput() {
        let text = "x\n```lua\nprint(1)\n```\n\n```text\n1\n```\n```lua\nlocal y = 2\n```\nprose\n```text\nno\n```\n"
        let found = Self.analyses(in: text)
        #expect(found.count == 1)
        #expect(found.first?.code == "print(1)")
        #expect(found.first?.shown == "1")
        #expect(found.first?.outputLines == 6..<7)
    }

    @Test func everyAnalysisPrintsWhatTheGuideShows() throws {
        let text = try String(contentsOf: Self.guide, encoding: .utf8)
        let analyses = Self.analyses(in: text)
        #expect(analyses.count >= 6)
        var lines = text.components(separatedBy: "\n")
        let updating = ProcessInfo.processInfo.environment["PEERSCRIPT_UPDATE_GOLDENS"] == "1"
        // From the last so that rewriting one block leaves the line numbers of earlier ones alone.
        for analysis in analyses.reversed() {
            let folder = try TemporaryFolder()
            let script = try folder.write(analysis.code + "\n", to: "analysis.lua")
            let result = try PeerScriptCLI.run(["run", "--out", folder.url.appendingPathComponent("out").path, script],
                                               in: folder.url)
            #expect(result.status == 0, "\(analysis.code)\nfailed: \(result.stderr)")
            let printed = result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
            if updating {
                lines.replaceSubrange(analysis.outputLines, with: printed.components(separatedBy: "\n"))
            } else {
                #expect(printed == analysis.shown, "the guide shows other output for:\n\(analysis.code)")
            }
        }
        if updating { try lines.joined(separator: "\n").write(to: Self.guide, atomically: true, encoding: .utf8) }
    }
}
