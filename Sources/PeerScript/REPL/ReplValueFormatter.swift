import ResultTables
import StudyModel


/// Writes ``ReplValue``s as the REPL shows them: tables on one line when they fit, else one
/// entry per line, indented; strings quoted inside tables; a table that contains itself
/// labelled `<1>` where it starts and shown as `<cycle 1>` where it recurs.
public struct ReplValueFormatter: Sendable {
    /// The width a one-line table may take before it is broken into lines.
    public var width: Int

    /// Makes a formatter for lines of `width` columns.
    public init(width: Int = 80) {
        self.width = width
    }

    /// The results of one evaluation, separated by tabs as `print` separates its arguments.
    /// At the top level strings are written as they are, also as `print` does.
    public func format(_ values: [ReplValue]) -> String {
        values.map(format).joined(separator: "\t")
    }

    /// One result.
    public func format(_ value: ReplValue) -> String {
        if case .string(let text) = value { return text }
        var labelled = Set<Int>()
        collectCycleTargets(value, into: &labelled)
        return render(value, indent: 0, labelled: labelled)
    }

    private func collectCycleTargets(_ value: ReplValue, into ids: inout Set<Int>) {
        switch value {
        case .cycle(let id): ids.insert(id)
        case .table(_, let entries, _):
            for entry in entries {
                if let key = entry.key { collectCycleTargets(key, into: &ids) }
                collectCycleTargets(entry.value, into: &ids)
            }
        default: break
        }
    }

    private func render(_ value: ReplValue, indent: Int, labelled: Set<Int>) -> String {
        switch value {
        case .scalar(let text): return text
        case .string(let text): return Self.quoted(text)
        case .text(let text): return text.replacingOccurrences(of: "\n", with: "\n" + pad(indent))
        case .tooDeep: return "{...}"
        case .cycle(let id): return "<cycle \(id)>"
        case .table(let id, let entries, let omitted):
            let label = labelled.contains(id) ? "<\(id)> " : ""
            var parts = entries.map { render($0, indent: indent + 2, labelled: labelled) }
            if omitted > 0 { parts.append("...(\(omitted) more)") }
            if parts.isEmpty { return label + "{}" }
            let oneLine = label + "{ " + parts.joined(separator: ", ") + " }"
            if !oneLine.contains("\n"), indent + DisplayWidth.of(oneLine) <= width { return oneLine }
            let lines = parts.map { pad(indent + 2) + $0 + "," }
            return label + "{\n" + lines.joined(separator: "\n") + "\n" + pad(indent) + "}"
        }
    }

    private func render(_ entry: ReplValue.Entry, indent: Int, labelled: Set<Int>) -> String {
        let value = render(entry.value, indent: indent, labelled: labelled)
        guard let key = entry.key else { return value }
        if case .string(let name) = key, Self.isIdentifier(name) { return "\(name) = \(value)" }
        return "[\(render(key, indent: indent, labelled: labelled))] = \(value)"
    }

    private func pad(_ count: Int) -> String { String(repeating: " ", count: count) }

    /// `text` as a Lua string literal that reads back as the same string.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        let scalars = Array(text.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() {
            if let escape = JSONText.shortEscape(scalar) { out += escape; continue }
            switch scalar {
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                // A decimal escape takes up to three digits, so pad it when a digit follows.
                let nextIsDigit = offset + 1 < scalars.count && ("0"..."9").contains(scalars[offset + 1])
                let digits = String(scalar.value)
                out += "\\" + (nextIsDigit ? String(repeating: "0", count: 3 - digits.count) : "") + digits
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Whether `name` can be written as a bare key (`name = value`): a Lua name, not a keyword.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        let rest = name.unicodeScalars.dropFirst()
        return rest.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
            && !LuaKeywords.all.contains(name)
    }
}

/// Lua 5.4's reserved words.
enum LuaKeywords {
    static let all: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]
}
