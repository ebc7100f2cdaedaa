import CLua
import CLuaRuntime

/// Which kinds of chunk `load` accepts.
public enum ChunkMode: String, Sendable {
    /// Source text only: the sandbox's mode, since crafted bytecode can corrupt memory.
    case text = "t"
    /// Source text or precompiled bytecode, as the stock interpreter allows.
    case textOrBinary = "bt"
}

extension LuaStack {
    /// Compiles `source` and pushes the resulting function onto this thread's stack.
    ///
    /// Loading never raises a Lua error (the parser runs protected), so Swift code may call
    /// this directly, including from inside a host function.
    ///
    /// - Parameters:
    ///   - chunkName: the name errors show: `"@script.lua"` shows as `script.lua:12:`,
    ///     `"=(command line)"` as `(command line):1:`.
    ///   - mode: whether bytecode is accepted.
    public func load(_ source: [UInt8], chunkName: String, mode: ChunkMode = .text) throws {
        let status = source.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                ps_loadbuffer(L, chars.baseAddress ?? emptyChunk, chars.count, chunkName, mode.rawValue)
            }
        }
        guard status == LUA_OK else {
            let message = string(at: -1) ?? "cannot load \(chunkName)"
            pop()
            throw LuaError(kind: status == LUA_ERRMEM ? .memory : .syntax, message: message)
        }
    }
}

extension LuaState {
    /// Compiles `source` and pushes the resulting function onto the main thread's stack.
    ///
    /// - Parameters:
    ///   - chunkName: the name errors show: `"@script.lua"` shows as `script.lua:12:`,
    ///     `"=(command line)"` as `(command line):1:`.
    ///   - mode: whether bytecode is accepted.
    public func load(_ source: [UInt8], chunkName: String, mode: ChunkMode = .text) throws {
        // Outside any host call: defer the memory limit so the parser's allocations succeed.
        try withHostAllocation { try stack.load(source, chunkName: chunkName, mode: mode) }
    }

    /// Compiles `source` text and pushes the resulting function.
    public func load(_ source: String, chunkName: String, mode: ChunkMode = .text) throws {
        try load(Array(source.utf8), chunkName: chunkName, mode: mode)
    }

    /// Calls the function below `arguments` values on the stack, with a traceback on error.
    ///
    /// - Returns: the number of results left on the stack (all of them when `results` is nil).
    @discardableResult
    public func call(arguments: Int32, results: Int32? = nil) throws -> Int32 {
        let functionIndex = stack.top - arguments
        try stack.reserve(max(results ?? 0, 0) + LuaStack.slotsPerCall)
        lua_pushcclosure(L, ps_traceback_handler, 0)
        ps_insert(L, functionIndex)
        let status = ps_host_pcall(L, arguments, results ?? PS_LUA_MULTRET, functionIndex)
        ps_remove(L, functionIndex)
        guard status == LUA_OK else {
            let text = stack.string(at: -1) ?? "(error object is a \(stack.typeName(at: -1)) value)"
            stack.pop()
            throw error(status: status, message: text)
        }
        return stack.top - functionIndex + 1
    }

    /// Compiles and runs `source`, returning copies of its results.
    @discardableResult
    public func run(_ source: String, chunkName: String = "=(string)", mode: ChunkMode = .text) throws -> [LuaValue] {
        let base = stack.top
        defer { lua_settop(L, base) }
        try load(source, chunkName: chunkName, mode: mode)
        let count = try call(arguments: 0)
        return try (0..<count).map { try stack.value(at: base + 1 + $0) }
    }

    /// Sets the global `name` (in the state's global table, raw) to the value on top (popped).
    public func setGlobal(_ name: String) {
        stack.room()
        ps_pushglobaltable(L)
        ps_insert(L, -2)
        stack.setField(name, inTableAt: -2)
        stack.pop()
    }

    /// The error a failed protected call left, classified by what the runtime recorded (the
    /// status Lua returned, the stop requested), never by the message's wording.
    func error(status: Int32, message: String) -> LuaError {
        if status == LUA_ERRMEM { return LuaError(kind: .memory, message: memoryMessage) }
        switch stopReason {
        case Int32(PS_STOP_TIMEOUT): return LuaError(kind: .timeout, handled: message)
        case Int32(PS_STOP_INTERRUPT): return LuaError(kind: .interrupted, handled: message)
        default: return LuaError(kind: .runtime, handled: message)
        }
    }

    /// The message for a refused allocation: the limit when one was set, Lua's words otherwise.
    var memoryMessage: String {
        guard let memoryLimit, memoryLimitReached else { return "not enough memory" }
        return LuaState.memoryMessage(limit: memoryLimit)
    }
}

/// A valid pointer for compiling an empty chunk (an empty array has no base address).
nonisolated(unsafe) let emptyChunk: UnsafePointer<CChar> = {
    let byte = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    byte.initialize(to: 0)
    return UnsafePointer(byte)
}()
