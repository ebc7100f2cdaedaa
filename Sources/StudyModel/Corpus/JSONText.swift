import Foundation

/// JSON string literals, written by hand for the places that write JSON row by row (attribute
/// columns, result tables, the JSON Lines dump), where an encoder per value costs far more.
package enum JSONText {
    /// `text` as a JSON string: quotes, backslashes and control characters escaped, everything
    /// else kept as is.
    package static func quoted(_ text: String) -> String {
        var result = ""
        appendQuoted(text, to: &result)
        return result
    }

    /// Appends `value` as a JSON string literal to `text`.
    package static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            if let escape = Self.shortEscape(scalar) { text += escape; continue }
            switch scalar {
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// The two-character escape that JSON and Lua string literals share for `scalar` (quote,
    /// backslash, newline, carriage return, tab), or nil when the two languages differ or need none.
    package static func shortEscape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\"": "\\\""
        case "\\": "\\\\"
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: nil
        }
    }
}

/// JSON documents whose top level must be an object, such as extension and manifest files.
package enum JSONObjectText {
    /// The object at the top of `data`. Otherwise throws what `refuse` makes of the reason:
    /// "not valid JSON (…)", or `notAnObject` when the document holds another kind of value.
    package static func object(_ data: Data, notAnObject: String,
                               refuse: (_ reason: String) -> any Error) throws -> [String: Any] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw refuse("not valid JSON (\(error.localizedDescription))")
        }
        guard let dictionary = object as? [String: Any] else { throw refuse(notAnObject) }
        return dictionary
    }
}
