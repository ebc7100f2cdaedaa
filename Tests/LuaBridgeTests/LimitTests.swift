import Foundation
import LuaBridge
import Synchronization
import Testing

@Suite("Time and memory limits stop scripts without harming the host", .timeLimit(.minutes(3)))
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
        onOwnThread(after: 0.1) { handle.interrupt() }
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
        onOwnThread(after: 0.1) { handle.interrupt() }
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

    @Test func theWatchdogFiresWhileEveryPoolThreadIsBusy() {
        // Spinning work items hold every thread of the global queues (bounded, so a watchdog
        // that waits for them still finishes, just too late).
        let release = Atomic<Bool>(false)
        let started = ContinuousClock.now
        for _ in 0..<(4 * ProcessInfo.processInfo.activeProcessorCount) {
            for qos in [DispatchQoS.QoSClass.userInitiated, .default, .utility] {
                DispatchQueue.global(qos: qos).async {
                    while !release.load(ordering: .relaxed) && ContinuousClock.now - started < .seconds(8) {}
                }
            }
        }
        defer { release.store(true, ordering: .relaxed) }
        let clock = ContinuousClock()
        let start = clock.now
        let error = stopped("while true do end", seconds: 0.2)
        #expect(error?.kind == .timeout)
        #expect(clock.now - start < .seconds(3))
    }

    @Test func finalizersRunByAHostCallAreHeldToTheLimit() throws {
        let state = LuaState(memoryLimit: 32 << 20)
        state.openStandardLibraries()
        state.pushFunction(named: "churn") { call in
            // Garbage made by Swift: it runs collection steps, and so finalizers, inside this call.
            for _ in 0..<256 {
                call.stack.push(String(repeating: "y", count: 4096))
                call.stack.pop()
            }
            return 0
        }
        state.setGlobal("churn")
        let source = """
            reached = 0
            setmetatable({}, { __gc = function()
              local keep = {}
              for i = 1, 160 do keep[i] = string.rep("x", 1 << 20) reached = i end
            end })
            for _ = 1, 400 do churn() end
            return reached
            """
        let reached = try state.run(source, chunkName: "@s.lua")
        #expect(reached.first?.intValue.map { $0 > 0 && $0 < 40 } == true, "reached \(reached)")
        #expect(state.peakMemory < 40 << 20)
    }

    @Test func resultsAreCheckedAgainstTheMemoryLeft() throws {
        let state = LuaState(memoryLimit: 8 << 20)
        state.openStandardLibraries()
        let left = try #require(state.remainingMemory)
        #expect(left > 0 && left == 8 << 20 - state.memoryInUse)
        #expect(LuaState().remainingMemory == nil)
        state.pushFunction(named: "big") { call in
            try call.state.checkMemory(forResultOf: 16 << 20)
            call.stack.push(String(repeating: "y", count: 16 << 20))
            return 1
        }
        state.setGlobal("big")
        let error = #expect(throws: LuaError.self) { try state.run("keep = big()", chunkName: "@s.lua") }
        #expect(error?.kind == .memory)
        // Raised as Lua's own memory error, which carries no position.
        #expect(error?.message == "memory limit of 8 MB exceeded")
        #expect(state.peakMemory < 8 << 20)
    }

    @Test func nativeCodeSeesTheStopAndEndsTheScriptWithTheTimeout() throws {
        let state = LuaState()
        state.openStandardLibraries()
        let token = state.stopToken
        #expect(token.stopMessage == nil && !token.isStopRequested)
        state.pushFunction(named: "spin") { _ in
            // A native loop that asks the token, as the query engine does.
            let clock = ContinuousClock(), start = clock.now
            while clock.now - start < .seconds(10) {
                if let message = token.stopMessage { throw LuaScriptError(message) }
            }
            return 0
        }
        state.setGlobal("spin")
        let watchdog = Watchdog(state: state, seconds: 0.2)
        defer { watchdog.cancel() }
        let clock = ContinuousClock(), start = clock.now
        let error = #expect(throws: LuaError.self) { try state.run("spin()", chunkName: "@s.lua") }
        #expect(clock.now - start < .seconds(3))
        #expect(error?.kind == .timeout)
        #expect(error?.message == "s.lua:1: timeout after 0.2 s")
        #expect(token.stopMessage == "timeout after 0.2 s")
    }

    @Test(arguments: [1e308, Double.greatestFiniteMagnitude, 1e15, 9.5e18])
    func hugeTimeoutsNeitherCrashNorFire(seconds: Double) throws {
        let state = LuaState()
        state.openStandardLibraries()
        let watchdog = Watchdog(state: state, seconds: seconds)
        defer { watchdog.cancel() }
        #expect(try state.run("return 1 + 1") == [2])
        #expect(Watchdog.timeoutMessage(seconds: seconds) == "timeout after \(seconds) s")
        #expect(Watchdog.timeoutMessage(seconds: 5) == "timeout after 5 s")
    }
}

/// Runs `body` after `seconds` on a thread of its own, which busy dispatch queues cannot delay.
func onOwnThread(after seconds: Double, _ body: @escaping @Sendable () -> Void) {
    Thread.detachNewThread {
        Thread.sleep(forTimeInterval: seconds)
        body()
    }
}
