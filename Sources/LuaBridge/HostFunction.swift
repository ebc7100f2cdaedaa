import CLua
import CLuaRuntime

/// The body of a Swift function callable from Lua. It reads its arguments from `call`, pushes its
/// results and returns how many it pushed; a thrown error becomes a Lua error at the caller's line.
public typealias LuaFunctionBody = (LuaCall) throws -> Int32

/// A Swift function held by a Lua closure; released when Lua collects the closure.
final class HostFunction {
    let name: String
    /// Methods are called with `:`, so argument positions in messages skip `self`.
    let isMethod: Bool
    let body: LuaFunctionBody

    init(name: String, isMethod: Bool, body: @escaping LuaFunctionBody) {
        self.name = name
        self.isMethod = isMethod
        self.body = body
    }
}

/// An error a host function throws to report bad use by the script, shown at the script's line.
public struct LuaScriptError: Error, CustomStringConvertible, Sendable {
    /// The message, without position; the caller's `chunk:line:` is added when raised.
    public var message: String

    /// Makes an error with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension LuaState {
    /// Pushes a Swift function as a Lua function.
    ///
    /// - Parameters:
    ///   - name: the name used in error messages (`bad argument #1 to 'name'`).
    ///   - isMethod: true for functions called with `:`, so argument numbers skip `self`.
    public func pushFunction(named name: String, isMethod: Bool = false, _ body: @escaping LuaFunctionBody) {
        pushFunction(on: L, named: name, isMethod: isMethod, body)
    }

    /// Pushes a host function whose upvalues 2… are the `extraUpvalues` values on top (popped)
    /// of `thread`'s stack.
    func pushFunction(on thread: OpaquePointer, named name: String, isMethod: Bool,
                      extraUpvalues: Int32 = 0, _ body: @escaping LuaFunctionBody) {
        let function = HostFunction(name: name, isMethod: isMethod, body: body)
        LuaStack(thread).room(2)   // the box and its metatable, before they become the closure
        withHostAllocation {
            ps_push_host_function(thread, Unmanaged.passRetained(function).toOpaque(), extraUpvalues)
        }
    }
}

extension LuaStack {
    /// Pushes a Swift function onto this stack's thread. Use it (rather than
    /// ``LuaState/pushFunction(named:isMethod:_:)``, which pushes onto the main thread) for a
    /// function a host call returns, since the call may run in a coroutine.
    public func pushFunction(named name: String, isMethod: Bool = false, _ body: @escaping LuaFunctionBody) {
        state.pushFunction(on: L, named: name, isMethod: isMethod, body)
    }
}

/// The Swift side of one call from Lua: its arguments, and where results are pushed.
///
/// Reading methods throw ``LuaScriptError`` with Lua's usual wording
/// (`bad argument #2 to 'crosstab' (string expected, got nil)`).
public struct LuaCall {
    /// The stack of the calling thread.
    public let stack: LuaStack
    let function: HostFunction

    /// The calling thread.
    public var L: OpaquePointer { stack.L }

    /// The state the call runs in.
    public var state: LuaState { stack.state }

    /// The name the function was registered under.
    public var functionName: String { function.name }

    /// How many arguments the call received.
    public var argumentCount: Int32 { stack.top }

    /// A copy of argument `index` (1-based); see ``LuaStack/value(at:)`` for what is refused.
    public func value(_ index: Int32) throws -> LuaValue {
        do {
            return try stack.value(at: index)
        } catch let error as LuaValueError {
            throw argumentError(index, error.description)
        }
    }

    /// Whether argument `index` is absent or nil.
    public func isNil(_ index: Int32) -> Bool { stack.isNoneOrNil(index) }

    /// The Lua type name of argument `index`.
    public func typeName(_ index: Int32) -> String { stack.typeName(at: index) }

    /// Argument `index` as a string (numbers are converted).
    public func string(_ index: Int32) throws -> String {
        guard let text = stack.string(at: index) else { throw typeError(index, expected: "string") }
        return text
    }

    /// Argument `index` as a string, or nil when absent or nil.
    public func optionalString(_ index: Int32) throws -> String? {
        isNil(index) ? nil : try string(index)
    }

    /// Argument `index` as an integer (floats with an integral value are accepted).
    public func integer(_ index: Int32) throws -> Int {
        var isNumber: Int32 = 0
        let value = lua_tointegerx(L, index, &isNumber)
        if isNumber != 0 { return Int(value) }
        if lua_type(L, index) == LUA_TNUMBER {
            throw argumentError(index, "number has no integer representation")
        }
        throw typeError(index, expected: "number")
    }

    /// Argument `index` as an integer, or nil when absent or nil.
    public func optionalInteger(_ index: Int32) throws -> Int? {
        isNil(index) ? nil : try integer(index)
    }

    /// Argument `index` as a number.
    public func number(_ index: Int32) throws -> Double {
        var isNumber: Int32 = 0
        let value = lua_tonumberx(L, index, &isNumber)
        guard isNumber != 0 else { throw typeError(index, expected: "number") }
        return value
    }

    /// Argument `index` as Lua truth (everything but nil and false is true).
    public func boolean(_ index: Int32) -> Bool { lua_toboolean(L, index) != 0 }

