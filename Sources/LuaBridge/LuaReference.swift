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
        stack.pushValue(at: index)
        ref = state.withHostAllocation { luaL_ref(stack.L, PS_LUA_REGISTRYINDEX) }
    }

    deinit {
        if state != nil { luaL_unref(mainThread, PS_LUA_REGISTRYINDEX, ref) }
    }

    /// Pushes the referenced value onto `stack`.
    public func push(onto stack: LuaStack) {
        stack.getIndex(Int(ref), inTableAt: PS_LUA_REGISTRYINDEX)
    }

    /// Calls the referenced function on `stack` with arguments pushed by `pushArguments`
    /// (within ``LuaStack/slotsPerCall`` slots, or reserved by it), leaving `results` results
    /// on the stack, or throwing the Lua error it raised.
    ///
    /// - Returns: the number of results left on the stack.
    @discardableResult
    public func call(on stack: LuaStack, results: Int32 = 1,
                     pushArguments: (LuaStack) throws -> Int32) throws -> Int32 {
        let base = stack.top
        try stack.reserve(max(results, 0) + LuaStack.slotsPerCall)
        push(onto: stack)
        let count: Int32
        do {
            count = try pushArguments(stack)
        } catch {
            stack.setTop(base)
            throw error
        }
        let status = ps_host_pcall(stack.L, count, results, 0)
        guard status == LUA_OK else {
            let message = stack.string(at: -1) ?? "(error object is a \(stack.typeName(at: -1)) value)"
            stack.pop()
            throw stack.state.error(status: status, message: message)
        }
        return stack.top - base
    }
}
