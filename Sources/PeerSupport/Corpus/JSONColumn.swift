import Foundation

/// Converts the string dictionaries kept in `attributes` and `metadata` columns to and from
/// JSON text. Keys are sorted so that the same data always produce the same bytes.
enum JSONColumn {
    /// JSON text of a dictionary, keys sorted; `{}` when empty.
    static func encode(_ values: [String: String]) -> String {
        if values.isEmpty { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a [String: String] cannot fail; fall back to an empty object all the same.
        guard let data = try? encoder.encode(values) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
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