    /// Argument `index`, which must be a table, copied into Swift.
    public func table(_ index: Int32) throws -> LuaValue {
        guard lua_type(L, index) == LUA_TTABLE else { throw typeError(index, expected: "table") }
        return try value(index)
    }

    /// Argument `index` as a table of options: string keys to values; nil when absent.
    public func options(_ index: Int32) throws -> [String: LuaValue] {
        if isNil(index) { return [:] }
        guard case .table(let entries) = try table(index) else { return [:] }
        var options: [String: LuaValue] = [:]
        for (key, value) in entries {
            guard let name = key.stringValue else {
                throw argumentError(index, "option names must be strings")
            }
            options[name] = value
        }
        return options
    }

    /// Argument `index` as options whose names must be among `allowed`; a misspelt name is an
    /// argument error listing the names the function takes.
    public func options(_ index: Int32, allowed: [String]) throws -> [String: LuaValue] {
        let options = try options(index)
        if let unknown = options.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw argumentError(index, "unknown option '\(unknown)'; \(function.name) takes "
                + allowed.map { "'\($0)'" }.joined(separator: ", "))
        }
        return options
    }

    /// Argument `index` as a function the Swift side can call later.
    public func function(_ index: Int32) throws -> LuaReference {
        guard lua_type(L, index) == LUA_TFUNCTION else { throw typeError(index, expected: "function") }
        return LuaReference(state: state, stack: stack, index: index)
    }

    /// An error for argument `index`, numbered as the script sees it.
    public func argumentError(_ index: Int32, _ message: String) -> LuaScriptError {
        let shown = function.isMethod ? index - 1 : index
        if shown == 0 {
            return LuaScriptError("calling '\(function.name)' on bad self (\(message))")
        }
        return LuaScriptError("bad argument #\(shown) to '\(function.name)' (\(message))")
    }

    /// An error for argument `index` having the wrong type.
    public func typeError(_ index: Int32, expected: String) -> LuaScriptError {
        let actual = lua_type(L, index) == LUA_TNONE ? "no value" : typeName(index)
        return argumentError(index, "\(expected) expected, got \(actual)")
    }

    /// Pushes the given values and returns how many were pushed, for `return call.returning(…)`.
    public func returning(_ values: LuaValue...) throws -> Int32 {
        try stack.reserve(Int32(values.count))
        for value in values { try stack.push(value) }
        return Int32(values.count)
    }
}

/// The one Swift entry point that the C trampoline calls for every host function.
///
/// Returns the number of results, or a ``HostCallStatus`` code (negative) after pushing
/// what the trampoline raises. Lua promises a C function `LUA_MINSTACK` (20) free slots;
/// the call first reserves ``LuaStack/slotsPerCall``, so bodies may push that many freely.
let dispatchHostCall: @convention(c) (OpaquePointer?) -> Int32 = { L in
    guard let L, let box = ps_host_function_box(L) else { return 0 }
    let function = Unmanaged<HostFunction>.fromOpaque(box).takeUnretainedValue()
    let call = LuaCall(stack: LuaStack(L), function: function)
    guard lua_checkstack(L, LuaStack.slotsPerCall) != 0 else {
        return call.fail(with: LuaValueError.stackOverflow)
    }
    do {
        return try call.function.body(call)
    } catch {
        return call.fail(with: error)
    }
}

/// What the trampoline does after a host function failed (see `ps_host_trampoline`).
enum HostCallStatus {
    /// Raise the error value on top of the stack.
    static let raise = Int32(PS_HOST_RAISE_ERROR)
    /// Raise Lua's own memory error (`LUA_ERRMEM`), as a refused allocation would.
    static let raiseMemoryError = Int32(PS_HOST_RAISE_MEMORY_ERROR)
}

extension LuaCall {
    /// Leaves the error for the trampoline to raise once Swift has returned.
    func fail(with error: any Error) -> Int32 {
        switch error {
        case let error as LuaError where error.kind == .memory:
            return HostCallStatus.raiseMemoryError
        case let error as LuaError:
            // An error from Lua code that Swift called: pass it on unchanged.
            stack.push(error.message)
        default:
            luaL_where(L, 1)
            let position = stack.string(at: -1) ?? ""
            stack.pop()
            stack.push(position + Self.bounded(String(describing: error)))
        }
        return HostCallStatus.raise
    }

    /// The most bytes of a host error's message that reach the script: messages quote what
    /// they were given, and a script may give megabytes.
    static let messageLimit = 4_000

    /// `message`, cut to about ``messageLimit`` bytes with a note of its full size.
    static func bounded(_ message: String) -> String {
        let size = message.utf8.count
        guard size > messageLimit else { return message }
        let kept = message.utf8.prefix(messageLimit)
        return String(decoding: kept, as: UTF8.self) + "… (message cut: \(size) bytes in all)"
    }
}

/// Releases a host function once Lua has collected the closure that held it.
let releaseHostFunction: @convention(c) (UnsafeMutableRawPointer?) -> Void = { box in
    guard let box else { return }
    Unmanaged<HostFunction>.fromOpaque(box).release()
}
