import CLua
import CLuaRuntime

/// A Lua 5.4 state owned by Swift: created with a counting allocator, closed on deinit.
///
/// A `LuaState` is confined to the thread that uses it; only ``handle`` may cross threads, to
/// ask a running script to stop.
public final class LuaState {
    /// The main thread's `lua_State`.
    public let L: OpaquePointer
    private let record = RuntimeRecord()
    private var runtime: UnsafeMutablePointer<ps_runtime> { record.pointer }
    /// The registered classes: their names and registry references to their metatables.
    var classes: [ObjectIdentifier: RegisteredClass] = [:]
    /// Swift objects kept for the state's lifetime, one per type (see ``attachment(_:make:)``).
    private var attachments: [ObjectIdentifier: AnyObject] = [:]

    /// Creates a state with no libraries opened.
    ///
    /// - Parameter memoryLimit: the most bytes the state may hold, or nil for no limit.
    public init(memoryLimit: Int? = nil) {
        _ = LuaState.dispatcherInstalled
        record.pointer.pointee.limit = memoryLimit.map { max(0, $0) } ?? 0
        guard let L = ps_newstate(record.pointer) else {
            fatalError("Lua could not allocate its initial state: the system is out of memory")
        }
        self.L = L
        ps_getextraspace(L).storeBytes(of: Unmanaged.passUnretained(self).toOpaque(),
                                       as: UnsafeMutableRawPointer.self)
        lua_atpanic(L, panicHandler)
    }

    deinit {
        if runtime.pointee.stop_reason == PS_STOP_INTERRUPT { ps_catch_interrupts(nil) }
        lua_close(L)
    }

    /// The main thread's stack.
    public var stack: LuaStack { LuaStack(L) }

    /// A thread-safe handle for stopping scripts from a watchdog or signal handler.
    public var handle: LuaStateHandle { LuaStateHandle(L: L) }

    /// Opens all standard libraries, as the stock `lua5.4` interpreter does.
    ///
    /// `coroutine.resume`, `wrap` and `close` are the runtime's own versions, which record the
    /// thread that runs so a timeout or Ctrl-C also stops a loop inside a coroutine.
    public func openStandardLibraries() {
        withHostAllocation { ps_open_standard_libraries(L) }
    }

    /// Bytes the state currently holds.
    public var memoryInUse: Int { runtime.pointee.used }

    /// The most bytes the state has held at once.
    public var peakMemory: Int { runtime.pointee.peak }

    /// The memory limit in bytes, or nil when there is none.
    public var memoryLimit: Int? { runtime.pointee.limit == 0 ? nil : runtime.pointee.limit }

    /// Whether an allocation was refused (or deferred) because of the memory limit.
    public var memoryLimitReached: Bool { runtime.pointee.limit_hit != 0 }

    /// Bytes the state may still allocate before its memory limit, or nil when it has none.
    ///
    /// Native code that builds a large result for Lua should compare its size with this first
    /// (see ``checkMemory(forResultOf:)``): the allocator grants whatever Swift code pushes and
    /// raises only when the host call returns, after the memory has been used.
    public var remainingMemory: Int? {
        memoryLimit == nil ? nil : Int(clamping: ps_remaining_memory(runtime))
    }

    /// Throws the memory-limit error when a result of about `bytes` would not fit in the
    /// memory left, so a host function can refuse it before building it.
    public func checkMemory(forResultOf bytes: Int) throws {
        if memoryRefusal(forResultOf: bytes) != nil { throw memoryLimitError() }
    }

    /// The memory-limit message when a result of about `bytes` would not fit, or nil. A
    /// refusal marks the running host call, so whatever error it then throws reaches the
    /// script as Lua's own memory error.
    public func memoryRefusal(forResultOf bytes: Int) -> String? {
        guard let memoryLimit, let remainingMemory, bytes > remainingMemory else { return nil }
        noteRefusal()
        return LuaState.memoryMessage(limit: memoryLimit)
    }

    /// The error a host function throws when what it would build does not fit in the memory
    /// left: it reaches the script as Lua's own memory error, like a refused allocation.
    public func memoryLimitError() -> LuaError {
        noteRefusal()
        return LuaError(kind: .memory, message: memoryMessage)
    }

    /// Records that the limit was met and that the running host call refused for it.
    private func noteRefusal() {
        ps_note_limit_hit(runtime)
        runtime.pointee.memory_refused = 1
    }

