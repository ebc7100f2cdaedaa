import Foundation
import PeerScript
import Testing

/// Every example the API reference shows runs as written, against the demo corpus (with
/// `--write`, for the examples of the write functions).
@Suite("The reference's examples run", .timeLimit(.minutes(3)))
struct DocumentedExampleTests {
    /// Objects the class examples name (`t`, `row`, `a`, `r`), made before the examples run.
    static let prelude = """
        t = corpus.codings():crosstab("participant.role", "bct.group")
        for first in corpus.codings():rows() do row = first break end
        a = stats.agreement(corpus.codings())
        r = report.new{ title = "Examples" }
        """

    @Test func everyExampleRunsWithoutError() throws {
        let reference = APIReference.current
        var examples: [(name: String, code: String)] = []
        for group in reference.modules + reference.classes {
            for member in group.members {
                if let example = member.example { examples.append(("\(group.name).\(member.name)", example)) }
            }
        }
        #expect(examples.count > 50)
        // Each example is compiled apart and run under pcall, so one failure names itself and
        // the rest still run.
        let calls = examples.map { example in
            "check(\(luaString(example.name)), \(luaString(example.code)))"
        }
        let script = """
            local failed = {}
            \(Self.prelude)
            local function check(name, code)
              local chunk, problem = load(code, "=" .. name)
              local ok, message = chunk ~= nil, problem
              if chunk then ok, message = pcall(chunk) end
              if not ok then failed[#failed + 1] = name .. ": " .. tostring(message) end
            end
            \(calls.joined(separator: "\n"))
            print(#failed == 0 and "all examples ran" or table.concat(failed, "\\n"))
            """
        let folder = try TemporaryFolder()
        let path = try folder.write(script, to: "examples.lua")
        // The demo corpus lives in memory, so the write functions' examples change nothing saved.
        let result = try PeerScriptCLI.run(["run", "--write", path, "--out", folder.url.appendingPathComponent("out").path],
                                           in: folder.url)
        let last = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last
        #expect(last == "all examples ran", "stdout: \(result.stdout.suffix(1500)) stderr: \(result.stderr)")
        #expect(result.status == 0)
    }

    /// `text` as a Lua long-bracket-free string literal.
    private func luaString(_ text: String) -> String {
        var out = "\""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\n"): out += "\\n"
            case 0x20..<0x7f: out += String(UnicodeScalar(byte))
            default: out += "\\\(byte)"
            }
        }
        return out + "\""
    }
}
