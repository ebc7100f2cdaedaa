import Foundation
import ResultTables

/// Finds completions for the text before the cursor: globals and keywords, members after `.`
/// and `:` (from live tables and, for objects and call results, from the API documentation),
/// field names inside strings passed to query methods, and the REPL's `:` commands.
struct ReplCompleter {
    /// Names that may follow a path and a separator (`""` for globals, `.` or `:`), each with
    /// its kind: `function`, `table` or `value`.
    var members: (_ path: [ReplPathStep], _ separator: String) -> [String: String]
    /// The documented class or module a path leads to, if known.
    var owner: (_ path: [ReplPathStep]) -> String?
    /// The names of the fields queries accept.
    var fieldNames: () -> [String]
    /// The documentation, for `:help` names and for knowing which methods take field names.
    var reference: APIReference

    /// The completions of `text`, the line up to the cursor.
    func complete(_ text: String) -> ReplCompletion {
        if let command = ReplCommandLine.split(text) { return completeCommand(command) }
        let line = ReplLineScanner.scan(text)
        switch line.ending {
        case .comment, .longString:
            return .none
        case .openString(let quote, let content):
            return completeField(content, quote: quote, after: line.tokens)
        case .code:
            return completeName(line)
        }
    }

    // MARK: Lua names

    private func completeName(_ line: ScannedLine) -> ReplCompletion {
        var tokens = line.tokens
        var word = ""
        if !line.endsWithSpace, case .name(let name)? = tokens.last {
            word = name
            tokens.removeLast()
        } else if !line.endsWithSpace, case .keyword(let name)? = tokens.last {
            // A keyword may be the start of a longer name (`nil` → `nilCount`).
            word = name
            tokens.removeLast()
        } else if !line.endsWithSpace, let last = tokens.last, [.number, .string, .symbol(")"), .symbol("]"), .symbol("}")].contains(last) {
            return .none
        }
        if let separator = tokens.last, separator == .symbol(".") || separator == .symbol(":") {
            guard let path = ReplPath.read(tokens, endingBefore: tokens.count - 1) else { return .none }
            let sign = separator == .symbol(".") ? "." : ":"
            return candidates(from: members(path, sign), word: word)
        }
        var names = members([], "")
        for keyword in LuaKeywords.all { names[keyword] = "keyword" }
        return candidates(from: names, word: word)
    }

    private func candidates(from names: [String: String], word: String) -> ReplCompletion {
        // Names starting with `_` (`_G`, `_VERSION`, private helpers) show once `_` is typed.
        let matching = names.filter { name, _ in
            name.hasPrefix(word) && (word.hasPrefix("_") || !name.hasPrefix("_"))
        }
        let sorted = matching.keys.sorted(by: NaturalOrder.precedes)
        return ReplCompletion(word: word, candidates: sorted.map {
            ReplCompletion.Candidate($0, suffix: matching[$0] == "function" ? "(" : "")
        })
    }

    // MARK: Field names

    private func completeField(_ content: String, quote: Character, after tokens: [ReplToken]) -> ReplCompletion {
        guard let call = ReplPath.call(forStringAfter: tokens), let type = owner(call.receiver),
              let function = reference.lookup(type + call.separator + call.name)?.member,
              Self.takesFieldNames(function, argument: call.argument) else { return .none }
        let names = fieldNames().filter { $0.hasPrefix(content) }.sorted(by: NaturalOrder.precedes)
        return ReplCompletion(word: content, candidates: names.map { .init($0, suffix: String(quote)) })
    }

    /// Whether argument `argument` of `function` is documented as a field name (or a table of
    /// them): its name or description speaks of a field. The last parameter also covers the
    /// arguments after it when it is `...`.
    static func takesFieldNames(_ function: APIDoc, argument: Int) -> Bool {
        guard let last = function.parameters.last else { return false }
        let parameter = argument < function.parameters.count ? function.parameters[argument]
            : last.name == "..." ? last : nil
        guard let parameter else { return false }
        return parameter.name.lowercased().contains("field") || parameter.summary.lowercased().contains("field")
    }

    // MARK: Commands

    private func completeCommand(_ command: ReplCommandLine) -> ReplCompletion {
        guard let argument = command.argument else {
            let word = ":" + command.name
            let names = ReplCommandLine.names.filter { $0.hasPrefix(word) }
            return ReplCompletion(word: word, candidates: names.map { .init($0, suffix: " ") })
        }
        switch ReplCommandLine.canonicalName(command.name) {
        case "help":
            let names = ReplDocs.names(in: reference).filter { $0.hasPrefix(argument) }
            return ReplCompletion(word: argument, candidates: names.sorted(by: NaturalOrder.precedes).map { .init($0) })
        case "load", "project":
            return ReplCompletion(word: argument, candidates: Self.paths(startingWith: argument))
        default:
            return .none
        }
    }

    /// Files and folders whose path starts with `typed`; folders end in `/`.
    static func paths(startingWith typed: String) -> [ReplCompletion.Candidate] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let searched = folder.isEmpty ? "." : (folder as NSString).expandingTildeInPath
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: searched) else { return [] }
        return entries
            .filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted(by: NaturalOrder.precedes)
            .map { name in
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: searched + "/" + name, isDirectory: &isFolder)
                return .init(folder + name, suffix: isFolder.boolValue ? "/" : "")
            }
    }
}
