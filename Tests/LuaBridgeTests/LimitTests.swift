import Foundation
import LuaBridge
import Testing

@Suite("Time and memory limits stop scripts without harming the host")
struct LimitTests {
    /// Runs `source` with the given limits and returns the error it stopped with.
    func stopped(_ source: String, seconds: Double? = nil, memoryMB: Int? = nil,
                 trusted: Bool = false) -> LuaError? {
        let state = LuaState(memoryLimit: memoryMB.map { $0 << 20 })
        do {
            let environment = try ScriptEnvironment(state: state, trusted: trusted, searchPath: [])
            try environment.loadScript(Array(source.utf8), chunkName: "@script.lua")
            let watchdog = seconds.map { Watchdog(state: state, seconds: $0) }
            defer { watchdog?.cancel() }
            try state.call(arguments: 0)
            return nil
        } catch let error as LuaError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test(arguments: [
        "while true do end",
        "for i = 1, math.huge do end",
        "local function f() return f() end return f()",
        "repeat local t = {} table.sort({3, 2, 1}) until false",
        "while true do pcall(function() while true do end end) end",
    ])
    func runawayLoopsStopAtTheDeadline(source: String) {
        let error = stopped(source, seconds: 0.2)
        #expect(error?.kind == .timeout)
        #expect(error?.reason == "timeout after 0.2 s")
    }

    /// Loops that never yield, run inside coroutines: the stop must reach the coroutine, and
    /// neither `pcall` nor `coroutine.resume` may swallow it (the loops after them would run on).
    static let coroutineLoops = [
        "coroutine.wrap(function() while true do end end)()",
        "for i = 1, 3 do coroutine.resume(coroutine.create(function() while true do end end)) end",
        "while true do pcall(coroutine.wrap(function() while true do end end)) end",
        "coroutine.wrap(function() coroutine.wrap(function() while true do end end)() end)()",
        """
        local outer = coroutine.create(function()
          while true do coroutine.resume(coroutine.create(function() while true do end end)) end
        end)
        coroutine.resume(outer)
        """,
        "coroutine.wrap(function() while true do pcall(function() while true do end end) end end)()",
        """
        local co = coroutine.create(function()
          local guard <close> = setmetatable({}, {__close = function() while true do end end})
          coroutine.yield()
        end)
        coroutine.resume(co)
        coroutine.close(co)
        """,
    ]

    @Test(arguments: coroutineLoops, [false, true])
    func runawayLoopsInCoroutinesStopAtTheDeadline(source: String, trusted: Bool) {
        let clock = ContinuousClock()
        let start = clock.now
        let error = stopped(source, seconds: 0.2, trusted: trusted)
        #expect(clock.now - start < .seconds(3))
        #expect(error?.kind == .timeout)
        #expect(error?.reason == "timeout after 0.2 s")
    }

    @Test func anInterruptStopsALoopInACoroutine() throws {
        let state = LuaState()
        let environment = try ScriptEnvironment(state: state, trusted: false, searchPath: [])
        let source = "coroutine.wrap(function() while true do pcall(coroutine.wrap(function() while true do end end)) end end)()"
        try environment.loadScript(Array(source.utf8), chunkName: "@script.lua")
        let handle = state.handle
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { handle.interrupt() }
        let error = #expect(throws: LuaError.self) { try state.call(arguments: 0) }
        #expect(error?.kind == .interrupted)
        #expect(error?.reason == "interrupted")
    }

    @Test func coroutinesWorkAgainAfterAStopInsideOne() throws {
        let state = LuaState()
        state.openStandardLibraries()
        let watchdog = Watchdog(state: state, seconds: 0.1)
        #expect(throws: LuaError.self) {
            try state.run("co = coroutine.wrap(function() while true do end end) co()")
        }
        watchdog.cancel()
        state.clearStop()
        let source = """
            local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
            return gen() + gen() + gen(), (pcall(co))
            """
        #expect(try state.run(source) == [6, false])
    }

    @Test func scriptsWithinTheirTimeFinishNormally() {
        #expect(stopped("local n = 0 for i = 1, 1000 do n = n + i end", seconds: 5) == nil)
    }

    @Test(arguments: [
        #"local s = string.rep("x", 1e10)"#,
        #"local s = ("ab"):rep(1e8, ",")"#,
        "local t = {} for i = 1, 1e9 do t[i] = i end",
        #"local t = {} for i = 1, 1e8 do t[#t + 1] = tostring(i) .. "padding" end"#,
        #"local s = "x" while true do s = s .. s end"#,
    ])
    func memoryBombsHitTheLimit(source: String) {
        let error = stopped(source, memoryMB: 32)
        #expect(error?.kind == .memory)
        #expect(error?.message.hasSuffix("memory limit of 32 MB exceeded") == true)
    }

    @Test func allocationsBySwiftCodeAreReportedAfterItReturns() throws {
        let state = LuaState(memoryLimit: 8 << 20)
        state.openStandardLibraries()
        state.pushFunction(named: "big") { call in
            call.stack.push(String(repeating: "y", count: 16 << 20))
            return 1
        }
        state.setGlobal("big")
        let error = #expect(throws: LuaError.self) { try state.run("keep = big()", chunkName: "@s.lua") }
        #expect(error?.kind == .memory)
        #expect(error?.message.hasSuffix("memory limit of 8 MB exceeded") == true)
    }

    @Test func deepRecursionIsAStackOverflowNotACrash() {
        let error = stopped("local function f(n) return 1 + f(n + 1) end f(1)")
        #expect(error?.kind == .runtime)
        #expect(error?.message.contains("stack overflow") == true)
    }

    @Test func anInterruptStopsTheScript() throws {
        let state = LuaState()
        let environment = try ScriptEnvironment(state: state, trusted: false, searchPath: [])
        try environment.loadScript(Array("while true do end".utf8), chunkName: "@script.lua")
        let handle = state.handle
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { handle.interrupt() }
        let error = #expect(throws: LuaError.self) { try state.call(arguments: 0) }
        #expect(error?.kind == .interrupted)
        #expect(error?.reason == "interrupted")
    }

    @Test func theStateIsUsableAfterAStop() throws {
        let state = LuaState()
        state.openStandardLibraries()
        let watchdog = Watchdog(state: state, seconds: 0.1)
        #expect(throws: LuaError.self) { try state.run("while true do end") }
        watchdog.cancel()
        state.clearStop()
        #expect(try state.run("return 1 + 1") == [2])
    }
}
