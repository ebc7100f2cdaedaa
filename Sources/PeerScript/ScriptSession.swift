import CorpusQuery
import Foundation
import LuaBridge

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
    let context: APIContext

    /// Prepares a state for scripts in `scriptFolder` (used first by `require`).
    public init(options: ScriptOptions, scriptFolder: String?) throws {
        self.options = options
        state = LuaState(memoryLimit: options.memoryLimitBytes)
        output = OutputFolder(root: options.outputFolder, unrestricted: options.trusted,
                              rootMayBeLink: !options.usesDefaultOutputFolder, advice: options.sandboxAdvice)
        let searchPath = options.librarySearchPath(scriptFolder: scriptFolder)
        environment = try ScriptEnvironment(state: state, trusted: options.trusted, searchPath: searchPath,
                                            advice: options.sandboxAdvice)
        context = APIContext(options: options, output: output, readableFolders: searchPath)
        context.limits = ScriptSession.limits(of: state)
        try PeerScriptAPI.install(into: state, environment: environment, context: context)
    }

    /// Runs the script file at `path` with `arguments`, setting `arg` as the stock interpreter
    /// does (`arg[0]` the script, `arg[1]`… its arguments, `arg[-1]` the program).
    public func runFile(_ path: String, arguments: [String]) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScriptFileError(path: path)
        }
        context.writer.script = (path, Array(data))
        try run(Array(data), chunkName: "@" + path, scriptName: path, arguments: arguments)
    }

    /// Runs `source` given on the command line (`-e`), named `(command line)` in messages.
    public func runChunk(_ source: String, arguments: [String] = []) throws {
        try run(Array(source.utf8), chunkName: "=(command line)", scriptName: nil, arguments: arguments)
    }

    /// The corpus the session's scripts query (opened and loaded on first use).
    public func corpusSnapshot() throws -> CorpusSnapshot { try context.corpus() }

    /// Runs `source` in a fresh script environment and returns copies of its results.
    public func evaluate(_ source: String, chunkName: String = "=(evaluate)") throws -> [LuaValue] {
        let stack = state.stack
        let base = stack.top
        defer { stack.setTop(base) }
        try environment.loadScript(Array(source.utf8), chunkName: chunkName)
        let count = try withLimits { try state.call(arguments: 0) }
        return try (0..<count).map { try stack.value(at: base + 2 + $0) }
    }

    private func run(_ source: [UInt8], chunkName: String, scriptName: String?, arguments: [String]) throws {
        let stack = state.stack
        let base = stack.top
        defer { stack.setTop(base) }
        try environment.loadScript(source, chunkName: chunkName)
        // The environment sits below the function: give it `arg`.
        pushArgTable(scriptName: scriptName, arguments: arguments)
        stack.setField("arg", inTableAt: -3)
        try stack.reserve(Int32(clamping: arguments.count))
        for argument in arguments { stack.push(argument) }
        _ = try withLimits { try state.call(arguments: Int32(arguments.count), results: 0) }
    }

    /// How long closing the session's state may take before a forced exit: what is left of the
    /// time limit counted from `start`, plus a second for every 256 MB the state holds (freeing
    /// takes time in proportion), so only finalizers that run on cannot finish in time.
    public func closingAllowance(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        let spent = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let left = max(0, (options.timeout ?? 0) - spent)
        return left + Double(state.memoryInUse) / Double(256 << 20)
    }

    /// Runs `body` under the session's time limit and with Ctrl-C routed to the script.
    public func withLimits<T>(_ body: () throws -> T) throws -> T {
        let watchdog = options.timeout.map { Watchdog(state: state, seconds: $0, forcedExit: options.forcedExit) }
        InterruptHandler.install(for: state)
        defer {
            watchdog?.cancel()
            InterruptHandler.remove()
        }
        return try body()
    }

    /// The limits native queries obey: they stop with the state's script and refuse results
    /// that would not fit in its memory limit. The state is held weakly: it owns the API
    /// functions that hold these limits.
    private static func limits(of state: LuaState) -> RunLimits {
        let token = state.stopToken
        let weakState = WeakState(state)
        return RunLimits(stopMessage: { token.stopMessage },
                         memoryRefusal: { bytes in weakState.state?.memoryRefusal(forResultOf: bytes) })
    }

    private func pushArgTable(scriptName: String?, arguments: [String]) {
        let stack = state.stack
        stack.pushTable(array: arguments.count, fields: 2)
        stack.push(CommandLine.arguments.first ?? "peerscript")
        stack.setIndex(-1, inTableAt: -2)
        if let scriptName {
            stack.push(scriptName)
            stack.setIndex(0, inTableAt: -2)
        }
        for (offset, argument) in arguments.enumerated() {
            stack.push(argument)
            stack.setIndex(offset + 1, inTableAt: -2)
        }
    }
}

/// A state reached only from the thread that runs it (queries run inside its host calls).
private final class WeakState: @unchecked Sendable {
    weak var state: LuaState?
    init(_ state: LuaState) { self.state = state }
}

/// The script file could not be read.
public struct ScriptFileError: Error, CustomStringConvertible {
    /// The path given.
    public let path: String
    public var description: String { "cannot open \(path)" }
}
