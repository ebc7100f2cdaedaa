import Foundation
import GRDB
import StudyModel

/// Converts the string dictionaries kept in `attributes` and `metadata` columns to and from
/// JSON text. Keys are sorted so that the same data always produce the same bytes.
package enum AttributeColumn {
    /// JSON text of a dictionary, keys sorted; `{}` when empty. Written by hand: this runs for
    /// every case, participant and document written, and JSONEncoder costs far more.
    package static func encode(_ values: [String: String]) -> String {
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

/// Reads a JSON object column, naming table, column and row when it is malformed.
func decodeJSONColumn(_ row: Row, _ column: String, table: String, rowID: String) throws -> [String: String] {
    let text: String = row[column] ?? "{}"
    guard let values = AttributeColumn.decode(text) else {
        throw CorpusError.invalidJSONColumn(table: table, column: column, rowID: rowID)
    }
    return values
}
