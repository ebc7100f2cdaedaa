import Foundation

/// Converts the string dictionaries kept in `attributes` and `metadata` columns to and from
/// JSON text. Keys are sorted so that the same data always produce the same bytes.
enum JSONColumn {
    /// JSON text of a dictionary, keys sorted; `{}` when empty. Written by hand: this runs for
    /// every case, participant and document written, and JSONEncoder costs far more.
    static func encode(_ values: [String: String]) -> String {
        if values.isEmpty { return "{}" }
        var text = "{"
        for (index, key) in values.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            JSONText.appendQuoted(key, to: &text)
            text += ":"
            JSONText.appendQuoted(values[key]!, to: &text)
        }
        return text + "}"
    }

    /// The dictionary stored as JSON text, or nil when the text is not an object of strings.
    /// Numbers and booleans written by other tools are kept as their text form.
    static func decode(_ text: String) -> [String: String]? {
        if text == "{}" || text.isEmpty { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
              let dictionary = object as? [String: Any] else { return nil }
        var result: [String: String] = [:]
        for (key, value) in dictionary {
            switch value {
            case let string as String: result[key] = string
            case let number as NSNumber: result[key] = number.stringValue
            case is NSNull: continue
            default: return nil
            }
        }
        return result
    }
}

/// JSON string literals, written by hand for the places that write JSON row by row (attribute
/// columns, result tables, the JSON Lines dump), where an encoder per value costs far more.
enum JSONText {
    /// `text` as a JSON string: quotes, backslashes and control characters escaped, everything
    /// else kept as is.
    static func quoted(_ text: String) -> String {
        var result = ""
        appendQuoted(text, to: &result)
        return result
    }

    /// Appends `value` as a JSON string literal to `text`.
    static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
