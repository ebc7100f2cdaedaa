import Foundation
import LuaBridge
import Testing

/// A temporary folder with a script folder and a library folder, removed at deinit.
final class ScriptFolders {
    let root: URL
    var scripts: URL { root.appendingPathComponent("scripts") }
    var library: URL { root.appendingPathComponent("lib") }

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("peerscript-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: library.appendingPathComponent("team"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ text: String, to relativePath: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

/// Advice as an embedder with a `--trusted` flag words it (the command-line tool's wording).
let flagAdvice = SandboxAdvice(liftRestriction: "run with --trusted", chooseOutputFolder: "choose it with --out")

/// Runs `source` as a script in a fresh environment and returns its results.
func runScript(_ source: String, trusted: Bool = false, folders: ScriptFolders? = nil,
               advice: SandboxAdvice = flagAdvice) throws -> [LuaValue] {
    let state = LuaState()
    let roots = folders.map { [$0.scripts.path, $0.library.path] } ?? []
    let environment = try ScriptEnvironment(state: state, trusted: trusted, searchPath: roots, advice: advice)
    let base = state.stack.top
    try environment.loadScript(Array(source.utf8), chunkName: "@script.lua")
    let count = try state.call(arguments: 0)
    let results = try (0..<count).map { try state.stack.value(at: base + 2 + $0) }
    return results
}

/// The error message a sandboxed script gets for `source`.
func sandboxError(_ source: String, folders: ScriptFolders? = nil, advice: SandboxAdvice = flagAdvice) -> String? {
    do {
        _ = try runScript(source, folders: folders, advice: advice)
        return nil
    } catch let error as LuaError {
        return error.message
    } catch {
        return "\(error)"
    }
}

@Suite("The sandbox refuses what could harm the machine", .timeLimit(.minutes(3)))
struct SandboxTests {
    @Test(arguments: [
        ("os.execute('true')", "os.execute"), ("os.remove('/tmp/x')", "os.remove"),
        ("os.rename('a', 'b')", "os.rename"), ("os.exit(3)", "os.exit"), ("os.getenv('HOME')", "os.getenv"),
        ("os.tmpname()", "os.tmpname"), ("io.open('/etc/passwd')", "io.open"), ("io.popen('ls')", "io.popen"),
        ("io.lines('/etc/passwd')", "io.lines"), ("io.read()", "io.read"), ("io.output('x')", "io.output"),
        ("package.loadlib('libc.so.6', 'puts')", "package.loadlib"), ("local path = package.cpath()", "package.cpath"),
        ("string.dump(print)", "string.dump"), ("('x'):dump()", "string.dump"),
        ("debug.getinfo(1)", "debug.getinfo"), ("debug.sethook()", "debug.sethook"),
        ("debug.getregistry()", "debug.getregistry"), ("debug.setmetatable('', {})", "debug.setmetatable"),
        ("debug.getupvalue(print, 1)", "debug.getupvalue"),
    ])
    func refusedFunctionsRaiseClearErrors(source: String, name: String) {
        let message = sandboxError(source)
        #expect(message == "script.lua:1: \(name) is not available in the sandbox " + advice(for: name))
    }

    private func advice(for name: String) -> String {
        if name.hasPrefix("io.") {
            return "(write files with the output functions, such as t:write(\"name.csv\"), or run with --trusted to allow it)"
        }
        if name == "string.dump" { return "(bytecode cannot be loaded in the sandbox)" }
        if name.hasPrefix("package.") {
            return "(modules are found by require in the script's folder and the library folders; run with --trusted to allow it)"
        }
        return "(run with --trusted to allow it)"
    }

    @Test func safeLibrariesWork() throws {
        let results = try runScript("""
            return string.format("%05.1f", math.pi), table.concat({"a", "b"}, ","), utf8.len("é☕"),
                   type(os.time()), type(os.clock()), os.date("!%Y", 0), debug.traceback("x"):sub(1, 1),
                   coroutine.wrap(function() coroutine.yield(7) end)()
            """)
        #expect(results == ["003.1", "a,b", 2, "number", "number", "1970", "x", 7])
    }

    @Test func binaryChunksAreRefused() throws {
        let results = try runScript(#"return load("\27Lua junk")"#)
        #expect(results[0] == .nil)
        #expect(results[1].stringValue?.contains("attempt to load a binary chunk") == true)
        let explicit = try runScript(#"return load("return 1", "x", "b")"#)
        #expect(explicit == [nil, "binary chunks are not allowed in the sandbox (mode must be \"t\")"])
        #expect(try runScript(#"return load("return 1 + 1")()"#) == [2])
    }

    @Test func loadedChunksSeeTheScriptsOwnGlobals() throws {
        #expect(try runScript(#"answer = 42; return load("return answer")()"#) == [42])
    }

    @Test func stringMetatableCannotBeChanged() {
        #expect(sandboxError("getmetatable('').__index = {}") == "script.lua:1: attempt to index a boolean value")
        #expect(sandboxError("string.upper = nil") == "script.lua:1: 'string' is read-only: cannot set 'upper'")
    }

    @Test func libraryTablesAreReadOnlyButIterable() throws {
        #expect(sandboxError("math.pi = 3") == "script.lua:1: 'math' is read-only: cannot set 'pi'")
        #expect(sandboxError("table.insert = print") == "script.lua:1: 'table' is read-only: cannot set 'insert'")
        let count = try runScript("local n = 0 for _ in pairs(math) do n = n + 1 end return n > 20")
        #expect(count == [true])
    }

    @Test func globalsLiveInTheScriptsOwnEnvironment() throws {
        let results = try runScript("print = nil; x = 1; return rawget(_G, 'x'), _G == _ENV, type(getmetatable(_ENV))")
        #expect(results == [1, true, "boolean"])
    }

    @Test func dofileAndLoadfileOnlyReadAllowedFolders() throws {
        let folders = try ScriptFolders()
        try folders.write("return 'helper'", to: "scripts/helper.lua")
        try folders.write("return 'secret'", to: "elsewhere/secret.lua")
        let helper = folders.scripts.appendingPathComponent("helper.lua").path
        let secret = folders.root.appendingPathComponent("elsewhere/secret.lua").path
        #expect(try runScript("return dofile('\(helper)')", folders: folders) == ["helper"])
        #expect(sandboxError("dofile('\(secret)')", folders: folders)
            == "script.lua:1: cannot read '\(secret)': scripts may read files only in the script's folder and the library folders (run with --trusted to lift this)")
        #expect(sandboxError("dofile('/etc/passwd')", folders: folders)?.contains("cannot read '/etc/passwd'") == true)
        let viaDots = folders.scripts.path + "/../elsewhere/secret.lua"
        #expect(try runScript("return loadfile('\(viaDots)')", folders: folders).first == .nil)
    }

    @Test func requireSearchesFoldersInOrderAndCaches() throws {
        let folders = try ScriptFolders()
        try folders.write("return {origin = 'script folder'}", to: "scripts/shared.lua")
        try folders.write("return {origin = 'library'}", to: "lib/shared.lua")
        try folders.write("count = (count or 0) + 1; return {origin = 'team init'}", to: "lib/team/init.lua")
        try folders.write("return {origin = 'team.tools'}", to: "lib/team/tools.lua")
        let results = try runScript("""
            local a = require "shared"
            local b = require "team"
            local c = require "team.tools"
            return a.origin, b.origin, c.origin, require "team" == b, count
            """, folders: folders)
        #expect(results == ["script folder", "team init", "team.tools", true, nil])
    }

    @Test func requireRefusesBadNamesAndCModules() throws {
        let folders = try ScriptFolders()
        try folders.write("not really a shared object", to: "lib/native.so")
        #expect(sandboxError("require '../etc/passwd'", folders: folders)
            == "script.lua:1: module name '../etc/passwd' is not valid: use letters, digits, '_' and '.' only")
        #expect(sandboxError("require 'a/b'", folders: folders)?.contains("is not valid") == true)
        let missing = sandboxError("require 'native'", folders: folders)
        #expect(missing?.hasPrefix("script.lua:1: module 'native' not found:") == true)
        #expect(missing?.contains("native.lua") == true)
    }

    @Test func modulesCannotLeakGlobalsIntoScripts() throws {
        let folders = try ScriptFolders()
        try folders.write("leaked = true; return {}", to: "lib/leaky.lua")
        #expect(try runScript("require 'leaky'; return leaked", folders: folders) == [nil])
    }

    @Test func apiGlobalsAreReadOnly() throws {
        let state = LuaState()
        let environment = try ScriptEnvironment(state: state, trusted: false, searchPath: [])
        try state.load("return {count = function() return 3 end}", chunkName: "=api")
        try state.call(arguments: 0, results: 1)
        try environment.addGlobal("corpus")
        try environment.loadScript(Array("corpus.count = nil".utf8), chunkName: "@script.lua")
        let error = #expect(throws: LuaError.self) { try state.call(arguments: 0) }
        #expect(error?.message == "script.lua:1: 'corpus' is read-only: cannot set 'count'")
    }
}

@Suite("Trusted scripts get the stock environment", .timeLimit(.minutes(3)))
struct TrustedTests {
    @Test func fullLibrariesAreAvailable() throws {
        let results = try runScript(
            "return type(os.getenv), type(io.open), type(string.dump), type(debug.getinfo), type(package.loadlib)",
            trusted: true)
        #expect(results == ["function", "function", "function", "function", "function"])
    }

    @Test func noHookIsInstalledWhileRunningNormally() throws {
        #expect(try runScript("return debug.gethook()", trusted: true) == [nil])
    }

    @Test func requireFindsLibraryFoldersThroughPackagePath() throws {
        let folders = try ScriptFolders()
        try folders.write("return 'found'", to: "lib/team/tools.lua")
        #expect(try runScript("return (require 'team.tools')", trusted: true, folders: folders) == ["found"])
    }
}