    /// The thread on which host code should call back into Lua: the thread of the running
    /// host call, or the main thread outside any. Callbacks a host call makes (such as `where`
    /// predicates) run on it: it is the thread that is running, while others (the main
    /// thread, during a coroutine) are suspended.
    public var currentThread: LuaStack { LuaStack(runtime.pointee.calling ?? L) }

    /// The state's object of type `type`, made by `make` on first use and kept until the state
    /// closes: where an API keeps what it shares between the calls of one state.
    public func attachment<Object: AnyObject>(_ type: Object.Type, make: () -> Object) -> Object {
        let key = ObjectIdentifier(type)
        if let object = attachments[key] as? Object { return object }
        let object = make()
        attachments[key] = object
        return object
    }

    /// The message of a refusal by the memory limit.
    static func memoryMessage(limit: Int) -> String { "memory limit of \(limit >> 20) MB exceeded" }

    /// A thread-safe view of stop requests, for native code that runs long inside a host call.
    public var stopToken: LuaStopToken { LuaStopToken(record: record) }

    /// The message the stopping hook raises when the time limit passes.
    public func setTimeoutMessage(_ message: String) {
        withUnsafeMutableBytes(of: &runtime.pointee.timeout_message) { buffer in
            let bytes = Array(message.utf8.prefix(buffer.count - 1))
            buffer.copyBytes(from: bytes + [0])
        }
    }

    /// The reason a stop was requested, if any.
    var stopReason: Int32 { Int32(runtime.pointee.stop_reason) }

    /// Runs `body` with the memory limit deferred, for setup code outside any protected call.
    func withHostAllocation<T>(_ body: () throws -> T) rethrows -> T {
        runtime.pointee.host_depth += 1
        defer { runtime.pointee.host_depth -= 1 }
        return try body()
    }

    static func owner(of L: OpaquePointer) -> LuaState {
        let raw = ps_getextraspace(L).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<LuaState>.fromOpaque(raw).takeUnretainedValue()
    }

    private static let dispatcherInstalled: Void = {
        ps_set_host_dispatch(dispatchHostCall)
        ps_set_box_release(releaseHostFunction)
    }()
}

/// The C runtime record: allocated before the state and freed after both the state and every
/// ``LuaStopToken`` reading it are gone.
final class RuntimeRecord: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<ps_runtime>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: ps_runtime())
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}

/// Tells native code, from any thread, whether the script it works for must stop now.
///
/// Long loops in Swift run no Lua code, so the stopping hook cannot end them; they ask the
/// token every few thousand iterations and throw ``stopMessage`` as an error: raised as a Lua
/// error when the host call returns, it stops the script as the hook would.
public struct LuaStopToken: Sendable {
    let record: RuntimeRecord

    /// Whether a timeout or interrupt has been requested (one atomic load).
    public var isStopRequested: Bool { ps_stop_reason(record.pointer) != PS_STOP_NONE }

    /// The error message a stopped script gets (`timeout after 5 s`, `interrupted`), or nil
    /// while the script may run on.
    public var stopMessage: String? {
        switch ps_stop_reason(record.pointer) {
        case Int32(PS_STOP_TIMEOUT):
            return withUnsafeBytes(of: record.pointer.pointee.timeout_message) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
        case Int32(PS_STOP_INTERRUPT): return "interrupted"
        default: return nil
        }
    }
}

/// A handle to a state that may be used from any thread, only to ask it to stop.
public struct LuaStateHandle: @unchecked Sendable {
    let L: OpaquePointer

    /// Asks the running script to stop with a timeout error (safe from any thread).
    public func stopForTimeout() { ps_request_stop(L, Int32(PS_STOP_TIMEOUT)) }

    /// Asks the running script to stop as if interrupted by Ctrl-C (safe from any thread).
    public func interrupt() { ps_request_stop(L, Int32(PS_STOP_INTERRUPT)) }
}

/// Lua calls this only for an error outside any protected call, which PeerScript never makes;
/// reaching it is a bug in PeerScript, so it stops with the message rather than corrupting memory.
private func panicHandler(_ L: OpaquePointer?) -> Int32 {
    let message = L.flatMap { LuaStack($0).string(at: -1) } ?? "unknown error"
    fatalError("unprotected Lua error: \(message)")
}
