/// What the REPL makes of one line: text to show, an error, and what happens next.
public struct ReplReply: Sendable, Equatable {
    /// Text for standard output (results, help), without a final newline; empty for none.
    public var output: String
    /// An error for standard error, without a final newline; nil when nothing failed.
    public var error: String?
    /// The finished chunk or command, for the history; nil while a chunk is unfinished or for
    /// an empty line.
    public var historyEntry: String?
    /// True when the chunk is unfinished: read another line, with the secondary prompt.
    public var needsMoreInput: Bool
    /// True after `:quit`.
    public var quit: Bool

    /// Makes a reply.
    public init(output: String = "", error: String? = nil, historyEntry: String? = nil,
                needsMoreInput: Bool = false, quit: Bool = false) {
        self.output = output
        self.error = error
        self.historyEntry = historyEntry
        self.needsMoreInput = needsMoreInput
        self.quit = quit
    }
}
