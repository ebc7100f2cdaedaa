/// What may complete the text before the cursor, and what Tab should insert.
public struct ReplCompletion: Sendable, Equatable {
    /// One way to complete the word.
    public struct Candidate: Sendable, Equatable {
        /// The whole word, as listed.
        public var text: String
        /// What follows the word once chosen: `(` after a function, the closing quote after a
        /// field name, `/` after a folder, a space after a command, or nothing.
        public var suffix: String

        /// Makes a candidate.
        public init(_ text: String, suffix: String = "") {
            self.text = text
            self.suffix = suffix
        }
    }

    /// The end of the typed text that the candidates complete (a partial name, field or path).
    public var word: String
    /// The candidates, sorted, each starting with `word`.
    public var candidates: [Candidate]

    /// Makes a completion of `word`.
    public init(word: String, candidates: [Candidate]) {
        self.word = word
        self.candidates = candidates
    }

    /// No completion.
    public static let none = ReplCompletion(word: "", candidates: [])

    /// What to type after the cursor: the rest of the only candidate and its suffix, or else
    /// the longest continuation all candidates share (empty when they differ at once).
    public var insertion: String {
        guard let first = candidates.first else { return "" }
        if candidates.count == 1 { return String(first.text.dropFirst(word.count)) + first.suffix }
        var shared = first.text[...]
        for candidate in candidates.dropFirst() {
            shared = shared.prefix(zip(shared, candidate.text).prefix { $0 == $1 }.count)
        }
        return String(shared.dropFirst(word.count))
    }
}
