/// A label fitted into a box: the lines to draw and, when words had to be cut, the full text
/// for a tooltip.
struct ChartLabel: Sendable, Hashable {
    /// The lines to draw, top to bottom.
    var lines: [String]
    /// The full text when the lines do not show all of it, otherwise nil.
    var tooltip: String?

    /// Fits `text` into at most `maxLines` lines of `maxWidth` pixels at `fontSize`, breaking
    /// at spaces (inside a word only when the word alone is too wide) and ending with "…"
    /// when it does not all fit.
    init(_ text: String, maxWidth: Double, maxLines: Int = 1, fontSize: Double) {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        var lines: [String] = []
        var current = ""
        var pending = words[...]
        while let word = pending.first, lines.count < maxLines {
            let candidate = current.isEmpty ? word : current + " " + word
            if TextMetrics.width(of: candidate, fontSize: fontSize) <= maxWidth {
                current = candidate
                pending = pending.dropFirst()
            } else if current.isEmpty {
                // A single word wider than the box: break it where it stops fitting.
                let head = TextMetrics.prefix(of: word, fitting: maxWidth, fontSize: fontSize)
                lines.append(head)
                let rest = String(word.dropFirst(head.count))
                pending = rest.isEmpty ? pending.dropFirst() : ArraySlice([rest] + pending.dropFirst())
            } else {
                lines.append(current)
                current = ""
            }
        }
        // The loop leaves text in `current` only when every word was placed and a line is free.
        if !current.isEmpty { lines.append(current) }
        let cut = !pending.isEmpty
        if cut, let last = lines.popLast() {
            lines.append(TextMetrics.truncated(last, toFit: maxWidth, fontSize: fontSize))
        }
        self.lines = lines.isEmpty ? [""] : lines
        self.tooltip = cut ? text : nil
    }

    /// The width of the widest line.
    func width(fontSize: Double) -> Double {
        lines.map { TextMetrics.width(of: $0, fontSize: fontSize) }.max() ?? 0
    }
}

/// Estimates how wide text is drawn in a common sans-serif font. SVG viewers pick the font, so
/// exact metrics are unknowable; these per-character classes err on the wide side so labels
/// rarely overrun the space measured for them.
enum TextMetrics {
    /// Estimated width in pixels of `text` at `fontSize` pixels.
    static func width(of text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + em(of: $1) } * fontSize
    }

    /// The longest beginning of `text` that fits `maxWidth` (at least one character).
    static func prefix(of text: String, fitting maxWidth: Double, fontSize: Double) -> String {
        var result = ""
        var used = 0.0
        for character in text {
            let width = character.unicodeScalars.reduce(0) { $0 + em(of: $1) } * fontSize
            if used + width > maxWidth && !result.isEmpty { break }
            result.append(character)
            used += width
        }
        return result
    }

    /// `text` cut so that it and a closing "…" fit `maxWidth`.
    static func truncated(_ text: String, toFit maxWidth: Double, fontSize: Double) -> String {
        let room = maxWidth - width(of: "…", fontSize: fontSize)
        var kept = prefix(of: text, fitting: max(room, 0), fontSize: fontSize)
        while kept.last == " " { kept.removeLast() }
        return kept + "…"
    }

    /// Width of one character in ems.
    private static func em(of scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "j", "l", "I", ".", ",", ":", ";", "'", "!", "|", "`": return 0.3
        case " ", "f", "t", "r", "(", ")", "[", "]", "{", "}", "/", "\\", "-": return 0.4
        case "m", "w", "M", "W", "@", "%", "…": return 0.95
        case "A"..."Z": return 0.72
        case "0"..."9": return 0.64
        case "a"..."z": return 0.6
        default:
            // East Asian ideographs and kana take a full em; other scripts about an average letter.
            return scalar.value >= 0x2E80 ? 1.0 : 0.66
        }
    }
}
