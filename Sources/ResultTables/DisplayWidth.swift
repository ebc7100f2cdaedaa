/// How many terminal columns text takes in a monospaced font: one per user-perceived character
/// (grapheme cluster), two for East Asian wide or full-width characters and emoji, none for
/// control and format characters. Used to line up table columns.
public enum DisplayWidth {
    /// Columns taken by `text`.
    public static func of(_ text: String) -> Int {
        var width = 0
        for character in text {
            width += columns(of: character)
        }
        return width
    }

    /// Columns taken by one grapheme cluster.
    package static func columns(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        switch first.properties.generalCategory {
        case .control, .format, .nonspacingMark, .enclosingMark, .lineSeparator, .paragraphSeparator:
            return 0
        default:
            break
        }
        if isWide(first.value) || first.properties.isEmojiPresentation { return 2 }
        // A text-style emoji followed by the emoji variation selector is drawn as an emoji.
        if first.properties.isEmoji, scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return 1
    }

    /// Blocks whose characters are East Asian wide or full-width (Unicode's EastAsianWidth
    /// W and F classes, at the granularity of whole blocks).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo leading consonants
        0x2E80...0x303E,   // CJK radicals, Kangxi radicals, CJK symbols and punctuation
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
        0x3400...0x4DBF,   // CJK unified ideographs extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi syllables and radicals
        0xA960...0xA97F,   // Hangul Jamo extended A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19,   // vertical forms
        0xFE30...0xFE6F,   // CJK compatibility forms, small form variants
        0xFF00...0xFF60,   // full-width ASCII variants
        0xFFE0...0xFFE6,   // full-width signs
        0x16FE0...0x16FE4, // ideographic symbols
        0x17000...0x18CFF, // Tangut and Khitan
        0x1B000...0x1B2FF, // Kana supplement and extensions, Nushu
        0x1F200...0x1F265, // enclosed ideographic supplement
        0x20000...0x2FFFD, // CJK extensions B to F, compatibility supplement
        0x30000...0x3FFFD, // CJK extensions G and H
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        return wideRanges.contains { $0.contains(value) }
    }

    /// `text` padded with spaces to `width` columns, on the right (`leading == false`) or left.
    static func pad(_ text: String, to width: Int, leading: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - of(text)))
        return leading ? padding + text : text + padding
    }
}
