/// Keeps quoted input in error messages short: a hostile or damaged file can hold an attribute,
/// a name or a CSV field of many megabytes, and a message that repeats it whole is unreadable.
public enum MessageExcerpt {
    /// The most characters of one value a message quotes.
    public static let limit = 200

    /// `text` when it has at most `limit` characters, else its first `limit` characters, an
    /// ellipsis and the size of the whole value.
    public static func cut(_ text: String, limit: Int = MessageExcerpt.limit) -> String {
        // Checking the UTF-8 size first keeps short values (nearly all) from being counted twice.
        guard text.utf8.count > limit else { return text }
        let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex) ?? text.endIndex
        guard end < text.endIndex else { return text }
        return String(text[..<end]) + "… (\(text.utf8.count) bytes in all)"
    }
}

extension String {
    /// The string cut for quoting in a message (see ``MessageExcerpt/cut(_:limit:)``).
    public var excerpt: String { MessageExcerpt.cut(self) }
}
