import Foundation
import LuaBridge
@testable import PeerScript
import StudyModel
import Testing

/// A REPL engine for tests: sandboxed unless asked, quiet, with a short time limit as a guard.
func makeReplEngine(trusted: Bool = false, timeout: Double? = 30) throws -> ReplEngine {
    var options = ScriptOptions()
    options.trusted = trusted
    options.timeout = timeout
    options.outputFolder = FileManager.default.temporaryDirectory
    return try ReplEngine(options: options, folder: FileManager.default.currentDirectoryPath, notice: { _ in })
}

extension ReplEngine {
    /// Submits each line and returns the last reply.
    @discardableResult
    func submitAll(_ lines: String...) -> ReplReply {
        var reply = ReplReply()
        for line in lines { reply = submit(line) }
        return reply
    }
}

@Suite("REPL engine: evaluating lines", .timeLimit(.minutes(3)))
struct ReplEngineTests {
    @Test func expressionsPrintTheirValuesAndStatementsPrintNothing() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit("1 + 1").output == "2")
        #expect(engine.submit("x = 5") == ReplReply(historyEntry: "x = 5"))
        #expect(engine.submit("x * 2.5").output == "12.5")
        #expect(engine.submit("'plain text'").output == "plain text")
        #expect(engine.submit("return 1, 'a', nil").output == "1\ta\tnil")
        #expect(engine.submit("print('printed')").output == "")
        #expect(engine.submit("   ") == ReplReply())
    }

    @Test func unfinishedChunksContinueWithTheSecondaryPrompt() throws {
        let engine = try makeReplEngine()
        #expect(engine.prompt == "> ")
        let first = engine.submit("function double(n)")
        #expect(first.needsMoreInput && first.historyEntry == nil && first.error == nil)
        #expect(engine.prompt == ">> ")
        #expect(engine.submit("  return n * 2").needsMoreInput)
        let last = engine.submit("end")
        #expect(!last.needsMoreInput && last.error == nil)
        #expect(last.historyEntry == "function double(n)\n  return n * 2\nend")
        #expect(engine.prompt == "> ")
        #expect(engine.submit("double(21)").output == "42")
    }

    @Test func tablesAndLongStringsMayOpenOnOneLineAndCloseOnAnother() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit("{").needsMoreInput)
        #expect(engine.submit("  1, 2,").needsMoreInput)
        #expect(engine.submit("}").output == "{ 1, 2 }")
        #expect(engine.submit("s = [[first").needsMoreInput)
        #expect(engine.submitAll("second]]", "s").output == "first\nsecond")
    }

    @Test func syntaxErrorsAreReportedAndTheSessionGoesOn() throws {
        let engine = try makeReplEngine()
        let reply = engine.submit("x = = 1")
        #expect(reply.error == "stdin:1: unexpected symbol near '='")
        #expect(!reply.needsMoreInput && reply.historyEntry == "x = = 1")
        #expect(engine.submit("end").error == "stdin:1: <eof> expected near 'end'")
        #expect(engine.submit("2 + 2").output == "4")
    }

    @Test func runtimeErrorsShowATracebackOnlyWhenAFunctionFailed() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit("error('plain')").error == "stdin:1: plain")
        engine.submitAll("function inner() error('deep') end", "function outer() inner() end")
        let error = try #require(engine.submit("outer()").error)
        let lines = error.split(separator: "\n").map(String.init)
        #expect(lines.first == "stdin:1: deep")
        #expect(lines.dropFirst().first == "stack traceback:")
        // Lua names the frame `global 'inner'` or `function 'inner'`, depending on its version.
        #expect(lines.contains { $0.hasPrefix("\tstdin:1: in ") && $0.hasSuffix(" 'inner'") })
        #expect(!lines.contains("\t[C]: in ?"))
        #expect(engine.submit("1").output == "1")
    }

    @Test func globalsPersistFromLineToLine() throws {
        let engine = try makeReplEngine()
        engine.submitAll("counter = 0", "for i = 1, 10 do counter = counter + i end")
        #expect(engine.submit("counter").output == "55")
    }

    @Test func anInterruptStopsTheChunkAndKeepsTheState() throws {
        let engine = try makeReplEngine()
        engine.submit("kept = 41")
        let handle = engine.session.state.handle
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            handle.interrupt()
        }
        let reply = engine.submit("while true do end")
        #expect(reply.error?.hasSuffix("interrupted") == true)
        #expect(engine.submit("kept + 1").output == "42")
        #expect(engine.submit("for i = 1, 1e6 do end return 'runs again'").output == "runs again")
    }

    @Test func theTimeLimitAppliesToEachChunk() throws {
        let engine = try makeReplEngine(timeout: 0.3)
        #expect(engine.submit("while true do end").error?.contains("timeout after 0.3 s") == true)
        #expect(engine.submit("'still here'").output == "still here")
    }

    @Test func theSandboxAppliesUnlessTrusted() throws {
        let sandboxed = try makeReplEngine()
        #expect(sandboxed.submit("os.execute('true')").error?.contains("not available in the sandbox") == true)
        let trusted = try makeReplEngine(trusted: true)
        #expect(trusted.submit("type(os.execute)").output == "function")
    }

    @Test func endOfInputInsideAChunkIsAnError() throws {
        let engine = try makeReplEngine()
        #expect(engine.finishInput() == nil)
        engine.submit("function f(")
        #expect(engine.finishInput()?.error?.hasSuffix("<eof>") == true)
        #expect(!engine.isContinuing)
    }

    @Test func discardingPendingInputStartsAfresh() throws {
        let engine = try makeReplEngine()
        engine.submit("t = {")
        engine.discardPendingInput()
        #expect(engine.prompt == "> ")
        #expect(engine.submit("t").output == "nil")
    }

    @Test func apiObjectsPrintThroughTheirToString() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit("taxonomy.get('3.1')").output == "3.1 Social support (unspecified)")
        #expect(engine.submit("taxonomy.get('13.2').label").output == "Framing/reframing")
    }
}

