import Foundation
import GRDB

/// How a change set sees the rows it changes: temporary triggers on every recorded table
/// write each inserted, updated or deleted row's before and after image into a log table.
/// Temporary triggers belong to one connection, so only the connection that records pays for
/// them, and other programs writing the file are not affected.
struct ChangeCapture {
    /// A recorded table and the columns its images hold, the row key first.
    struct Shape: Hashable, Sendable {
        let table: String
        /// `rowid`, or the column that is the rowid, then the other columns in table order.
        let columns: [String]
        /// The column the image's first value restores.
        var key: String { columns[0] }
    }

    let shapes: [Shape]

    /// Every ordinary table of the main schema except SQLite's own and the change tables
    /// themselves. The text index is left out, its virtual and shadow tables and its record
    /// of what was indexed alike: triggers on `documents` keep it following the documents,
    /// undo included, and a user's history should list only what they changed. The column
    /// cache is left out too: it is derived, and triggers empty it on any change.
    static func recordedTables(_ db: Database) throws -> ChangeCapture {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
            AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name
            """).filter {
                !ProjectSchema.changeTables.contains($0) && !$0.hasPrefix(TextIndex.tablePrefix) && $0 != ColumnCacheTable.name
            }
        return ChangeCapture(shapes: try names.map { try shape(of: $0, db) })
    }

    private static func shape(of table: String, _ db: Database) throws -> Shape {
        let rows = try Row.fetchAll(db, sql: "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid",
                                    arguments: [table])
        let keyColumns = rows.filter { ($0["pk"] as Int? ?? 0) > 0 }
        // A single INTEGER PRIMARY KEY column is the rowid itself; images carry it once.
        if keyColumns.count == 1, let name: String = keyColumns[0]["name"],
           (keyColumns[0]["type"] as String? ?? "").uppercased() == "INTEGER" {
            return Shape(table: table, columns: [name] + rows.compactMap { $0["name"] }.filter { $0 != name })
        }
        return Shape(table: table, columns: ["rowid"] + rows.compactMap { $0["name"] })
    }

    /// The columns of every shape, keyed by table, as `change_sets.columns` stores them.
    var columnsJSON: String {
        let entries = shapes.map { shape in
            "\(ChangeCapture.jsonString(shape.table)):[" + shape.columns.map(ChangeCapture.jsonString).joined(separator: ",") + "]"
        }
        return "{" + entries.joined(separator: ",") + "}"
    }

    /// Creates the triggers that log every change to `target` (a table with the columns of
    /// `change_rows`) under change set `setID`. An insert logs only its key: the row's values
    /// are in the table (or, once a later change altered the row, in that change's before
    /// image), and copying them would make a large import half as slow again.
    func install(_ db: Database, setID: Int64, target: String) throws {
        for shape in shapes {
            let table = ChangeCapture.quoted(shape.table), name = ChangeCapture.literal(shape.table)
            let insert = "INSERT INTO \(target) (change_set_id, table_name, row_key, operation, before, after) VALUES"
            let newImage = image(of: shape, row: "NEW"), oldImage = image(of: shape, row: "OLD")
            try db.execute(sql: """
                CREATE TEMP TRIGGER \(triggerName(shape, "insert")) AFTER INSERT ON main.\(table) BEGIN
                  \(insert) (\(setID), \(name), NEW.rowid, 'insert', NULL, NULL); END;
                CREATE TEMP TRIGGER \(triggerName(shape, "update")) AFTER UPDATE ON main.\(table) BEGIN
                  \(insert) (\(setID), \(name), NEW.rowid, 'update', \(oldImage), \(newImage)); END;
                CREATE TEMP TRIGGER \(triggerName(shape, "delete")) AFTER DELETE ON main.\(table) BEGIN
                  \(insert) (\(setID), \(name), OLD.rowid, 'delete', \(oldImage), NULL); END;
                """)
        }
    }

    /// Drops the triggers `install` created.
    func remove(_ db: Database) throws {
        for shape in shapes {
            for operation in ["insert", "update", "delete"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS temp.\(triggerName(shape, operation))")
            }
        }
    }

    private func triggerName(_ shape: Shape, _ operation: String) -> String {
        ChangeCapture.quoted("peerscript_capture_\(shape.table)_\(operation)")
    }

    /// The SQL expression of the image of the row `row` (`NEW`, `OLD`, or the table's name): each value as a literal (`quote()` writes reals
    /// with as many digits as they need to come back the same), separated by commas.
    func image(of shape: Shape, row: String) -> String {
        ChangeCapture.image(columns: shape.columns, row: row)
    }

    /// The image expression of `columns` of row `row`.
    static func image(columns: [String], row: String) -> String {
        columns.map { column in
            "quote(\(row).\(column == "rowid" ? "rowid" : ChangeCapture.quoted(column)))"
        }.joined(separator: " || ', ' || ")
    }

    /// An SQL identifier in double quotes.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    /// An SQL string literal.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    private static func jsonString(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"" + escaped + "\""
    }
}
