import CLua
import CLuaRuntime
import Foundation

/// What scripts run in: the sandbox (the default) or the full standard libraries (`trusted`).
///
/// In the sandbox a script sees only safe base functions, `string`, `table`, `math`, `utf8`,
/// `coroutine`, `os.time`/`clock`/`date`/`difftime` and `io.write`; everything else that could
/// touch the machine raises a clear error. Library tables and API tables are read-only (to
/// `rawset` too), and each script or module gets its own `_ENV`, so it cannot change what others
/// see. `require` finds Lua source files only, in `searchPath` order, and only files whose real
/// location (after symbolic links) lies in one of those folders.
public final class ScriptEnvironment {
    /// Whether scripts get the full standard libraries, as in the stock interpreter.
    public let trusted: Bool
    /// Folders searched by `require`, in order; `dofile`/`loadfile` may read only inside them.
    public let searchPath: [String]
    /// How refusals say to lift a restriction.
    public let advice: SandboxAdvice
    private let state: LuaState
    private let newEnvironment: LuaReference
    private let addGlobalFunction: LuaReference

    /// Opens the standard libraries in `state` and prepares the environment.
    ///
    /// - Parameters:
    ///   - trusted: give scripts the full standard libraries.
    ///   - searchPath: the library folders, in search order (the script's folder first).
    ///   - advice: how refusals say to lift a restriction, in the embedder's words.
    public init(state: LuaState, trusted: Bool, searchPath: [String], advice: SandboxAdvice = .neutral) throws {
        self.state = state
        self.trusted = trusted
        self.searchPath = searchPath.map(ScriptEnvironment.canonical)
        self.advice = advice
        state.openStandardLibraries()
        let stack = state.stack
        try state.load(environmentBootstrap, chunkName: "=peerscript.environment")
        pushHostFileFunctions(into: state, roots: self.searchPath, advice: advice)
        stack.push(trusted)
        stack.push(self.searchPath)
        if let limit = state.memoryLimit { stack.push(limit) } else { stack.pushNil() }
        stack.push(advice.allowIt)
        try state.call(arguments: 5, results: 1)
        stack.getField("new_env", inTableAt: -1)
        newEnvironment = LuaReference(state: state, stack: stack, index: -1)
        stack.pop()
        stack.getField("add_global", inTableAt: -1)
        addGlobalFunction = LuaReference(state: state, stack: stack, index: -1)
        stack.pop(2)
    }

    /// Makes the value on top of the stack (popped) a global every script sees; tables become
    /// read-only views.
    public func addGlobal(_ name: String) throws {
        let stack = state.stack
        let value = LuaReference(state: state, stack: stack, index: -1)
        stack.pop()
        try addGlobalFunction.call(on: stack, results: 0) { stack in
            stack.push(name)
            value.push(onto: stack)
            return 2
        }
    }

    /// Pushes a fresh `_ENV` for one script (in trusted mode, the global table).
    public func pushNewEnvironment() throws {
        try newEnvironment.call(on: state.stack, results: 1) { _ in 0 }
    }

    /// Compiles a script and pushes it as a function whose `_ENV` is a fresh environment.
    /// A first line starting with `#` (as in `#!/usr/bin/env peerscript`) is skipped.
    ///
    /// - Returns: nothing; the function is on top of the stack, and its environment below it.
    public func loadScript(_ source: [UInt8], chunkName: String) throws {
        try pushNewEnvironment()
        try state.load(Self.skippingHashLine(source), chunkName: chunkName,
                       mode: trusted ? .textOrBinary : .text)
        lua_pushvalue(state.L, -2)
        _ = lua_setupvalue(state.L, -2, 1)
    }

