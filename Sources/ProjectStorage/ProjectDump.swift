import GRDB

/// Every row of every table of a project as text, for comparing two states exactly: each
/// row is its values as SQL literals (types and all), in rowid order.
public enum ProjectDump {
    /// The rows of each recorded table (all but SQLite's own and the change tables), by name.
    public static func tables(_ db: Database) throws -> [String: [String]] {
        var dump: [String: [String]] = [:]
        for shape in try ChangeCapture.recordedTables(db).shapes {
            let values = shape.columns.map { "quote(\($0 == "rowid" ? "rowid" : ChangeCapture.quoted($0)))" }
                .joined(separator: " || ', ' || ")
            dump[shape.table] = try String.fetchAll(db, sql: "SELECT \(values) FROM main.\(ChangeCapture.quoted(shape.table)) ORDER BY rowid")
        }
        return dump
    }

    /// The dump of the project `store`.
    public static func tables(of store: ProjectStore) throws -> [String: [String]] {
        try store.read { try tables($0) }
    }
}
