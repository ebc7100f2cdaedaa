/// Escaping shared by the SVG and HTML writers, so any label survives as the same text when the
/// file is read back by a browser or an XML parser.
enum Markup {
    /// `text` safe between tags: markup characters become entities and characters XML 1.0
    /// cannot hold become U+FFFD.
    static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// `text` safe inside a double-quoted attribute. Line breaks and tabs become character
    /// references, since a parser would otherwise fold them into spaces.
    static func attribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "\n" where quotes: result += "&#10;"
            case "\t" where quotes: result += "&#9;"
            case "\r": result += "&#13;"
            default:
                result.unicodeScalars.append(isAllowedInXML(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return result
    }

    /// XML 1.0 allows tab, line feed, carriage return and everything from space up, except
    /// the two non-characters U+FFFE and U+FFFF (surrogates cannot occur in a Swift string).
    private static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
