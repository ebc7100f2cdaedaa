import CLua
import Foundation
import LuaBridge
import PeerSupport

/// One Lua state prepared for running PeerScript scripts: sandbox (or trusted), limits, and the
/// PeerScript API. `run` and the REPL each use one session.
public final class ScriptSession {
    /// The options the session was made with.
    public let options: ScriptOptions
    /// The Lua state.
    public let state: LuaState
    /// Where output functions write.
    public let output: OutputFolder
    let environment: ScriptEnvironment

    /// Prepares a state for scripts in `scriptFolder` (used first by `require`).
    public init(options: ScriptOptions, scriptFolder: String?) throws {
        self.options = options
        state = LuaState(memoryLimit: options.memoryLimitMB.map { $0 << 20 })
        output = OutputFolder(root: options.outputFolder, unrestricted: options.trusted)
        environment = try ScriptEnvironment(
            state: state, trusted: options.trusted,
            searchPath: options.librarySearchPath(scriptFolder: scriptFolder))
        try installAPI()
    }

    /// Runs the script file at `path` with `arguments`, setting `arg` as the stock interpreter
    /// does (`arg[0]` the script, `arg[1]`… its arguments, `arg[-1]` the program).
    public func runFile(_ path: String, arguments: [String]) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScriptFileError(path: path)
        }
        try run(Array(data), chunkName: "@" + path, scriptName: path, arguments: arguments)
    }

    /// Runs `source` given on the command line (`-e`), named `(command line)` in messages.
    public func runChunk(_ source: String, arguments: [String] = []) throws {
        try run(Array(source.utf8), chunkName: "=(command line)", scriptName: nil, arguments: arguments)
    }

    private func run(_ source: [UInt8], chunkName: String, scriptName: String?, arguments: [String]) throws {
        let stack = state.stack
        let base = stack.top
        defer { lua_settop(state.L, base) }
        try environment.loadScript(source, chunkName: chunkName)
        // The environment sits below the function: give it `arg`.
        pushArgTable(scriptName: scriptName, arguments: arguments)
        stack.setField("arg", inTableAt: -3)
        for argument in arguments { stack.push(argument) }
        try withLimits { try state.call(arguments: Int32(arguments.count), results: 0) }
    }

    /// Runs `body` under the session's time limit and with Ctrl-C routed to the script.
    public func withLimits<T>(_ body: () throws -> T) throws -> T {
        let watchdog = options.timeout.map { Watchdog(state: state, seconds: $0) }
        InterruptHandler.install(for: state)
        defer {
            watchdog?.cancel()
            InterruptHandler.remove()
        }
        return try body()
    }

    private func pushArgTable(scriptName: String?, arguments: [String]) {
        let stack = state.stack
        stack.pushTable(array: arguments.count, fields: 2)
        stack.push(CommandLine.arguments.first ?? "peerscript")
        lua_rawseti(state.L, -2, -1)
        if let scriptName {
            stack.push(scriptName)
            lua_rawseti(state.L, -2, 0)
        }
        for (offset, argument) in arguments.enumerated() {
            stack.push(argument)
            lua_rawseti(state.L, -2, lua_Integer(offset + 1))
        }
    }

    private func installAPI() throws {
        let stack = state.stack
        stack.pushTable(fields: 4)
        stack.push(peerScriptVersion)
        stack.setField("version", inTableAt: -2)
        stack.push(options.projectPath)
        stack.setField("project", inTableAt: -2)
        stack.push(output.root.path)
        stack.setField("output", inTableAt: -2)
        stack.push(options.trusted)
        stack.setField("trusted", inTableAt: -2)
        try environment.addGlobal("peerscript")
    }
}

/// The script file could not be read.
public struct ScriptFileError: Error, CustomStringConvertible {
    /// The path given.
    public let path: String
    public var description: String { "cannot open \(path)" }
}
