import Foundation
import GRDB

/// What one change set did, table by table: how many rows it inserted, updated and deleted,
/// and the first few of them, as `--dry-run` and the history show them.
public struct ChangeSummary: Sendable, Hashable {
    /// The changes to one table.
    public struct TableChanges: Sendable, Hashable {
        /// The table's name.
        public var table: String
        /// Rows inserted, updated and deleted.
        public var inserted = 0, updated = 0, deleted = 0
        /// The first rows changed.
        public var sample: [SampleRow] = []
        /// The columns of the images, the row key first.
        public var columns: [String] = []
    }

    /// One changed row: the operation and the row's image (after, or before for a delete).
    public struct SampleRow: Sendable, Hashable {
        /// `insert`, `update` or `delete`.
        public var operation: String
        /// The row's values as SQL literals, in the order of the table's `columns`.
        public var image: String
    }

    /// The change set's number.
    public var id: Int64
    /// Where it came from.
    public var provenance: ChangeProvenance
    /// When it was committed, if it has been.
    public var committedAt: String?
    /// When it was undone, if it has been.
    public var undoneAt: String?
    /// The tables it changed, in name order.
    public var tables: [TableChanges]

    /// Rows changed in all tables.
    public var rowCount: Int { tables.reduce(0) { $0 + $1.inserted + $1.updated + $1.deleted } }

    /// Reads the summary of change set `id` (`provenance` when known, else from its record).
    static func load(_ db: Database, id: Int64, provenance: ChangeProvenance?, sample: Int) throws -> ChangeSummary {
        guard let record = try Row.fetchOne(db, sql: "SELECT * FROM change_sets WHERE id = ?", arguments: [id]) else {
            throw ChangeSetError.unknownChangeSet(id)
        }
        let columns = (try? JSONSerialization.jsonObject(with: Data((record["columns"] as String? ?? "{}").utf8))) as? [String: [String]] ?? [:]
        var tables: [String: TableChanges] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT table_name, operation, count(*) AS n FROM change_rows WHERE change_set_id = ?
            GROUP BY table_name, operation
            """, arguments: [id]) {
            let table: String = row["table_name"]
            var changes = tables[table] ?? TableChanges(table: table, columns: columns[table] ?? [])
            let count: Int = row["n"]
            switch row["operation"] as String {
            case "insert": changes.inserted = count
            case "update": changes.updated = count
            default: changes.deleted = count
            }
            tables[table] = changes
        }
        for table in tables.keys {
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, row_key, operation, coalesce(after, before) AS image FROM change_rows
                WHERE change_set_id = ? AND table_name = ? ORDER BY id LIMIT ?
                """, arguments: [id, table, sample])
            tables[table]?.sample = try rows.map { row in
                let image: String? = row["image"]
                return SampleRow(operation: row["operation"], image: try image
                    ?? insertedImage(db, table: table, columns: columns[table] ?? [], logID: row["id"], key: row["row_key"]))
            }
        }
        return ChangeSummary(id: id, provenance: provenance ?? ChangeSummary.provenance(record),
                             committedAt: record["committed_at"], undoneAt: record["undone_at"],
                             tables: tables.values.sorted { $0.table < $1.table })
    }

    /// The values an insert gave its row, which the log does not copy: the before image of the
    /// row's next change, or else the row as it is.
    static func insertedImage(_ db: Database, table: String, columns: [String], logID: Int64, key: Int64) throws -> String {
        if let next = try String.fetchOne(db, sql: """
            SELECT before FROM change_rows WHERE id > ? AND table_name = ? AND row_key = ? ORDER BY id LIMIT 1
            """, arguments: [logID, table, key]) {
            return next
        }
        guard !columns.isEmpty, try db.tableExists(table) else { return "?" }
        let sql = "SELECT \(ChangeCapture.image(columns: columns, row: ChangeCapture.quoted(table))) FROM main.\(ChangeCapture.quoted(table)) WHERE rowid = ?"
        return try String.fetchOne(db, sql: sql, arguments: [key]) ?? "?"
    }

    private static func provenance(_ record: Row) -> ChangeProvenance {
        let started: String = record["started_at"]
        return ChangeProvenance(kind: record["kind"], path: record["script_path"], sha256: record["script_sha256"],
                                commandLine: record["command_line"], user: record["user"],
                                startedAt: ISO8601DateFormatter().date(from: started) ?? Date(timeIntervalSince1970: 0))
    }

    /// The counts per table, one line each, then the sample rows indented below.
    public func rendered(showingSamples: Bool = true) -> String {
        var lines: [String] = []
        for table in tables {
            var counts: [String] = []
            if table.inserted > 0 { counts.append("\(table.inserted) added") }
            if table.updated > 0 { counts.append("\(table.updated) changed") }
            if table.deleted > 0 { counts.append("\(table.deleted) removed") }
            lines.append("  \(table.table): " + counts.joined(separator: ", "))
            guard showingSamples else { continue }
            if !table.sample.isEmpty { lines.append("    (" + table.columns.joined(separator: ", ") + ")") }
            for row in table.sample { lines.append("    \(row.operation) (\(row.image))") }
            let shown = table.sample.count, total = table.inserted + table.updated + table.deleted
            if total > shown { lines.append("    … \(total - shown) more") }
        }
        return lines.joined(separator: "\n")
    }
}
