import Foundation
import LuaBridge
import Testing

/// Hostile scripts: each case tries to change what every script sees, or to read a file
/// outside the allowed folders through `require`.
@Suite("Hostile scripts cannot change shared tables", .timeLimit(.minutes(3)))
struct ReadOnlyEscapeTests {
    @Test(arguments: [
        ("rawset(string, 'upper', print)", "string", "upper"),
        ("rawset(math, 'pi', 3)", "math", "pi"),
        ("rawset(table, 'insert', print)", "table", "insert"),
        ("rawset(os, 'execute', print)", "os", "execute"),
        ("rawset(io, 'open', print)", "io", "open"),
        ("rawset(package, 'loaded', {})", "package", "loaded"),
        ("rawset(package.loaded, 'peer', {})", "package.loaded", "peer"),
        ("rawset(utf8, 'len', print)", "utf8", "len"),
        ("rawset(coroutine, 'wrap', print)", "coroutine", "wrap"),
        ("rawset(debug, 'traceback', print)", "debug", "traceback"),
        ("table.insert(math, 1)", "math", "1"),
        ("table.move({print}, 1, 1, 1, string)", "string", "1"),
        ("local _, t = pairs(string); t.upper = print", "string", "upper"),
        ("local _, t = pairs(math); rawset(t, 'pi', 3)", "math", "pi"),
    ])
    func writesToLibraryTablesAreRefused(source: String, table: String, key: String) {
        #expect(sandboxError(source) == "script.lua:1: '\(table)' is read-only: cannot set '\(key)'")
    }

    @Test func indirectWritersAreRefusedToo() throws {
        let results = try runScript("""
            local function fails(f, ...) local ok, e = pcall(f, ...); return not ok and e:match("read%-only: .*$") end
            return fails(load("upper = print", "chunk", "t", string)),
                   fails(coroutine.wrap(function() rawset(math, "pi", 1) end)),
                   select(2, xpcall(function() rawset(table, "sort", print) end, tostring)):match("read%-only: .*$"),
                   fails(table.sort, package.loaded),
                   fails(function() local set = rawset; set(utf8, "char", print) end),
                   fails(function() for _, lib in pairs({ string, math }) do rawset(lib, "x", 1) end end)
            """)
        #expect(results == ["read-only: cannot set 'upper'", "read-only: cannot set 'pi'", "read-only: cannot set 'sort'",
                            false, "read-only: cannot set 'char'", "read-only: cannot set 'x'"])
    }

    @Test func aRefusedRawsetLeavesNoKeyBehind() throws {
        let results = try runScript("""
            pcall(rawset, string, "upper", print)
            pcall(rawset, math, "pi", 3)
            local ok = pcall(function() math.pi = 3 end)
            return ("x"):upper(), string.upper("y"), math.pi == 4 * math.atan(1), ok
            """)
        #expect(results == ["X", "Y", true, false])
    }

    @Test func metatablesOfSharedTablesCannotBeReached() {
        #expect(sandboxError("setmetatable(string, {})") == "script.lua:1: cannot change a protected metatable")
        #expect(sandboxError("getmetatable(math).__index = {}") == "script.lua:1: attempt to index a boolean value")
        #expect(sandboxError("getmetatable('').__index.upper = nil") == "script.lua:1: attempt to index a boolean value")
        #expect(sandboxError("setmetatable(_G, {})") == "script.lua:1: cannot change a protected metatable")
    }

    @Test func readingFunctionsSeeTheLibraries() throws {
        let results = try runScript("""
            local first = next(math)
            local n = 0
            for k, v in next, string do n = n + 1 end
            return rawget(string, "upper") == string.upper, rawget(math, "pi") == math.pi,
                   first ~= nil and math[first] ~= nil, n > 10, rawlen(string), #string,
                   rawequal(string, string), rawequal(string, math)
            """)
        #expect(results == [true, true, true, true, 0, 0, true, false])
    }

    @Test func apiTablesAreReadOnlyEvenWithRawset() throws {
        let state = LuaState()
        let environment = try ScriptEnvironment(state: state, trusted: false, searchPath: [])
        try state.load("return {size = function() return 3 end, list = {10, 20, 30}, inner = {a = 1}}", chunkName: "=api")
        try state.call(arguments: 0, results: 1)
        try environment.addGlobal("corpus")
        func error(_ source: String) -> String? {
            do {
                try environment.loadScript(Array(source.utf8), chunkName: "@script.lua")
                try state.call(arguments: 0, results: 0)
                return nil
            } catch {
                return (error as? LuaError)?.message ?? "\(error)"
            }
        }
        #expect(error("rawset(corpus, 'size', function() return 0 end)") == "script.lua:1: 'corpus' is read-only: cannot set 'size'")
        #expect(error("corpus.size = nil") == "script.lua:1: 'corpus' is read-only: cannot set 'size'")
        #expect(error("corpus.inner.a = 2") == "script.lua:1: 'corpus.inner' is read-only: cannot set 'a'")
        #expect(error("table.insert(corpus.list, 40)") == "script.lua:1: 'corpus.list' is read-only: cannot set '4'")
        #expect(error("rawset(corpus.list, 1, 0)") == "script.lua:1: 'corpus.list' is read-only: cannot set '1'")
        let base = state.stack.top
        try environment.loadScript(Array("""
            local sum = 0
            for _, v in ipairs(corpus.list) do sum = sum + v end
            local keys = 0
            for _ in pairs(corpus) do keys = keys + 1 end
            return corpus.size(), sum, #corpus.list, rawlen(corpus.list), rawget(corpus.list, 2),
                   next(corpus.list), keys, table.concat(corpus.list, ",")
            """.utf8), chunkName: "@script.lua")
        let count = try state.call(arguments: 0)
        let results = try (0..<count).map { try state.stack.value(at: base + 2 + $0) }
        #expect(results == [3, 60, 3, 3, 20, 1, 3, "10,20,30"])
    }

    @Test func modulesCannotChangeWhatTheirCallerSees() throws {
        let folders = try ScriptFolders()
        try folders.write("""
            pcall(rawset, string, "upper", function() return "pwned" end)
            pcall(rawset, math, "pi", 3)
            pcall(rawset, package.loaded, "victim", "pwned")
            pcall(setmetatable, _G, {})
            string = { upper = function() return "pwned" end }
            math = nil
            print = nil
            _G.shared = "leaked"
            return {}
            """, to: "lib/hostile.lua")
        let results = try runScript("""
            require "hostile"
            return ("x"):upper(), string.upper("y"), math.pi > 3.14, package.loaded.victim, type(print), shared
            """, folders: folders)
        #expect(results == ["X", "Y", true, nil, "function", nil])
    }

    @Test func trustedScriptsKeepTheStockRawset() throws {
        let results = try runScript("rawset(string, 'shout', string.upper); return string.shout('a')", trusted: true)
        #expect(results == ["A"])
    }
}

