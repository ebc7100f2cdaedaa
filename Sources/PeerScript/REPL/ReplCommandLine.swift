/// A line that is a REPL command rather than Lua: a `:` followed by a letter (or nothing yet),
/// as in `:help corpus.codings`. Lua lines never start so (`::label::` has two colons).
struct ReplCommandLine: Equatable {
    /// The command as typed, without the colon (`help`, `q`).
    var name: String
    /// The text after the name and the spaces that follow it; nil when no space was typed.
    var argument: String?

    /// The commands, as listed and completed.
    static let names = [":help", ":load", ":project", ":quit"]

    /// Splits `line`, or returns nil when it is Lua.
    static func split(_ line: String) -> ReplCommandLine? {
        let text = line.drop { $0 == " " || $0 == "\t" }
        guard text.hasPrefix(":") else { return nil }
        let body = text.dropFirst()
        if let first = body.first, !first.isLetter { return nil }
        let name = body.prefix { !$0.isWhitespace }
        let rest = body.dropFirst(name.count)
        guard !rest.isEmpty else { return ReplCommandLine(name: String(name), argument: nil) }
        return ReplCommandLine(name: String(name), argument: String(rest.drop(while: \.isWhitespace)))
    }

    /// The command a typed name stands for: the full name, or the short forms `h`, `l`, `q` and
    /// `exit`; nil for an unknown name.
    static func canonicalName(_ typed: String) -> String? {
        switch typed {
        case "help", "h": "help"
        case "load", "l": "load"
        case "project": "project"
        case "quit", "q", "exit": "quit"
        default: nil
        }
    }
}
