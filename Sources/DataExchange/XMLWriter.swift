import Foundation

/// Builds indented XML text element by element. Values are escaped so that any string survives a
/// parse unchanged: markup characters become entities, line breaks and tabs in attributes and
/// carriage returns in text become character references (a parser would otherwise normalise them),
/// and the few characters XML 1.0 cannot carry at all become U+FFFD, which keeps character counts.
struct XMLWriter {
    /// The XML written so far.
    private(set) var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    private var open: [String] = []

    /// Starts an element that will have children; close it with ``close()``.
    mutating func start(_ name: String, _ attributes: [(String, String?)] = []) {
        text += indent + "<" + name + Self.attributeText(attributes) + ">\n"
        open.append(name)
    }

    /// Ends the innermost open element.
    mutating func close() {
        let name = open.removeLast()
        text += indent + "</" + name + ">\n"
    }

    /// Writes `items` inside one element `name`, or nothing when there are none: REFI-QDA's
    /// list elements (`Users`, `Codes`, `Sets`, …) must not be empty.
    mutating func list<Item>(_ name: String, _ items: [Item], _ write: (Item, inout XMLWriter) -> Void) {
        guard !items.isEmpty else { return }
        start(name)
        for item in items { write(item, &self) }
        close()
    }

    /// Writes an element without children.
    mutating func empty(_ name: String, _ attributes: [(String, String?)] = []) {
        text += indent + "<" + name + Self.attributeText(attributes) + " />\n"
    }

    /// Writes an element holding only text; nothing when `value` is nil.
    mutating func textElement(_ name: String, _ value: String?) {
        guard let value else { return }
        text += indent + "<" + name + ">" + Self.escapeText(value) + "</" + name + ">\n"
    }

    private var indent: String { String(repeating: "  ", count: open.count) }

    private static func attributeText(_ attributes: [(String, String?)]) -> String {
        var result = ""
        for (name, value) in attributes {
            guard let value else { continue }
            result += " " + name + "=\"" + escapeAttribute(value) + "\""
        }
        return result
    }

    static func escapeText(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\r": return "&#13;"
            default: return nil
            }
        }
    }

    static func escapeAttribute(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "\r": return "&#13;"
            case "\n": return "&#10;"
            case "\t": return "&#9;"
            default: return nil
            }
        }
    }

    private static func escape(_ value: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if let replaced = replacement(scalar) {
                result.append(contentsOf: replaced.unicodeScalars)
            } else if isAllowed(scalar) {
                result.append(scalar)
            } else {
                result.append("\u{FFFD}")
            }
        }
        return String(result)
    }

    /// The characters XML 1.0 allows in a document.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
