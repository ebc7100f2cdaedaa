import LuaBridge
import Testing

private struct Refusal: Error, CustomStringConvertible {
    var description: String { "the coder 'C9' is unknown" }
}

@Suite("Swift functions called from Lua, and Lua functions called from Swift", .timeLimit(.minutes(3)))
struct FunctionTests {
    let state: LuaState

    init() {
        state = LuaState()
        state.openStandardLibraries()
        state.pushFunction(named: "add") { call in
            let sum = try call.integer(1) + call.integer(2)
            return try call.returning(.integer(sum))
        }
        state.setGlobal("add")
        state.pushFunction(named: "refuse") { _ in throw Refusal() }
        state.setGlobal("refuse")
        state.pushFunction(named: "apply") { call in
            let function = try call.function(1)
            let count = try function.call(on: call.stack, results: 1) { stack in
                stack.push(try! call.integer(2))
                return 1
            }
            return count
        }
        state.setGlobal("apply")
    }

    @Test func swiftFunctionReturnsValues() throws {
        #expect(try state.run("return add(40, 2)") == [42])
    }

    @Test func thrownErrorBecomesLuaErrorAtCallersLine() throws {
        let error = #expect(throws: LuaError.self) {
            try state.run("local x = 1\nrefuse()\n", chunkName: "@analysis.lua")
        }
        #expect(error?.message == "analysis.lua:2: the coder 'C9' is unknown")
        #expect(error?.chunk == "analysis.lua")
        #expect(error?.line == 2)
        #expect(error?.reason == "the coder 'C9' is unknown")
        #expect(error?.traceback?.hasPrefix("stack traceback:") == true)
        #expect(error?.kind == .runtime)
    }

    @Test func thrownErrorCanBeCaughtWithPcall() throws {
        let results = try state.run("local ok, e = pcall(refuse); return ok, e", chunkName: "@a.lua")
        // Called straight from pcall there is no Lua caller, so no position (as with Lua's own errors).
        #expect(results == [false, "the coder 'C9' is unknown"])
        let wrapped = try state.run("local ok, e = pcall(function() refuse() end); return e", chunkName: "@a.lua")
        #expect(wrapped == ["a.lua:1: the coder 'C9' is unknown"])
    }

    @Test func badArgumentsAreNamedLikeLuasOwn() throws {
        let results = try state.run(#"return select(2, pcall(add, 1, "two"))"#)
        #expect(results == ["bad argument #2 to 'add' (number expected, got string)"])
        let missing = try state.run("return select(2, pcall(add, 1))")
        #expect(missing == ["bad argument #2 to 'add' (number expected, got no value)"])
    }

    @Test func luaFunctionsCanBeCalledFromSwift() throws {
        #expect(try state.run("return apply(function(x) return x * 3 end, 14)") == [42])
    }

    @Test func errorsInsideCallbacksPropagateUnchanged() throws {
        let error = #expect(throws: LuaError.self) {
            try state.run("apply(function(x)\n error('inner failure')\nend, 1)", chunkName: "@cb.lua")
        }
        #expect(error?.message == "cb.lua:2: inner failure")
    }

    @Test func runtimeErrorsCarryPositionAndTraceback() throws {
        let error = #expect(throws: LuaError.self) {
            try state.run("local t = nil\n\nreturn t.field", chunkName: "@script.lua")
        }
        #expect(error?.message == "script.lua:3: attempt to index a nil value (local 't')")
        #expect(error?.description.contains("\nstack traceback:\n") == true)
    }

    @Test func syntaxErrorsAreReportedWithLine() throws {
        let error = #expect(throws: LuaError.self) {
            try state.run("local x =\n\n", chunkName: "@broken.lua")
        }
        #expect(error?.kind == .syntax)
        #expect(error?.line == 3)
    }

    @Test func nonStringErrorObjectsAreDescribed() throws {
        let error = #expect(throws: LuaError.self) { try state.run("error({code = 1})") }
        #expect(error?.message == "(error object is a table value)")
        let custom = #expect(throws: LuaError.self) {
            try state.run("error(setmetatable({}, {__tostring = function() return 'custom' end}))")
        }
        #expect(custom?.message == "custom")
    }
}
