import Foundation
import Testing

@Suite("peerscript run", .timeLimit(.minutes(3)))
struct RunCommandTests {
    @Test func helloExampleRuns() throws {
        let result = try PeerScriptCLI.run(["run", "Examples/hello.lua", "Ana"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Hello, Ana! This is PeerScript "))
    }

    @Test func chunkOnTheCommandLine() throws {
        let result = try PeerScriptCLI.run(["run", "-e", "print(1 + 1, select('#', ...), arg[1])", "x", "y"])
        #expect(result.status == 0)
        #expect(result.stdout == "2\t2\tx\n")
    }

    @Test func argIsSetAsTheStockInterpreterSetsIt() throws {
        let folder = try TemporaryFolder()
        let script = try folder.write("print(arg[0], arg[1], arg[2], #arg, ...)", to: "args.lua")
        let result = try PeerScriptCLI.run(["run", script, "a", "b c"])
        #expect(result.stdout == "\(script)\ta\tb c\t2\ta\tb c\n")
    }

    @Test func hashBangLineIsSkippedAndLinesStayRight() throws {
        let folder = try TemporaryFolder()
        try folder.write("#!/usr/bin/env peerscript run\nprint('ok')\nerror('line three')\n", to: "bang.lua")
        let script = "bang.lua"
        let result = try PeerScriptCLI.run(["run", script], in: folder.url)
        #expect(result.stdout == "ok\n")
        #expect(result.stderr.hasPrefix("peerscript: \(script):3: line three\nstack traceback:\n"))
        #expect(result.status == 1)
    }

    @Test func scriptErrorsExitWithOneAndATraceback() throws {
        let folder = try TemporaryFolder()
        try folder.write("local function f()\n  local t = nil\n  return t.x\nend\nf()\n", to: "fail.lua")
        let script = "fail.lua"
        let result = try PeerScriptCLI.run(["run", script], in: folder.url)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "peerscript: \(script):3: attempt to index a nil value (local 't')")
        #expect(lines.contains("\t\(script):3: in local 'f'") || lines.contains("\t\(script):3: in function 'f'")
            || lines.contains { $0.hasPrefix("\t\(script):3: in ") })
        #expect(lines.contains { $0.hasPrefix("\t\(script):5: in main chunk") })
    }

    @Test func timeoutExitsWith124() throws {
        let result = try PeerScriptCLI.run(["run", "--timeout", "0.3", "-e", "while true do end"])
        #expect(result.status == 124)
        #expect(result.stderr.hasPrefix("peerscript: ") && result.stderr.contains("timeout after 0.3 s"))
    }

    @Test func memoryLimitExitsWithOne() throws {
        let result = try PeerScriptCLI.run(["run", "--max-memory", "16", "-e", "local t = {} for i = 1, 1e9 do t[i] = {} end"])
        #expect(result.status == 1)
        #expect(result.stderr == "peerscript: memory limit of 16 MB exceeded\n")
    }

    @Test func ctrlCStopsTheScriptWith130() throws {
        let (process, out, err) = try PeerScriptCLI.start(["run", "--timeout", "20", "-e", "while true do end"])
        // Give the script time to start, then interrupt it as a terminal would.
        Thread.sleep(forTimeInterval: 1)
        kill(process.processIdentifier, SIGINT)
        let result = PeerScriptCLI.finish(process, out, err)
        #expect(result.status == 130)
        #expect(result.stderr.hasPrefix("peerscript: ") && result.stderr.contains("interrupted"))
    }

    @Test func sandboxRefusalIsReportedWithLine() throws {
        let result = try PeerScriptCLI.run(["run", "-e", "local x = 1\nos.execute('touch /tmp/never')"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("peerscript: (command line):2: os.execute is not available in the sandbox (run with --trusted to allow it)"))
    }

    @Test func missingScriptIsAUsageError() throws {
        let result = try PeerScriptCLI.run(["run", "no-such-script.lua"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("No script at 'no-such-script.lua'."))
    }

    @Test func versionAndHelp() throws {
        let version = try PeerScriptCLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.split(separator: ".").count == 3)
        let help = try PeerScriptCLI.run(["run", "--help"])
        #expect(help.status == 0)
        for option in ["--trusted", "--timeout", "--max-memory", "--out", "--project", "-e"] {
            #expect(help.stdout.contains(option))
        }
    }
}
