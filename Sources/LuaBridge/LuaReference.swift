import CLua
import CLuaRuntime

/// A Lua value kept alive in the registry so Swift can use it after the call that received it,
/// typically a function to call back. Released when the reference is deinitialised.
public final class LuaReference {
    // Weak: once the state is closing (or gone) the registry slot needs no release.
    private weak var state: LuaState?
    private let mainThread: OpaquePointer
    private let ref: Int32

    init(state: LuaState, stack: LuaStack, index: Int32) {
        self.state = state
        mainThread = state.L
        lua_pushvalue(stack.L, index)
        ref = state.withHostAllocation { luaL_ref(stack.L, PS_LUA_REGISTRYINDEX) }
    }

    deinit {
        if state != nil { luaL_unref(mainThread, PS_LUA_REGISTRYINDEX, ref) }
    }

    /// Pushes the referenced value onto `stack`.
    public func push(onto stack: LuaStack) {
        lua_rawgeti(stack.L, PS_LUA_REGISTRYINDEX, lua_Integer(ref))
    }

    /// Calls the referenced function on `stack` with arguments pushed by `pushArguments`,
    /// leaving `results` results on the stack (or throwing the Lua error it raised).
    ///
    /// - Returns: the number of results left on the stack.
    @discardableResult
    public func call(on stack: LuaStack, results: Int32 = 1,
                     pushArguments: (LuaStack) -> Int32) throws -> Int32 {
        let base = stack.top
        push(onto: stack)
        let count = pushArguments(stack)
        let status = ps_host_pcall(stack.L, count, results, 0)
        guard status == LUA_OK else {
            let message = stack.string(at: -1) ?? "(error object is a \(stack.typeName(at: -1)) value)"
            stack.pop()
            throw LuaError(kind: status == LUA_ERRMEM ? .memory : .runtime, message: message)
        }
        return stack.top - base
    }
}
