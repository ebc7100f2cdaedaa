import Foundation
import GRDB
import GRDBSQLite

/// Where a project keeps derived copies of large columns, so that a fresh process reads them
/// in bulk instead of stepping millions of rows: one blob per named entry.
///
/// The cache is never the truth. Persistent triggers on every table it was made from empty it
/// on any insert, update or delete, by PeerScript or any other program that writes the file,
/// so entries that are present describe those tables as they are now. A reader still checks
/// what it reads (the file may come from anyone) and falls back to the tables.
public enum ColumnCacheTable {
    /// The table's name. It is left out of change sets and dumps, like the text index.
    public static let name = "column_cache"

    /// Whether the table and a trigger for each change to each of `sources` exist, so that an
    /// entry present now cannot be older than the last change to those tables.
    public static func isGuarding(_ sources: [String], _ db: Database) throws -> Bool {
        let present = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        guard present.contains(name) else { return false }
        return sources.allSatisfy { table in operations.allSatisfy { present.contains(triggerName(table, $0)) } }
    }

    /// Creates the table and its triggers on `sources` where missing. Needs a writable
    /// connection; harmless to repeat.
    public static func install(guarding sources: [String], _ db: Database) throws {
        try db.execute(sql: createTable)
        for table in sources {
            for operation in operations {
                try db.execute(sql: """
                    CREATE TRIGGER IF NOT EXISTS \(triggerName(table, operation)) AFTER \(operation) ON \(table)
                    BEGIN DELETE FROM \(name); END
                    """)
            }
        }
    }

    /// Makes the table again when another program dropped it but left its triggers, which would
    /// otherwise make every write to the tables they watch fail. Looks first and writes only
    /// when needed, so that opening a project another process is changing does not wait.
    static func repair(_ queue: DatabaseQueue) throws {
        let orphaned = try queue.read { db in
            try !db.tableExists(name) && (Bool.fetchOne(
                db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?",
                arguments: ["\(name)_*"]) ?? false)
        }
        if orphaned { try queue.write { try $0.execute(sql: createTable) } }
    }

    private static let createTable = "CREATE TABLE IF NOT EXISTS \(name) (entry TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL)"

    /// Replaces every entry with `entries`, in the caller's transaction.
    public static func replace(with entries: [(entry: String, data: Data)], _ db: Database) throws {
        try db.execute(sql: "DELETE FROM \(name)")
        let insert = try db.makeStatement(sql: "INSERT INTO \(name) (entry, data) VALUES (?, ?)")
        for (entry, data) in entries {
            try insert.execute(arguments: [entry, data])
        }
    }

    /// The names of the entries present (none before the table is first made).
    public static func entries(_ db: Database) throws -> Set<String> {
        guard try db.tableExists(name) else { return [] }
        return try String.fetchSet(db, sql: "SELECT entry FROM \(name)")
    }

    /// An entry's bytes as an array of `Element`, read straight from SQLite into the array's
    /// storage; nil when the entry is missing or its length is not a whole number of elements.
    public static func read<Element: BitwiseCopyable>(_ entry: String, as type: Element.Type, _ db: Database) throws -> [Element]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT rowid, length(data) FROM \(name) WHERE entry = ?", arguments: [entry]),
              let rowID: Int64 = row[0], let length: Int = row[1] else { return nil }
        let width = MemoryLayout<Element>.stride
        guard length % width == 0, length <= Int(Int32.max) else { return nil }
        var handle: OpaquePointer?
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", name, "data", rowID, 0, &handle)
        defer { sqlite3_blob_close(handle) }
        guard opened == SQLITE_OK, let handle, Int(sqlite3_blob_bytes(handle)) == length else { return nil }
        var status = SQLITE_OK
        let values = [Element](unsafeUninitializedCapacity: length / width) { buffer, count in
            if length > 0 { status = sqlite3_blob_read(handle, buffer.baseAddress, Int32(length), 0) }
            count = status == SQLITE_OK ? length / width : 0
        }
        return status == SQLITE_OK ? values : nil
    }

    private static let operations = ["INSERT", "UPDATE", "DELETE"]

    private static func triggerName(_ table: String, _ operation: String) -> String {
        "\(name)_\(table)_\(operation.lowercased())"
    }
}
