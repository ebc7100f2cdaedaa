import Foundation
import GRDB

/// The whole project as JSON Lines: one JSON object per table row, tables in the order the schema
/// creates them, rows in insertion order. Each object has a `table` key naming its table and one
/// key per column; keys are sorted, so the same project always gives the same bytes.
public enum JSONLinesDump {
    /// Writes the dump of `store` to `url`.
    public static func export(from store: ProjectStore, to url: URL) throws {
        try ExportFile.write(Data(try text(from: store).utf8), to: url)
    }

    /// The dump of `store` as text.
    public static func text(from store: ProjectStore) throws -> String {
        try store.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                ORDER BY rowid
                """)
            var output = ""
            for table in tables {
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid")
                while let row = try rows.next() {
                    var object: [String: Any] = ["table": table]
                    for (column, value) in row {
                        object[column] = jsonValue(value)
                    }
                    let data = try JSONSerialization.data(withJSONObject: object,
                                                          options: [.sortedKeys, .withoutEscapingSlashes])
                    output += String(decoding: data, as: UTF8.self) + "\n"
                }
            }
            return output
        }
    }

    /// A column value as JSON: text, number, null, or base64 text for blobs.
    private static func jsonValue(_ value: DatabaseValue) -> Any {
        switch value.storage {
        case .null: return NSNull()
        case let .int64(number): return NSNumber(value: number)
        case let .double(number): return NSNumber(value: number)
        case let .string(text): return text
        case let .blob(data): return data.base64EncodedString()
        }
    }
}
