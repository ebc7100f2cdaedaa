import CorpusQuery
import LuaBridge
import StudyModel

/// The options one Lua function takes in its options table: each name with its type, allowed
/// values, default and meaning. The same schema checks every call (a misspelt name, a value of
/// the wrong type or outside the allowed ones is an error that says what would be right) and
/// writes the function's documentation, so the two cannot drift apart.
struct OptionSchema: Sendable, Hashable {
    /// One option.
    struct Option: Sendable, Hashable {
        /// The option's name as a script writes it.
        var name: String
        /// What values it takes.
        var kind: Kind
        /// What it means.
        var summary: String
        /// The value used when it is left out, as the docs show it; nil when there is none.
        var defaultValue: String?
    }

    /// The values an option takes.
    enum Kind: Sendable, Hashable {
        /// One of these strings.
        case choice([String])
        /// Any string.
        case string
        /// A whole number at least `minimum`.
        case integer(minimum: Int)
        /// `true` or `false`.
        case boolean
        /// A non-empty list of strings.
        case strings
        /// Checked by the function itself; `luaType` is what the docs show.
        case custom(luaType: String)

        /// The option's type in LuaLS notation.
        var luaType: String {
            switch self {
            case let .choice(values): values.map { "\"\($0)\"" }.joined(separator: "|")
            case .string: "string"
            case .integer: "integer"
            case .boolean: "boolean"
            case .strings: "string[]"
            case let .custom(luaType): luaType
            }
        }
    }

    /// The options, in the order the docs list them.
    var options: [Option]

    init(_ options: [Option]) { self.options = options }

    /// The option table's type in LuaLS notation, every field optional.
    var luaType: String {
        "{" + options.map { "\($0.name)?: \($0.kind.luaType)" }.joined(separator: ", ") + "}"
    }

    /// The options table at argument `index`, checked against the schema.
    func read(_ call: LuaCall, _ index: Int32) throws -> OptionValues {
        let given = try call.options(index)
        let names = options.map(\.name)
        for name in given.keys.sorted() where !names.contains(name) {
            let suggestion = hint(name, names)
            throw call.argumentError(index, "unknown option '\(name.excerpt)'\(suggestion)\(suggestion.isEmpty ? ";" : "") "
                + "\(call.functionName) takes " + names.map { "'\($0)'" }.joined(separator: ", "))
        }
        for option in options {
            guard let value = given[option.name], value != .nil else { continue }
            if let problem = option.problem(with: value) {
                throw call.argumentError(index, "option '\(option.name)' \(problem)")
            }
        }
        return OptionValues(values: given.filter { $0.value != .nil })
    }
}

extension OptionSchema.Option {
    /// Makes an option; `default` is the value used when it is left out, as the docs show it.
    init(_ name: String, _ kind: OptionSchema.Kind, _ summary: String, default defaultValue: String? = nil) {
        self.init(name: name, kind: kind, summary: summary, defaultValue: defaultValue)
    }

    /// Why `value` is not a value of this option, or nil when it is.
    func problem(with value: LuaValue) -> String? {
        switch kind {
        case let .choice(allowed):
            guard let text = value.stringValue else { return "must be a string, not \(value.typeName)" }
            guard allowed.contains(text) else {
                // An abbreviation ("col") means the value it starts, before any merely close one.
                let lowered = text.lowercased()
                let abbreviated = lowered.isEmpty ? nil : allowed.first { $0.lowercased().hasPrefix(lowered) }
                let close = abbreviated.map { [$0] } ?? NameSuggestions.closest(to: text, among: allowed, limit: 1)
                let hint = close.first.map { " (did you mean \"\($0)\"?)" } ?? ""
                return "must be " + Self.alternatives(allowed) + ", not \"\(text.excerpt)\"" + hint
            }
        case .string:
            if value.stringValue == nil { return "must be a string, not \(value.typeName)" }
        case let .integer(minimum):
            guard let number = value.intValue else {
                if let real = value.doubleValue { return "must be a whole number, not \(real)" }
                return "must be a whole number, not \(value.typeName)"
            }
            if number < minimum { return "must be at least \(minimum), not \(number)" }
        case .boolean:
            if case .boolean = value { return nil }
            return "must be true or false, not \(value.typeName)"
        case .strings:
            guard let entries = value.arrayValues, !entries.isEmpty, entries.allSatisfy({ $0.stringValue != nil }) else {
                return "must be a non-empty list of strings, such as { \"a\", \"b\" }"
            }
        case .custom:
            return nil
        }
        return nil
    }

    /// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
    static func alternatives(_ values: [String]) -> String {
        let quoted = values.map { "\"\($0)\"" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}

/// An options table that has passed its schema: every value present has the option's type.
struct OptionValues: Sendable {
    /// The options given, nil values left out.
    let values: [String: LuaValue]

    /// The raw value of an option, or nil when it is absent.
    subscript(name: String) -> LuaValue? { values[name] }

    /// A string (or choice) option, or nil when absent.
    func string(_ name: String) -> String? { values[name]?.stringValue }

    /// A whole-number option, or nil when absent.
    func integer(_ name: String) -> Int? { values[name]?.intValue }

    /// A boolean option, or `otherwise` when absent.
    func boolean(_ name: String, otherwise: Bool) -> Bool {
        if case let .boolean(value)? = values[name] { return value }
        return otherwise
    }

    /// A list-of-strings option, or nil when absent.
    func strings(_ name: String) -> [String]? { values[name]?.arrayValues?.compactMap(\.stringValue) }
}