    /// Replaces a `#` first line by an empty one, keeping line numbers.
    static func skippingHashLine(_ source: [UInt8]) -> [UInt8] {
        guard source.first == UInt8(ascii: "#") else { return source }
        guard let newline = source.firstIndex(of: UInt8(ascii: "\n")) else { return [] }
        return Array(source[newline...])
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The real location of `path` when it lies inside one of `folders` (after resolving `..`
    /// and symbolic links); otherwise an error saying scripts may not read it, and how to lift that.
    public static func readablePath(_ path: String, within folders: [String],
                                    advice: SandboxAdvice = .neutral) throws -> String {
        let real = canonical(path)
        let roots = folders.map(canonical)
        guard roots.contains(where: { real == $0 || real.hasPrefix($0 + "/") }) else {
            throw LuaScriptError("cannot read '\(path)': scripts may read files only in the script's folder and the library folders (\(advice.liftThis))")
        }
        return real
    }
}

/// What the environment needs from the host: finding a module, reading a file, and raising
/// the memory error.
private func pushHostFileFunctions(into state: LuaState, roots: [String], advice: SandboxAdvice) {
    let stack = state.stack
    stack.pushTable(fields: 3)
    state.pushFunction(named: "require") { call in
        let name = try call.string(1)
        switch ModuleFinder(roots: roots, advice: advice).find(name) {
        case .failure(let notFound):
            call.stack.pushNil()
            call.stack.push(notFound.description)
        case .success(let file):
            try loadChunk(file.source, chunkName: "@" + file.path, environmentAt: 2, call: call)
            call.stack.push(file.path)
        }
        return 2
    }
    stack.setField("find_module", inTableAt: -2)
    state.pushFunction(named: "loadfile") { call in
        let path = try call.string(1)
        let canonical: String
        do {
            canonical = try ScriptEnvironment.readablePath(path, within: roots, advice: advice)
        } catch let refusal as LuaScriptError {
            call.stack.pushNil()
            call.stack.push(refusal.message)
            return 2
        }
        guard let data = FileManager.default.contents(atPath: canonical) else {
            call.stack.pushNil()
            call.stack.push("cannot open \(path)")
            return 2
        }
        try loadChunk(ScriptEnvironment.skippingHashLine(Array(data)), chunkName: "@" + path,
                      environmentAt: 2, call: call)
        return 1
    }
    stack.setField("load_file", inTableAt: -2)
    state.pushFunction(named: "memory_error") { call in throw call.state.memoryLimitError() }
    stack.setField("memory_error", inTableAt: -2)
}

/// Compiles text and pushes the function with `_ENV` set to the value at `environmentAt`.
private func loadChunk(_ source: [UInt8], chunkName: String, environmentAt index: Int32, call: LuaCall) throws {
    try call.stack.load(source, chunkName: chunkName, mode: .text)
    lua_pushvalue(call.L, index)
    _ = lua_setupvalue(call.L, -2, 1)
}

/// Finds `require`d modules: names of letters, digits, `_` and `.`; dots become folders.
struct ModuleFinder {
    let roots: [String]
    var advice: SandboxAdvice = .neutral

    struct File {
        let path: String
        let source: [UInt8]
    }

    func find(_ name: String) -> Result<File, ModuleNotFound> {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == "_" || $0 == "."
        }
        guard allowed, !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else {
            return .failure(ModuleNotFound("module name '\(name)' is not valid: use letters, digits, '_' and '.' only"))
        }
        let relative = name.replacingOccurrences(of: ".", with: "/")
        var tried: [String] = []
        for root in roots {
            for candidate in ["\(root)/\(relative).lua", "\(root)/\(relative)/init.lua"] {
                if FileManager.default.fileExists(atPath: candidate) {
                    return load(candidate, name: name)
                }
                tried.append(candidate)
            }
        }
        return .failure(ModuleNotFound("module '\(name)' not found:" + tried.map { "\n\tno file '\($0)'" }.joined()))
    }

    /// Reads the module file at `candidate`, unless its real location (after symbolic links)
    /// lies outside the search folders: a link must not lead `require` to other files.
    private func load(_ candidate: String, name: String) -> Result<File, ModuleNotFound> {
        let real: String
        do {
            real = try ScriptEnvironment.readablePath(candidate, within: roots, advice: advice)
        } catch {
            return .failure(ModuleNotFound("cannot load module '\(name)': '\(candidate)' leads outside the script's folder and the library folders (\(advice.liftThis))"))
        }
        guard let data = FileManager.default.contents(atPath: real) else {
            return .failure(ModuleNotFound("cannot load module '\(name)': cannot read '\(candidate)'"))
        }
        return .success(File(path: candidate, source: ScriptEnvironment.skippingHashLine(Array(data))))
    }
}

/// Why `require` found no module.
struct ModuleNotFound: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The Lua half of the script environment (`Lua/sandbox.lua`), run once per state with the full
/// standard libraries.
///
/// It receives the host's file functions, the trusted flag, the search path, the memory limit and
/// the advice its refusals give, and returns the functions the
/// Swift side keeps: `new_env` (a fresh `_ENV` for a script or module) and `add_global` (an API
/// table every environment sees, read-only).
let environmentBootstrap = EmbeddedLua.chunk(PackageResources.sandbox_lua)
