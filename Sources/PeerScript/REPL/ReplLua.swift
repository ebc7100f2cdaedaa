import LuaBridge

/// One session's Lua side of the REPL: the environment every line shares (so globals set on
/// one line are seen by the next), and the helpers that describe values and list members.
final class ReplLua {
    /// The session the lines run in.
    let session: ScriptSession
    let environment: LuaReference
    private let inspectFunction: LuaReference
    private let membersFunction: LuaReference
    private let ownerFunction: LuaReference

    /// Tables nested deeper than this print as `{...}`.
    static let maxDepth = 4
    /// Tables print at most this many entries, then how many more there are.
    static let maxItems = 100

    /// Prepares `session` for interactive use, with completion following `reference`.
    init(session: ScriptSession, reference: APIReference) throws {
        self.session = session
        let state = session.state
        let stack = state.stack
        try session.environment.pushNewEnvironment()
        environment = LuaReference(keeping: -1, of: stack)
        stack.pop()
        try state.load(replHelpersSource, chunkName: "=peerscript.repl")
        try Self.pushUnguardedGetmetatable(stack)
        try stack.push(ReplDocs.luaTable(reference))
        try state.call(arguments: 2, results: 1)
        func keep(_ name: String) -> LuaReference {
            stack.getField(name, inTableAt: -1)
            defer { stack.pop() }
            return LuaReference(keeping: -1, of: stack)
        }
        inspectFunction = keep("inspect")
        membersFunction = keep("members")
        ownerFunction = keep("owner")
        stack.pop()
    }

    private var state: LuaState { session.state }

    /// Compiles `source` as a chunk whose `_ENV` is the shared environment and pushes it.
    func load(_ source: [UInt8], chunkName: String) throws {
        try state.load(source, chunkName: chunkName, mode: session.options.trusted ? .textOrBinary : .text)
        environment.push(onto: state.stack)
        state.stack.setEnvironment(ofFunctionAt: -2)
    }

    /// Calls the chunk on top of the stack under the session's limits (with Ctrl-C stopping it)
    /// and describes its results. The state is ready for the next chunk afterwards, even after
    /// an interrupt or a timeout.
    func run() throws -> [ReplValue] {
        try runShowing { _, _ in nil }.map(\.0)
    }

    /// ``run()``, also giving each result's rich form as `rich` finds it (nil for none).
    func runShowing(_ rich: (LuaStack, Int32) -> RichOutput?) throws -> [(ReplValue, RichOutput?)] {
        let stack = state.stack
        let base = stack.top - 1
        defer {
            state.stack.setTop(base)
            // A stop requested as the chunk finished would otherwise hit the next one.
            state.clearStop()
        }
        let count = try session.withLimits { try state.call(arguments: 0) }
        // Describing runs __tostring and __pairs, which are script code too.
        return try session.withLimits {
            try (0..<count).map { (try describe(at: base + 1 + $0), rich(stack, base + 1 + $0)) }
        }
    }

    func describe(at index: Int32) throws -> ReplValue {
        let stack = state.stack
        try inspectFunction.call(on: stack, results: 1) { stack in
            stack.pushValue(at: index)
            stack.push(Self.maxDepth)
            stack.push(Self.maxItems)
            return 3
        }
        defer { stack.pop() }
        guard let value = ReplValue(description: try stack.value(at: -1)) else {
            throw LuaError(kind: .runtime, message: "the value could not be described for printing")
        }
        return value
    }

    /// The names that may follow `path` and `separator`, with their kinds; empty when the path
    /// leads nowhere known.
    func members(after path: [ReplPathStep], separator: String) -> [String: String] {
        guard case .table(let entries)? = callHelper(membersFunction, path: path, extra: separator) else { return [:] }
        var names: [String: String] = [:]
        for (key, kind) in entries {
            if let name = key.stringValue, let kind = kind.stringValue { names[name] = kind }
        }
        return names
    }

    /// The documented class or module `path` leads to.
    func owner(of path: [ReplPathStep]) -> String? {
        callHelper(ownerFunction, path: path, extra: nil)?.stringValue
    }

    private func callHelper(_ helper: LuaReference, path: [ReplPathStep], extra: String?) -> LuaValue? {
        let stack = state.stack
        do {
            try helper.call(on: stack, results: 1) { stack in
                environment.push(onto: stack)
                try stack.push(LuaValue.array(path.map(\.luaValue)))
                stack.push(extra)
                return 3
            }
        } catch {
            // Completion and help degrade to nothing rather than interrupt typing.
            return nil
        }
        defer { stack.pop() }
        return try? stack.value(at: -1)
    }

    /// Pushes `debug.getmetatable`, which the sandbox keeps from scripts: the helpers need it to
    /// see through the `__metatable` of read-only tables, and never hand it to script code.
    private static func pushUnguardedGetmetatable(_ stack: LuaStack) throws {
        guard stack.getRegistryField("_LOADED") == .table else {
            stack.pop()
            throw LuaError(kind: .runtime, message: "the Lua state has no table of loaded libraries")
        }
        guard stack.getField("debug", inTableAt: -1) == .table else {
            stack.pop(2)
            throw LuaError(kind: .runtime, message: "the Lua state has no debug library")
        }
        stack.getField("getmetatable", inTableAt: -1)
        stack.remove(at: -2)
        stack.remove(at: -2)
    }
}

/// The Lua half of the REPL (`Lua/repl_helpers.lua`), compiled once per session with the
/// state's own globals.
///
/// It receives `debug.getmetatable` (which sees the metatables that `__metatable` hides, as the
/// read-only API tables do) and the API documentation as plain tables, and returns three
/// functions for the Swift side:
/// - `inspect(value, max_depth, max_items)` describes a value for printing as nested arrays
///   (see ``ReplValue``). Like `print` and `pairs`, it uses `__tostring` and `__pairs`.
/// - `members(env, steps, sep)` lists the names that may follow an access path and `.`, `:` (or
///   nothing, for globals), as name → "function" | "table" | "value".
/// - `owner(env, steps)` names the documented type (class or module) a path leads to.
///
/// A path is an array of steps `{sep = "" | "." | ":" | "[", name = …, called = true|nil}`.
/// Paths are followed without running the script's code: plain tables are read with `rawget`
/// along their `__index` tables; calls and userdata fields are followed through the documented
/// result types instead.
let replHelpersSource = EmbeddedLua.chunk(PackageResources.repl_helpers_lua)
