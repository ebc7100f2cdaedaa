/// A token of a line of Lua, in as much detail as completion needs.
enum ReplToken: Equatable {
    /// A name that is not a keyword.
    case name(String)
    /// A reserved word.
    case keyword(String)
    /// A finished string literal (short or long).
    case string
    /// A numeral.
    case number
    /// Punctuation or an operator: `.`, `:`, `(`, `..`, `::`, `==`, …
    case symbol(String)
}

/// The tokens of the text before the cursor, and what the cursor is inside of.
struct ScannedLine: Equatable {
    /// Where the text ends.
    enum Ending: Equatable {
        /// In code.
        case code
        /// Inside a short string opened by `quote`, after `content`.
        case openString(quote: Character, content: String)
        /// Inside a comment.
        case comment
        /// Inside a long string (`[[ … `).
        case longString
    }

    /// The finished tokens, in order.
    var tokens: [ReplToken]
    /// What the text ends in.
    var ending: Ending
    /// Whether whitespace follows the last token.
    var endsWithSpace: Bool
}

/// Splits a line of Lua into tokens for completion. It never fails: text that is not valid Lua
/// still gives tokens, since the line is usually half typed.
struct ReplLineScanner {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// Scans `text`.
    static func scan(_ text: String) -> ScannedLine {
        var scanner = ReplLineScanner(scalars: Array(text.unicodeScalars))
        return scanner.run()
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private static let multiCharacterSymbols = ["...", "..", "::", "<=", ">=", "==", "~=", "//", "<<", ">>"]

    private mutating func run() -> ScannedLine {
        var tokens: [ReplToken] = []
        var endsWithSpace = false
        while position < scalars.count {
            let scalar = scalars[position]
            endsWithSpace = scalar.properties.isWhitespace
            if endsWithSpace {
                position += 1
            } else if startsWith("--") {
                position += 2
                guard skipComment() else { return ScannedLine(tokens: tokens, ending: .comment, endsWithSpace: false) }
            } else if let level = longBracketLevel() {
                guard skipLongBracket(level: level) else {
                    return ScannedLine(tokens: tokens, ending: .longString, endsWithSpace: false)
                }
                tokens.append(.string)
            } else if scalar == "\"" || scalar == "'" {
                position += 1
                if let content = readShortString(quote: scalar) {
                    return ScannedLine(tokens: tokens,
                                       ending: .openString(quote: Character(scalar), content: content),
                                       endsWithSpace: false)
                }
                tokens.append(.string)
            } else if Self.isNameStart(scalar) {
                let name = readName()
                tokens.append(LuaKeywords.all.contains(name) ? .keyword(name) : .name(name))
            } else if Self.isDigit(scalar) || (scalar == "." && position + 1 < scalars.count && Self.isDigit(scalars[position + 1])) {
                skipNumber()
                tokens.append(.number)
            } else {
                tokens.append(.symbol(readSymbol()))
            }
        }
        return ScannedLine(tokens: tokens, ending: .code, endsWithSpace: endsWithSpace)
    }

    private func startsWith(_ text: String) -> Bool {
        let wanted = Array(text.unicodeScalars)
        guard position + wanted.count <= scalars.count else { return false }
        return Array(scalars[position..<position + wanted.count]) == wanted
    }

    /// Skips a comment after `--`; false when it runs to the end of the text.
    private mutating func skipComment() -> Bool {
        if let level = longBracketLevel() { return skipLongBracket(level: level) }
        while position < scalars.count, scalars[position] != "\n" { position += 1 }
        return position < scalars.count
    }

    /// The level of a long bracket opening here (`[[` is 0, `[==[` is 2), if one does.
    private func longBracketLevel() -> Int? {
        guard position < scalars.count, scalars[position] == "[" else { return nil }
        var index = position + 1
        while index < scalars.count, scalars[index] == "=" { index += 1 }
        guard index < scalars.count, scalars[index] == "[" else { return nil }
        return index - position - 1
    }

    /// Skips a long bracket of `level`; false when it is not closed.
    private mutating func skipLongBracket(level: Int) -> Bool {
        let closing = Array(("]" + String(repeating: "=", count: level) + "]").unicodeScalars)
        position += level + 2
        while position + closing.count <= scalars.count {
            if Array(scalars[position..<position + closing.count]) == closing {
                position += closing.count
                return true
            }
            position += 1
        }
        position = scalars.count
        return false
    }

    /// Reads a short string after its opening quote. Returns its text so far when the string
    /// runs to the end of the text; nil when it is closed (or broken by a newline).
    private mutating func readShortString(quote: Unicode.Scalar) -> String? {
        var content = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            if scalar == quote || scalar == "\n" { return nil }
            content.append(scalar)
            if scalar == "\\", position < scalars.count {
                content.append(scalars[position])
                position += 1
            }
        }
        return String(content)
    }

    private mutating func readName() -> String {
        var name = String.UnicodeScalarView()
        while position < scalars.count, Self.isNameStart(scalars[position]) || Self.isDigit(scalars[position]) {
            name.append(scalars[position])
            position += 1
        }
        return String(name)
    }

    private mutating func skipNumber() {
        while position < scalars.count {
            let scalar = scalars[position]
            let exponentSign = (scalar == "+" || scalar == "-") && position > 0
                && "eEpP".unicodeScalars.contains(scalars[position - 1])
            guard Self.isNameStart(scalar) || Self.isDigit(scalar) || scalar == "." || exponentSign else { return }
            position += 1
        }
    }

    private mutating func readSymbol() -> String {
        for symbol in Self.multiCharacterSymbols where startsWith(symbol) {
            position += symbol.unicodeScalars.count
            return symbol
        }
        position += 1
        return String(scalars[position - 1])
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && scalar.properties.isAlphabetic)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}
