import CLua

/// A failure reported by Lua: a syntax error, a runtime error, a refused allocation or a stop.
///
/// `message` is the error as Lua states it (`script.lua:12: attempt to call a nil value`);
/// `chunk` and `line` are parsed from it when it starts with a position, and `traceback`
/// holds the `stack traceback:` lines when the error was caught with one.
public struct LuaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure stopped the code.
    public enum Kind: Sendable, Equatable {
        /// The chunk did not compile.
        case syntax
        /// An error raised while the code ran (`error(...)`, a bad operation, a host error).
        case runtime
        /// The memory limit was reached, or the system refused memory.
        case memory
        /// The time limit passed.
        case timeout
        /// The user pressed Ctrl-C.
        case interrupted
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// The message, with its `chunk:line:` prefix when Lua added one.
    public var message: String
    /// The `stack traceback:` block, when one was taken.
    public var traceback: String?

    /// Makes an error from its parts.
    public init(kind: Kind, message: String, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
    }

    /// The chunk name of the position the message starts with (`script.lua` in `script.lua:12: …`).
    public var chunk: String? { position?.chunk }

    /// The line number of the position the message starts with.
    public var line: Int? { position?.line }

    /// The message without its position prefix.
    public var reason: String {
        guard let position else { return message }
        return String(message.dropFirst(position.prefixLength))
    }

    /// The message followed by the traceback, as the stock interpreter prints it.
    public var description: String {
        guard let traceback, !traceback.isEmpty else { return message }
        return message + "\n" + traceback
    }

    private var position: (chunk: String, line: Int, prefixLength: Int)? {
        // Lua writes positions as `chunk:line: `; a chunk name may itself hold colons.
        let firstLine = message.prefix { $0 != "\n" }
        var searchFrom = firstLine.startIndex
        while let colon = firstLine[searchFrom...].firstIndex(of: ":") {
            let afterColon = firstLine.index(after: colon)
            let digits = firstLine[afterColon...].prefix { $0.isASCII && $0.isNumber }
            if colon > firstLine.startIndex, !digits.isEmpty, digits.endIndex < firstLine.endIndex,
               firstLine[digits.endIndex] == ":", let line = Int(digits) {
                var prefixEnd = firstLine.index(after: digits.endIndex)
                if prefixEnd < firstLine.endIndex, firstLine[prefixEnd] == " " {
                    prefixEnd = firstLine.index(after: prefixEnd)
                }
                let length = message.distance(from: message.startIndex, to: prefixEnd)
                return (String(message[..<colon]), line, length)
            }
            searchFrom = afterColon
        }
        return nil
    }
}

extension LuaError {
    /// Splits what the traceback handler produced into message and traceback.
    init(kind: Kind, handled text: String) {
        if let range = text.range(of: "\nstack traceback:\n") {
            self.init(kind: kind, message: String(text[..<range.lowerBound]),
                      traceback: String(text[text.index(after: range.lowerBound)...]))
        } else {
            self.init(kind: kind, message: text)
        }
    }
}
