import LuaBridge
import Synchronization
import Testing

/// Counts live instances so the tests can prove that Lua releases every object it held.
final class Tracked {
    static let live = Mutex(0)
    let name: String
    var closed = false

    init(_ name: String) {
        self.name = name
        Tracked.live.withLock { $0 += 1 }
    }

    deinit { Tracked.live.withLock { $0 -= 1 } }

    static func luaClass() -> LuaClass<Tracked> {
        LuaClass<Tracked>("Tracked")
        .property("name") { object, call in
            call.stack.push(object.name)
            return 1
        }
        .property("closed") { object, call in
            call.stack.push(object.closed)
            return 1
        }
        .method("greet") { object, call in
            let greeting = try call.string(2)
            call.stack.push("\(greeting), \(object.name)")
            return 1
        }
        .toString { "Tracked(\($0.name))" }
        .length { $0.name.count }
        .pairs { [("name", .string($0.name))] }
        .close { $0.closed = true }
    }
}

@Suite("Swift objects as Lua userdata", .serialized, .timeLimit(.minutes(3)))
struct UserdataTests {
    func makeState() -> LuaState {
        let state = LuaState()
        state.openStandardLibraries()
        state.register(Tracked.luaClass())
        state.pushFunction(named: "make") { call in
            call.stack.push(object: Tracked(try call.string(1)))
            return 1
        }
        state.setGlobal("make")
        return state
    }

    @Test func methodsPropertiesAndMetamethods() throws {
        let state = makeState()
        let results = try state.run("""
            local p = make("PAR1PW01")
            local keys = {}
            for k, v in pairs(p) do keys[#keys + 1] = k .. "=" .. v end
            return p.name, p:greet("hello"), tostring(p), #p, keys[1], p.missing
            """)
        #expect(results == ["PAR1PW01", "hello, PAR1PW01", "Tracked(PAR1PW01)", 8, "name=PAR1PW01", nil])
    }

    @Test func closeRunsAtScopeEnd() throws {
        let state = makeState()
        let results = try state.run("""
            local outer = make("x")
            do local inner <close> = outer end
            return outer.closed
            """)
        #expect(results == [true])
    }

    @Test func wrongSelfIsReported() throws {
        let state = makeState()
        let results = try state.run(#"local p = make("a"); return select(2, pcall(p.greet, {}, "hi"))"#)
        #expect(results == ["calling 'greet' on bad self (Tracked expected, got table)"])
    }

    @Test func metatableIsProtected() throws {
        let state = makeState()
        #expect(try state.run("return getmetatable(make('a'))") == ["Tracked"])
    }

    @Test func everyObjectIsReleasedWhenTheStateCloses() throws {
        let before = Tracked.live.withLock { $0 }
        do {
            let state = makeState()
            try state.run("keep = {} for i = 1, 1000 do keep[i] = make('p' .. i) end")
            #expect(Tracked.live.withLock { $0 } == before + 1000)
        }
        #expect(Tracked.live.withLock { $0 } == before)
    }

    @Test func hostFunctionsAreReleasedWhenLuaCollectsThem() throws {
        let state = makeState()
        let before = Tracked.live.withLock { $0 }
        state.pushFunction(named: "factory") { call in
            let captured = Tracked("captured")
            call.state.pushFunction(named: "inner") { call in
                call.stack.push(captured.name)
                return 1
            }
            return 1
        }
        state.setGlobal("factory")
        #expect(try state.run("return factory()()") == ["captured"])
        try state.run("for i = 1, 100 do factory() end collectgarbage() collectgarbage()")
        #expect(Tracked.live.withLock { $0 } == before)
    }

    @Test func garbageIsReleasedWhileRunning() throws {
        let state = makeState()
        let before = Tracked.live.withLock { $0 }
        try state.run("for i = 1, 500 do make('tmp') end collectgarbage() collectgarbage()")
        #expect(Tracked.live.withLock { $0 } == before)
    }
}