/// `require` reads only files whose real location lies in the allowed folders.
@Suite("require does not follow links out of the library folders", .timeLimit(.minutes(3)))
struct RequireLinkTests {
    @Test func moduleLinkedToAFileOutsideIsRefused() throws {
        let folders = try ScriptFolders()
        try folders.write("escaped = true; return 'outside'", to: "outside/x.lua")
        let outside = folders.root.appendingPathComponent("outside/x.lua").path
        try FileManager.default.createSymbolicLink(atPath: folders.library.appendingPathComponent("evil.lua").path,
                                                   withDestinationPath: outside)
        let message = sandboxError("local m = require 'evil'", folders: folders)
        #expect(message?.hasPrefix("script.lua:1: cannot load module 'evil': ") == true, "\(message ?? "no error")")
        #expect(message?.contains("leads outside the script's folder and the library folders") == true)
    }

    @Test func moduleLinkedToASystemFileIsNotRead() throws {
        let folders = try ScriptFolders()
        try FileManager.default.createSymbolicLink(atPath: folders.scripts.appendingPathComponent("pw.lua").path,
                                                   withDestinationPath: "/etc/passwd")
        let message = sandboxError("local m = require 'pw'", folders: folders)
        #expect(message?.contains("cannot load module 'pw'") == true, "\(message ?? "no error")")
        #expect(message?.contains("root:") == false)
    }

    @Test func moduleFolderLinkedOutsideIsRefused() throws {
        let folders = try ScriptFolders()
        try folders.write("return 'outside'", to: "outside/team2/tools.lua")
        try FileManager.default.createSymbolicLink(atPath: folders.library.appendingPathComponent("team2").path,
                                                   withDestinationPath: folders.root.appendingPathComponent("outside/team2").path)
        let message = sandboxError("local m = require 'team2.tools'", folders: folders)
        #expect(message?.hasPrefix("script.lua:1: cannot load module 'team2.tools': ") == true, "\(message ?? "no error")")
    }

    @Test func linksBetweenAllowedFoldersStillWork() throws {
        let folders = try ScriptFolders()
        try folders.write("return 'tools'", to: "lib/team/tools.lua")
        try FileManager.default.createSymbolicLink(atPath: folders.scripts.appendingPathComponent("alias.lua").path,
                                                   withDestinationPath: folders.library.appendingPathComponent("team/tools.lua").path)
        #expect(try runScript("return require 'alias'", folders: folders) == ["tools"])
    }

    @Test func trustedScriptsFollowLinks() throws {
        let folders = try ScriptFolders()
        try folders.write("return 'outside'", to: "outside/x.lua")
        try FileManager.default.createSymbolicLink(atPath: folders.library.appendingPathComponent("evil.lua").path,
                                                   withDestinationPath: folders.root.appendingPathComponent("outside/x.lua").path)
        #expect(try runScript("return (require 'evil')", trusted: true, folders: folders) == ["outside"])
    }
}