@Suite("REPL engine: commands", .timeLimit(.minutes(3)))
struct ReplCommandTests {
    @Test func helpListsCommandsAndTheAPI() throws {
        let reply = try makeReplEngine().submit(":help")
        #expect(reply.error == nil && reply.historyEntry == ":help")
        #expect(reply.output.hasPrefix("Commands\n  :help [NAME]"))
        for name in [":load FILE", ":project FILE", ":quit", "taxonomy", "principles", "codebook"] {
            #expect(reply.output.contains(name))
        }
    }

    @Test func helpForANameComesFromTheAPIReference() throws {
        let engine = try makeReplEngine()
        let reference = APIReference.current
        let found = try #require(reference.lookup("taxonomy.get"))
        let member = try #require(found.member)
        #expect(engine.submit(":help taxonomy.get").output == reference.help(for: member, in: found.group))
        #expect(engine.submit(":help taxonomy").output == reference.help(for: found.group))
        #expect(engine.submit(":h taxonomy.get").output.hasPrefix("taxonomy.get(id)"))
    }

    @Test func helpFollowsVariablesHoldingObjects() throws {
        let engine = try makeReplEngine()
        engine.submit("g = taxonomy.group('3')")
        #expect(engine.submit(":help g").output.hasPrefix("BCTGroup (class)"))
        #expect(engine.submit(":help g:techniques").output.hasPrefix("BCTGroup:techniques()"))
        #expect(engine.submit(":help taxonomy.get('3.1').label").output.hasPrefix("BCT.label: string"))
    }

    @Test func helpForLibraryModulesComesFromTheirDocHeaders() throws {
        let folder = try TemporaryFolder()
        try folder.write("--- Tools for the team.\nlocal M = {}\n--- Adds one.\nfunction M.inc(n) return n + 1 end\nreturn M\n",
                         to: "teamlib/init.lua")
        var options = ScriptOptions()
        options.extraLibraryFolders = [folder.url.path]
        let engine = try ReplEngine(options: options, folder: folder.url.path, notice: { _ in })
        #expect(engine.submit(":help teamlib.inc").output == "teamlib.inc(n)\n  Adds one.")
        #expect(engine.submit(":help teamlib").output.hasPrefix("teamlib (library module"))
    }

    @Test func helpForAnUnknownNameSaysSo() throws {
        let reply = try makeReplEngine().submit(":help taxonomy.bcx")
        #expect(reply.output.isEmpty)
        #expect(reply.error?.hasPrefix("no documentation for 'taxonomy.bcx'") == true)
    }

    @Test func loadRunsAFileInTheSession() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("#!/usr/bin/env peerscript\nloaded_value = 7\nreturn 'loaded'\n", to: "setup.lua")
        let engine = try makeReplEngine()
        #expect(engine.submit(":load \(file)").output == "loaded")
        #expect(engine.submit("loaded_value * 6").output == "42")
        let broken = try folder.write("x = \n= 1\n", to: "broken.lua")
        // Lua shortens long chunk names from the left.
        #expect(engine.submit(":load \(broken)").error?.hasSuffix("broken.lua:2: unexpected symbol near '='") == true)
        #expect(engine.submit(":load \(folder.url.path)/missing.lua").error?.hasPrefix("cannot open") == true)
    }

    @Test func projectRefusesAMissingFileAndKeepsTheSession() throws {
        let engine = try makeReplEngine()
        engine.submit("kept = true")
        let reply = engine.submit(":project /nonexistent/study.peerdb")
        #expect(reply.error?.hasPrefix("no project file at '/nonexistent/study.peerdb'") == true)
        #expect(engine.submit("kept").output == "true")
    }

    @Test func quitAndUnknownCommands() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit(":quit").quit)
        #expect(engine.submit(":q").quit)
        #expect(engine.submit(":frobnicate").error?.hasPrefix("unknown command ':frobnicate'") == true)
        // Labels start with two colons and are Lua.
        #expect(engine.submit("::top::").error == nil)
    }
}
