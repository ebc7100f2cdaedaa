import Foundation

/// The documentation written in a Lua library module: the `---` comment block at the top of the
/// file (what the module is for) and the `---` block right above each exported function
/// (`function M.name(…)`), in the LuaLS annotation style (`@param`, `@return`, `@usage`).
///
/// This is what the REPL's `:help peer.bcts.by_role` shows for library functions, as the API
/// reference is for the built-in globals.
public struct LuaModuleDocs: Sendable, Hashable {
    /// One exported function and its doc header.
    public struct Function: Sendable, Hashable {
        /// The function's name within the module (`by_role`).
        public var name: String
        /// Its parameter list as written (`opts`, `role, opts`).
        public var parameters: String
        /// The doc header's lines without their `--- ` marks; nil when the function has none.
        public var doc: String?
        /// The line the function starts on.
        public var line: Int
    }

    /// The module's name (`peer.bcts`).
    public var module: String
    /// The file it was read from.
    public var path: String
    /// The comment block at the top of the file, if any.
    public var summary: String?
    /// The exported functions, in file order.
    public var functions: [Function]

    /// Reads the docs of `source`, the text of module `module` at `path`.
    public init(module: String, path: String, source: String) {
        self.module = module
        self.path = path
        var summary: [String] = []
        var pending: [String] = []
        var functions: [Function] = []
        var atTop = true
        for (index, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let text = Self.docText(line) {
                pending.append(text)
                continue
            }
            if atTop, !pending.isEmpty { summary = pending; pending = [] }
            atTop = false
            if let (name, parameters) = Self.exportedFunction(line) {
                functions.append(Function(name: name, parameters: parameters,
                                          doc: pending.isEmpty ? nil : pending.joined(separator: "\n"), line: index + 1))
            }
            pending = []
        }
        self.summary = summary.isEmpty ? nil : summary.joined(separator: "\n")
        self.functions = functions
    }

    /// The help text for one function: its call, then its doc header indented.
    public func help(for function: Function) -> String {
        let body = (function.doc ?? "(no documentation)").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0 }
        return (["\(module).\(function.name)(\(function.parameters))"] + body).joined(separator: "\n")
    }

    /// The help text for the module: its summary, then each function's call and first line.
    public func help() -> String {
        var lines = ["\(module) (library module, \(path))"]
        if let summary { lines += summary.split(separator: "\n").map { "  " + $0 } }
        for function in functions {
            let first = function.doc?.split(separator: "\n").first.map(String.init) ?? "(no documentation)"
            lines.append("  \(module).\(function.name)(\(function.parameters)) — \(first)")
        }
        return lines.joined(separator: "\n")
    }

    /// Help for `name`, a module (`peer.bcts`) or one of its functions (`peer.bcts.by_role`),
    /// found the way `require` finds modules in `searchPath`; nil when there is no such module
    /// or function.
    public static func help(for name: String, searchPath: [String]) -> String? {
        if let docs = load(module: name, searchPath: searchPath) { return docs.help() }
        guard let dot = name.lastIndex(of: "."),
              let docs = load(module: String(name[..<dot]), searchPath: searchPath),
              let function = docs.functions.first(where: { $0.name == name[name.index(after: dot)...] }) else { return nil }
        return docs.help(for: function)
    }

    /// The docs of module `module` (dots naming folders), from the first folder of `searchPath`
    /// holding `name.lua` or `name/init.lua`.
    public static func load(module: String, searchPath: [String]) -> LuaModuleDocs? {
        guard !module.isEmpty, module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
              !module.contains("..") else { return nil }
        let relative = module.replacingOccurrences(of: ".", with: "/")
        for folder in searchPath {
            for candidate in ["\(folder)/\(relative).lua", "\(folder)/\(relative)/init.lua"] {
                if let data = FileManager.default.contents(atPath: candidate) {
                    return LuaModuleDocs(module: module, path: candidate, source: String(decoding: data, as: UTF8.self))
                }
            }
        }
        return nil
    }

    /// The text of a `---` doc line, without the mark and one following space.
    private static func docText(_ line: String) -> String? {
        guard line.hasPrefix("---") else { return nil }
        let text = line.dropFirst(3)
        return String(text.first == " " ? text.dropFirst() : text)
    }

    /// `(name, parameters)` for `function M.name(parameters)` or `function M:name(parameters)`.
    private static func exportedFunction(_ line: String) -> (String, String)? {
        guard line.hasPrefix("function "), let open = line.firstIndex(of: "("),
              let close = line[open...].firstIndex(of: ")") else { return nil }
        let qualified = line[line.index(line.startIndex, offsetBy: 9)..<open].trimmingCharacters(in: .whitespaces)
        guard let separator = qualified.lastIndex(where: { $0 == "." || $0 == ":" }) else { return nil }
        let name = String(qualified[qualified.index(after: separator)...])
        let parameters = line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        return (name, parameters)
    }
}
