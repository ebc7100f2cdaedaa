import Foundation

/// Converts the string dictionaries kept in `attributes` and `metadata` columns to and from
/// JSON text. Keys are sorted so that the same data always produce the same bytes.
package enum AttributeColumn {
    /// JSON text of a dictionary, keys sorted; `{}` when empty. Written by hand: this runs for
    /// every case, participant and document written, and JSONEncoder costs far more.
    /// `appendValue` writes each value; by default as a JSON string.
    package static func encode(_ values: [String: String],
                               appendValue: (String, inout String) -> Void = JSONText.appendQuoted) -> String {
        if values.isEmpty { return "{}" }
        var text = "{"
        for (index, key) in values.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            JSONText.appendQuoted(key, to: &text)
            text += ":"
            appendValue(values[key]!, &text)
        }
        return text + "}"
    }

    /// The dictionary stored as JSON text, or nil when the text is not an object of strings.
    /// Numbers and booleans written by other tools are kept as their text form.
    package static func decode(_ text: String) -> [String: String]? {
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

/// Text attributes whose Codable form is a single JSON text value, as the project file's
/// `attributes` and `metadata` columns hold them (see ``AttributeColumn``). Reading accepts the
/// numbers and booleans other tools write; text that is not a JSON object fails with
/// `DecodingError.dataCorrupted`.
@propertyWrapper
public struct JSONTextAttributes: Hashable, Sendable, Codable {
    /// The attributes.
    public var wrappedValue: [String: String]

    /// Wraps a dictionary.
    public init(wrappedValue: [String: String]) {
        self.wrappedValue = wrappedValue
    }

    /// Reads the dictionary from one JSON text value; null reads as empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            wrappedValue = [:]
            return
        }
        guard let values = AttributeColumn.decode(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON object of text values")
        }
        wrappedValue = values
    }

    /// Writes the dictionary as one JSON text value, keys sorted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(AttributeColumn.encode(wrappedValue))
    }
}
