import LuaBridge

/// One step of an access path such as `corpus.codings():where`, as completion reads it back
/// from the tokens before a `.` or `:`.
struct ReplPathStep: Equatable {
    /// How the step is reached.
    enum Separator: String {
        /// The first step: a global name.
        case global = ""
        /// `.name`
        case dot = "."
        /// `:name`
        case colon = ":"
        /// `[…]`, whatever the key.
        case index = "["
    }

    /// How the step is reached.
    var separator: Separator
    /// The name read or called (nil for an index).
    var name: String?
    /// Whether arguments follow the name, so the step stands for what the call returns.
    var called = false

    /// The step as the Lua helpers take it: `{sep =, name =, called =}`.
    var luaValue: LuaValue {
        var fields: [LuaValue: LuaValue] = ["sep": .string(separator.rawValue), "called": .boolean(called)]
        if let name { fields["name"] = .string(name) }
        return .table(fields)
    }
}

/// Reading access paths and bracket structure back from the tokens of a line.
enum ReplPath {
    private static let closers: [String: String] = [")": "(", "]": "[", "}": "{"]
    private static let openers: Set<String> = ["(", "[", "{"]

    /// The access path whose last token is just before `end`, such as `a.b(x)[1]:c` in
    /// `print(a.b(x)[1]:c`. Nil when the expression there is not a chain starting at a name:
    /// a literal, a parenthesised expression, or a call of a call's result.
    static func read(_ tokens: [ReplToken], endingBefore end: Int) -> [ReplPathStep]? {
        var steps: [ReplPathStep] = []
        var index = end - 1
        while index >= 0 {
            // Right to left: any `[…]` first, then at most one call, then the name.
            var indexSteps = 0
            while index >= 0, tokens[index] == .symbol("]") {
                guard let open = opening(of: index, in: tokens) else { return nil }
                indexSteps += 1
                index = open - 1
            }
            var called = false
            if index >= 0, tokens[index] == .symbol(")") || tokens[index] == .symbol("}") {
                guard let open = opening(of: index, in: tokens) else { return nil }
                called = true
                index = open - 1
            } else if index >= 0, tokens[index] == .string {
                called = true
                index -= 1
            }
            guard index >= 0, case .name(let name) = tokens[index] else { return nil }
            let before: ReplToken? = index > 0 ? tokens[index - 1] : nil
            let separator: ReplPathStep.Separator =
                before == .symbol(".") ? .dot : before == .symbol(":") ? .colon : .global
            let step = ReplPathStep(separator: separator, name: name, called: called)
            let indexes = Array(repeating: ReplPathStep(separator: .index), count: indexSteps)
            steps.insert(contentsOf: [step] + indexes, at: 0)
            if separator == .global { return steps }
            index -= 2
        }
        return nil
    }

    /// The index of the bracket that opens the one closing at `close`.
    static func opening(of close: Int, in tokens: [ReplToken]) -> Int? {
        var depth = 0
        for index in stride(from: close, through: 0, by: -1) {
            guard case .symbol(let symbol) = tokens[index] else { continue }
            if closers[symbol] != nil {
                depth += 1
            } else if openers.contains(symbol) {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// The index of the innermost bracket still open before `end`.
    static func enclosingOpening(before end: Int, in tokens: [ReplToken]) -> Int? {
        var depth = 0
        for index in stride(from: end - 1, through: 0, by: -1) {
            guard case .symbol(let symbol) = tokens[index] else { continue }
            if closers[symbol] != nil {
                depth += 1
            } else if openers.contains(symbol) {
                if depth == 0 { return index }
                depth -= 1
            }
        }
        return nil
    }

    /// The call that a string starting after `tokens` is an argument of, when it is `x:m("…`,
    /// `x.f(a, "…`, `x:m"…`, or a key or list item of a table passed to one: `x:m{["…`,
    /// `x:m({"…`. A string after `=` (a table value) is not an argument.
    static func call(forStringAfter tokens: [ReplToken]) -> ReplCall? {
        let last = tokens.count - 1
        if last >= 0, case .name = tokens[last] { return callee(before: last + 1, in: tokens, argument: 0) }
        guard last >= 0, case .symbol(let previous) = tokens[last],
              var open = enclosingOpening(before: tokens.count, in: tokens) else { return nil }
        switch tokens[open] {
        case .symbol("["):
            guard open == last, let brace = enclosingOpening(before: open, in: tokens),
                  tokens[brace] == .symbol("{") else { return nil }
            open = brace
        case .symbol("{"):
            guard ["{", ",", ";"].contains(previous) else { return nil }
        default:
            guard ["(", ","].contains(previous) else { return nil }
        }
        if tokens[open] == .symbol("{"), open > 0, [.symbol("("), .symbol(",")].contains(tokens[open - 1]) {
            // A table passed inside parentheses: the call is the parenthesis around it.
            guard let parenthesis = enclosingOpening(before: open, in: tokens) else { return nil }
            return callee(before: parenthesis, in: tokens, argument: commas(from: parenthesis, to: open, in: tokens))
        }
        let argument = tokens[open] == .symbol("(") ? commas(from: open, to: tokens.count, in: tokens) : 0
        return callee(before: open, in: tokens, argument: argument)
    }

    /// The function or method named just before `index` (`x.f` or `x:m`).
    private static func callee(before index: Int, in tokens: [ReplToken], argument: Int) -> ReplCall? {
        guard index >= 3, case .name(let name) = tokens[index - 1],
              case .symbol(let separator) = tokens[index - 2], separator == "." || separator == ":",
              let receiver = read(tokens, endingBefore: index - 2) else { return nil }
        return ReplCall(receiver: receiver, separator: separator, name: name, argument: argument)
    }

    /// The commas directly inside the bracket at `open`, before `end`.
    private static func commas(from open: Int, to end: Int, in tokens: [ReplToken]) -> Int {
        var depth = 0
        var count = 0
        for token in tokens[(open + 1)..<end] {
            guard case .symbol(let symbol) = token else { continue }
            if openers.contains(symbol) { depth += 1 }
            else if closers[symbol] != nil { depth -= 1 }
            else if symbol == ",", depth == 0 { count += 1 }
        }
        return count
    }
}

/// A call that the cursor is inside an argument of: `receiver.name(…)` or `receiver:name(…)`.
struct ReplCall: Equatable {
    /// The path to the object or module the function is looked up in.
    var receiver: [ReplPathStep]
    /// `.` or `:`.
    var separator: String
    /// The function's or method's name.
    var name: String
    /// Which argument (from 0) the cursor is in.
    var argument: Int
}
