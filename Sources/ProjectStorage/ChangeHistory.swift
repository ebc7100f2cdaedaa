import Foundation
import GRDB
import StudyModel

/// The recorded change sets of a project: listing them and undoing them exactly.
public enum ChangeHistory {
    /// Every change set, oldest first, with counts per table (and `sample` rows of each).
    public static func list(_ store: ProjectStore, sample: Int = 0) throws -> [ChangeSummary] {
        try store.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM change_sets WHERE committed_at IS NOT NULL ORDER BY id")
                .map { try ChangeSummary.load(db, id: $0, provenance: nil, sample: sample) }
        }
    }

    /// Undoes change set `id` (the latest not yet undone when nil) in one transaction, so
    /// that every table is as it was before it. Later change sets that changed the same rows
    /// are undone first when `includingLater`; otherwise they make the undo fail, naming
    /// them. Returns the change sets undone, latest first; each stays in the history, marked.
    @discardableResult
    public static func undo(_ store: ProjectStore, id: Int64? = nil, includingLater: Bool = false) throws -> [Int64] {
        let path = store.url?.path ?? "(in memory)"
        guard !store.isReadOnly else { throw ChangeSetError.readOnly(path: path) }
        return try store.database.writeWithoutTransaction { db in
            do {
                try db.execute(sql: "BEGIN IMMEDIATE TRANSACTION")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                throw ChangeSetError.busy(path: path)
            }
            do {
                let undone = try undoInTransaction(db, id: id, includingLater: includingLater)
                try db.execute(sql: "COMMIT")
                return undone
            } catch {
                try? db.execute(sql: "ROLLBACK")
                throw error
            }
        }
    }

    private static func undoInTransaction(_ db: Database, id: Int64?, includingLater: Bool) throws -> [Int64] {
        let target = try resolve(db, id)
        var sets = [target]
        var later = try dependents(db, of: target)
        if !later.isEmpty && !includingLater { throw ChangeSetError.dependents(target, later: later) }
        while let next = later.popLast() {
            guard !sets.contains(next) else { continue }
            sets.append(next)
            later += try dependents(db, of: next)
        }
        sets.sort(by: >)
        // Rows come back in the reverse of the order they went, so a parent may briefly be
        // missing; references are checked once every row is back.
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        let capture = try ChangeCapture.recordedTables(db)
        try db.execute(sql: """
            CREATE TEMP TABLE undo_touched (change_set_id INTEGER, table_name TEXT, row_key INTEGER,
              operation TEXT, before TEXT, after TEXT)
            """)
        try capture.install(db, setID: target, target: "undo_touched")
        var expected = Set<RowKey>()
        for set in sets { expected.formUnion(try revert(db, set, capture: capture)) }
        try capture.remove(db)
        try checkNothingElseChanged(db, target: target, sets: sets, expected: expected)
        try db.execute(sql: "DROP TABLE temp.undo_touched")
        let now = Coding.timestamp(Date())
        for set in sets { try db.execute(sql: "UPDATE change_sets SET undone_at = ? WHERE id = ?", arguments: [now, set]) }
        return sets
    }

    /// The change set to undo: the one asked for, or the latest not undone.
    private static func resolve(_ db: Database, _ id: Int64?) throws -> Int64 {
        guard let id else {
            let latest = try Int64.fetchOne(db, sql: """
                SELECT max(id) FROM change_sets WHERE committed_at IS NOT NULL AND undone_at IS NULL
                """)
            guard let latest else { throw ChangeSetError.nothingToUndo }
            return latest
        }
        guard let row = try Row.fetchOne(db, sql: "SELECT committed_at, undone_at FROM change_sets WHERE id = ?", arguments: [id]),
              (row["committed_at"] as String?) != nil else { throw ChangeSetError.unknownChangeSet(id) }
        if (row["undone_at"] as String?) != nil { throw ChangeSetError.alreadyUndone(id) }
        return id
    }

    /// The later change sets, not undone, that changed a row change set `id` changed. The
    /// rows of `id` go into a keyed temporary table first, so only the later change sets'
    /// rows are read, once each (the log has no index by row, to keep imports fast).
    public static func dependents(_ db: Database, of id: Int64) throws -> [Int64] {
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS undo_keys (table_name TEXT, row_key INTEGER, PRIMARY KEY (table_name, row_key)) WITHOUT ROWID;
            DELETE FROM temp.undo_keys;
            INSERT OR IGNORE INTO temp.undo_keys SELECT table_name, row_key FROM change_rows WHERE change_set_id = ?;
            """, arguments: [id])
        defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.undo_keys") }
        return try Int64.fetchAll(db, sql: """
            SELECT DISTINCT later.change_set_id FROM change_rows later
            JOIN change_sets s ON s.id = later.change_set_id
            WHERE later.change_set_id > ? AND s.undone_at IS NULL
              AND EXISTS (SELECT 1 FROM temp.undo_keys k WHERE k.table_name = later.table_name AND k.row_key = later.row_key)
            ORDER BY later.change_set_id
            """, arguments: [id])
    }

    /// A row of a table, by rowid.
    struct RowKey: Hashable {
        let table: String
        let key: Int64
    }

    /// Applies the inverse of every row change of `set`, latest first; returns the rows touched.
    private static func revert(_ db: Database, _ set: Int64, capture: ChangeCapture) throws -> Set<RowKey> {
        let shapes = Dictionary(uniqueKeysWithValues: capture.shapes.map { ($0.table, $0) })
        let recorded = try Row.fetchOne(db, sql: "SELECT columns FROM change_sets WHERE id = ?", arguments: [set])
        let columnsText: String = recorded?["columns"] ?? "{}"
        let columns = (try? JSONSerialization.jsonObject(with: Data(columnsText.utf8))) as? [String: [String]] ?? [:]
        var touched = Set<RowKey>()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT table_name, row_key, operation, before FROM change_rows WHERE change_set_id = ? ORDER BY id DESC
            """, arguments: [set])
        while let row = try rows.next() {
            let table: String = row["table_name"], key: Int64 = row["row_key"], operation: String = row["operation"]
            guard let names = columns[table] ?? shapes[table]?.columns, shapes[table] != nil else {
                throw ChangeSetError.damagedRecord(set, reason: "it changed table '\(table)', which the project no longer has")
            }
            touched.insert(RowKey(table: table, key: key))
            let statement = try inverse(db, set: set, table: table, columns: names, operation: operation, before: row["before"])
            try statement.execute(arguments: operation == "delete" ? [] : [key])
        }
        return touched
    }

    /// The statement that reverses one row change: a delete for an insert, an update back to
    /// the before image, an insert of the before image for a delete.
    private static func inverse(_ db: Database, set: Int64, table: String, columns: [String], operation: String,
                                before: String?) throws -> Statement {
        let name = ChangeCapture.quoted(table)
        let list = columns.map { $0 == "rowid" ? "rowid" : ChangeCapture.quoted($0) }.joined(separator: ", ")
        let sql: String
        switch (operation, before) {
        case ("insert", _): sql = "DELETE FROM main.\(name) WHERE rowid = ?"
        case ("update", let image?): sql = "UPDATE main.\(name) SET (\(list)) = (\(image)) WHERE rowid = ?"
        case ("delete", let image?): sql = "INSERT INTO main.\(name) (\(list)) VALUES (\(image))"
        default: throw ChangeSetError.damagedRecord(set, reason: "a row of '\(table)' has operation '\(operation)' without its image")
        }
        do {
            return try db.makeStatement(sql: sql)
        } catch {
            throw ChangeSetError.damagedRecord(set, reason: "a row image of '\(table)' is not a list of values")
        }
    }

    /// Refuses the undo when restoring rows set off changes to other rows (a cascade) or
    /// left references to rows that are gone.
    private static func checkNothingElseChanged(_ db: Database, target: Int64, sets: [Int64], expected: Set<RowKey>) throws {
        let touched = try Row.fetchAll(db, sql: "SELECT DISTINCT table_name, row_key FROM temp.undo_touched")
            .map { RowKey(table: $0["table_name"], key: $0["row_key"]) }
        var problems = touched.filter { !expected.contains($0) }
        for violation in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            guard let table: String = violation["table"], let key: Int64 = violation["rowid"] else { continue }
            problems.append(RowKey(table: table, key: key))
        }
        guard let first = problems.first else { return }
        let owners = try Int64.fetchAll(db, sql: """
            SELECT DISTINCT change_set_id FROM change_rows WHERE table_name = ? AND row_key = ? ORDER BY change_set_id
            """, arguments: [first.table, first.key]).filter { !sets.contains($0) && $0 > target }
        throw ChangeSetError.referenced(target, table: first.table, later: owners)
    }
}
