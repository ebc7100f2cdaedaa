import ResultTables
import StudyModel


/// The text of `:help`: an overview of the commands, keys and API, and the documentation of one
/// name, taken from the same ``APIReference`` as the generated reference manual.
struct ReplHelp {
    /// The documentation.
    var reference: APIReference
    /// The width text is wrapped to.
    var width = 80

    /// `:help` without a name.
    func overview() -> String {
        var lines = [
            "Commands",
            "  :help [NAME]    this overview, or the documentation of NAME",
            "                  (a global, a function such as corpus.codings, a class such as BCT,",
            "                  a method such as BCTGroup:techniques, or a variable holding an object)",
            "  :load FILE      run a Lua file in this session; what it defines stays defined",
            "  :project FILE   open another project file, in a fresh session",
            "  :quit           leave (Ctrl-D at an empty prompt too)",
            "",
            "An expression prints its value; an unfinished chunk continues after a \">>\" prompt.",
            "Tab completes names, members after . and :, and field names in strings given to query",
            "methods. Ctrl-C stops a running chunk, or clears the line. Up and Down walk the history.",
            "",
            "Globals of the PeerScript API",
        ]
        let nameWidth = (reference.modules.map(\.name.count).max() ?? 0) + 2
        for module in reference.modules {
            let name = "  " + module.name + String(repeating: " ", count: nameWidth - module.name.count)
            lines += wrap(module.summary, firstPrefix: name, prefix: String(repeating: " ", count: name.count))
        }
        if !reference.classes.isEmpty {
            lines.append("")
            lines += wrap(reference.classes.map(\.name).joined(separator: ", "), firstPrefix: "Classes: ", prefix: "  ")
        }
        return lines.joined(separator: "\n")
    }

    /// The documentation of `name`: a documented name (`corpus.codings`, `Query:where`, `BCT`),
    /// or a path whose object the session knows (`b.label`, `q:where` with `b`, `q` globals).
    /// Nil when nothing documents it.
    ///
    /// - Parameter owner: the documented class or module a path leads to in the session.
    func text(for name: String, owner: ([ReplPathStep]) -> String?) -> String? {
        if let found = reference.lookup(name) { return text(found) }
        let tokens = ReplLineScanner.scan(name).tokens
        if let whole = ReplPath.read(tokens, endingBefore: tokens.count), let type = owner(whole),
           let found = reference.lookup(type) {
            return text(found)
        }
        guard tokens.count >= 3, case .name(let member) = tokens[tokens.count - 1],
              case .symbol(let separator) = tokens[tokens.count - 2], separator == "." || separator == ":",
              let receiver = ReplPath.read(tokens, endingBefore: tokens.count - 2), let type = owner(receiver),
              let found = reference.lookup(type + separator + member) else { return nil }
        return text(found)
    }

    /// Documented names close to `name`, for a "did you mean" line.
    func suggestions(for name: String) -> [String] {
        let lowered = name.lowercased()
        let last = lowered.split(whereSeparator: { $0 == "." || $0 == ":" }).last.map(String.init) ?? lowered
        return ReplDocs.names(in: reference).filter { candidate in
            let tail = candidate.lowercased().split(whereSeparator: { $0 == "." || $0 == ":" }).last.map(String.init) ?? ""
            return !last.isEmpty && (tail.hasPrefix(last) || candidate.lowercased().contains(lowered))
        }
    }

    private func text(_ found: (group: APIGroupDoc, member: APIDoc?)) -> String {
        guard let member = found.member else { return reference.help(for: found.group) }
        return reference.help(for: member, in: found.group)
    }

    private func wrap(_ text: String, firstPrefix: String, prefix: String) -> [String] {
        var lines: [String] = []
        var current = firstPrefix
        var currentIsEmpty = true
        for word in text.split(whereSeparator: \.isWhitespace) {
            if !currentIsEmpty, DisplayWidth.of(current) + 1 + DisplayWidth.of(String(word)) > width {
                lines.append(current)
                current = prefix
                currentIsEmpty = true
            }
            current += (currentIsEmpty ? "" : " ") + word
            currentIsEmpty = false
        }
        lines.append(current)
        return lines
    }
}
