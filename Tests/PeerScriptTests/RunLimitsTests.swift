import Foundation
import Testing

/// Time and memory limits as `peerscript run` applies them, run as a subprocess with a bound:
/// the scripts here hang (or crash) a tool that lets them past its limits.
@Suite("peerscript run limits no script can dodge", .timeLimit(.minutes(3)))
struct RunLimitsTests {
    /// Bound on each run: the limits must end it long before.
    static let bound = 30.0

    /// Runs `chunk` with `--timeout seconds` and checks it ends with status 124 and the timeout
    /// message within a few seconds of the deadline.
    @discardableResult
    func expectTimeout(_ chunk: String, seconds: Double = 0.5, forced: Bool,
                       extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> PeerScriptCLI.Result {
        let result = try PeerScriptCLI.run(["run", "--timeout", String(seconds)] + extra + ["-e", chunk], bound: Self.bound)
        #expect(!result.timedOut, "the run outlived its bound", sourceLocation: sourceLocation)
        #expect(result.status == 124, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.seconds < seconds + 6, sourceLocation: sourceLocation)
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        let message = "timeout after \(shown) s"
        if forced {
            #expect(result.stderr.hasPrefix("peerscript: \(message) (still running 1 s later"),
                    "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        } else {
            #expect(result.stderr.hasPrefix("peerscript: (command line):1: \(message)"),
                    "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        }
        return result
    }

    @Test func aLoopingMessageHandlerIsStopped() throws {
        try expectTimeout("xpcall(function() while true do end end, function() while true do end end)", forced: false)
    }

    @Test func messageHandlersStillRunForOrdinaryErrors() throws {
        let result = try PeerScriptCLI.run(["run", "-e", #"print(xpcall(function() error("x", 0) end, function(m) return "handled " .. m end))"#],
                                           bound: Self.bound)
        #expect(result.status == 0)
        #expect(result.stdout == "false\thandled x\n")
    }

    @Test func aLoopingFinalizerEndsTheProcess() throws {
        try expectTimeout("setmetatable({}, { __gc = function() while true do end end }) collectgarbage()", forced: true)
    }

    @Test func aLoopingFinalizerAtCloseEndsTheProcess() throws {
        let result = try expectTimeout(
            #"keep = setmetatable({}, { __gc = function() while true do end end }) print("done")"#, forced: true)
        #expect(result.stdout == "done\n")
    }

    @Test func aLoopingFinalizerInATestFileEndsTheTestRun() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            describe("finalizers", function()
              it("leaves one that loops", function()
                keep = setmetatable({}, { __gc = function() while true do end end })
              end)
            end)
            """, to: "loop_test.lua")
        let result = try PeerScriptCLI.run(["test", "--timeout", "0.5", folder.url.path], bound: Self.bound)
        #expect(!result.timedOut)
        #expect(result.status == 124)
        #expect(result.seconds < 6.5)
        #expect(result.stderr.contains("peerscript: timeout after 0.5 s (still running 1 s later"), "stderr: \(result.stderr)")
    }

    @Test func aLoopingFinalizerEndsTheReplWhenItCloses() throws {
        let input = "keep = setmetatable({}, { __gc = function() while true do end end })\nprint(1)\n"
        let result = try PeerScriptCLI.run(["repl", "--timeout", "0.5"], stdin: input, bound: Self.bound)
        #expect(!result.timedOut)
        #expect(result.status == 124)
        #expect(result.stdout == "1\n")
        #expect(result.stderr.hasPrefix("peerscript: timeout after 0.5 s (still running 1 s later"), "stderr: \(result.stderr)")
    }

    @Test func aLongPatternMatchEndsTheProcess() throws {
        try expectTimeout(#"string.find(("a"):rep(1e5), ".-.-.-.-b")"#, forced: true)
    }

    @Test func repeatingTheEmptyStringIsInstant() throws {
        let result = try PeerScriptCLI.run(["run", "--timeout", "5", "-e", #"print(#string.rep("", 2^62), #(""):rep(2^62, ""))"#],
                                           bound: Self.bound)
        #expect(!result.timedOut)
        #expect(result.status == 0)
        #expect(result.stdout == "0\t0\n")
    }

    @Test func aHugeTableMoveIsStopped() throws {
        try expectTimeout("table.move({}, 1, 2^62, 2)", forced: false)
    }

    @Test func tableMoveStillMoves() throws {
        let chunk = """
            local t = table.move({1, 2, 3, 4, 5}, 1, 3, 3) local u = table.move({1, 2, 3}, 1, 3, 2, {})
            local proxy = setmetatable({}, { __index = function(_, k) return k * 10 end })
            local v = table.move(proxy, 1, 2, 1, {})
            print(table.concat(t, ","), u[2], u[4], v[1], v[2], pcall(table.move, 1, 1, 1, 1))
            """
        let result = try PeerScriptCLI.run(["run", "-e", chunk], bound: Self.bound)
        #expect(result.status == 0)
        #expect(result.stdout == "1,2,1,2,3\t1\t3\t10\t20\tfalse\tbad argument #1 to 'table.move' (table expected, got number)\n")
    }

    @Test func aLongQueryIsStopped() throws {
        let folder = try TemporaryFolder()
        let project = folder.url.appendingPathComponent("big.peer").path
        let generated = try PeerScriptCLI.run(["generate", "--participants", "200", "--codings", "100000", "-o", project],
                                              bound: 120)
        #expect(generated.status == 0)
        try expectTimeout("local q = corpus.codings():quotes{ context = 3000 }", seconds: 3, forced: false,
                          extra: ["--project", project])
    }

    @Test(arguments: [
        (["--timeout", "1e308"], "--timeout 1e+308 is too long"),
        (["--timeout", "inf"], "--timeout must be a number of seconds, 0 or more"),
        (["--timeout", "nan"], "--timeout must be a number of seconds, 0 or more"),
        (["--timeout=-1"], "--timeout must be a number of seconds, 0 or more"),
        (["--max-memory", "17592186044416"], "--max-memory 17592186044416 is too large"),
        (["--max-memory=-5"], "--max-memory must be a number of megabytes, 0 or more"),
    ])
    func absurdLimitsAreUsageErrors(options: [String], message: String) throws {
        let result = try PeerScriptCLI.run(["run"] + options + ["-e", "print(1)"], bound: Self.bound)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func theLargestLimitsStillWork() throws {
        let result = try PeerScriptCLI.run(["run", "--timeout", "31536000", "--max-memory", "8796093022207", "-e", "print(1)"],
                                           bound: Self.bound)
        #expect(result.status == 0)
        #expect(result.stdout == "1\n")
    }
}
