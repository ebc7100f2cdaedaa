import Foundation
import Testing

@Suite("peerscript repl with piped input", .timeLimit(.minutes(3)))
struct ReplPipedInputTests {
    @Test func linesRunWithoutPromptsAndExpressionsPrint() throws {
        let input = """
            1 + 1
            t = {
              1,
            }
            #t
            print('printed')
            :help taxonomy.get

            """
        let result = try PeerScriptCLI.run(["repl"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(4)) == ["2", "1", "printed", "taxonomy.get(id)"])
        #expect(!lines.contains { $0.hasPrefix(">") })
    }

    @Test func errorsGoToStandardErrorAndTheRestStillRuns() throws {
        let result = try PeerScriptCLI.run(["repl"], stdin: "error('first')\nprint('second')\nx = = 1\n")
        #expect(result.status == 1)
        #expect(result.stdout == "second\n")
        #expect(result.stderr == "stdin:1: first\nstdin:3: unexpected symbol near '='\n")
    }

    /// Messages number lines by their place in the input, as `lua5.4 < file` does.
    @Test func errorsNameTheLineOfTheInput() throws {
        let input = "x = 1\nerror('second')\n\n:help corpus\nt = {\n  1,\n}\nprint(t.y.z)\nfunction f()\n  return nil + 1\nend f()\n"
        let result = try PeerScriptCLI.run(["repl"], stdin: input)
        let messages = result.stderr.split(separator: "\n").filter { $0.hasPrefix("stdin:") }
        #expect(messages == ["stdin:2: second", "stdin:8: attempt to index a nil value (field 'y')",
                             "stdin:10: attempt to perform arithmetic on a nil value"], "\(result.stderr)")
    }

    @Test func anUnfinishedChunkAtTheEndIsReported() throws {
        let result = try PeerScriptCLI.run(["repl"], stdin: "function f()\n  return 1\n")
        #expect(result.status == 1)
        #expect(result.stderr == "stdin:2: 'end' expected (to close 'function' at line 1) near <eof>\n")
    }

    @Test func quitStopsReadingAndTheDemoCorpusIsNoted() throws {
        let result = try PeerScriptCLI.run(["repl"], stdin: "corpus.codings():count() > 0\n:quit\nprint('never')\n")
        #expect(result.status == 0)
        #expect(result.stdout == "true\n")
        #expect(result.stderr.contains("demo corpus"))
    }

    @Test func optionsApplyAsInRun() throws {
        let sandboxed = try PeerScriptCLI.run(["repl"], stdin: "io.open('x')\n")
        #expect(sandboxed.stderr.contains("io.open is not available in the sandbox"))
        let trusted = try PeerScriptCLI.run(["repl", "--trusted"], stdin: "type(io.open)\n")
        #expect(trusted.stdout == "function\n")
        let limited = try PeerScriptCLI.run(["repl", "--timeout", "0.2"], stdin: "while true do end\n'after'\n")
        #expect(limited.stderr.contains("timeout after 0.2 s"))
        #expect(limited.stdout == "after\n")
    }
}
