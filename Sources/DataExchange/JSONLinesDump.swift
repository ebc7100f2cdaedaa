import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The whole project as JSON Lines: one JSON object per table row, tables in the order the schema
/// creates them, rows in insertion order. Each object has a `table` key naming its table and one
/// key per column; keys are sorted, so the same project always gives the same bytes. The text
/// index is left out: it is made from the documents and rebuilt from them.
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
                  AND name NOT LIKE '\(TextIndex.tablePrefix)%'
                ORDER BY rowid
                """)
            var output = ""
            for table in tables {
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid")
                var keys: [(name: String, index: Int)]?
                while let row = try rows.next() {
                    // Column order is the same for every row of a table; sort the keys once.
                    let sorted = keys ?? (Array(row.columnNames.enumerated().map { ($1, $0) }) + [("table", -1)])
                        .sorted { $0.0 < $1.0 }
                    keys = sorted
                    output += "{"
                    for (position, key) in sorted.enumerated() {
                        if position > 0 { output += "," }
                        output += JSONText.quoted(key.name) + ":"
                        output += key.index < 0 ? JSONText.quoted(table) : jsonValue(row[key.index] as DatabaseValue)
                    }
                    output += "}\n"
                }
            }
            return output
        }
    }

    /// A column value as JSON text: string, number, `null`, or a base64 string for blobs.
    private static func jsonValue(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "null"
        case let .int64(number): return String(number)
        case let .double(number): return number.isFinite ? "\(number)" : "null"
        case let .string(text): return JSONText.quoted(text)
        case let .blob(data): return JSONText.quoted(data.base64EncodedString())
        }
    }
}
