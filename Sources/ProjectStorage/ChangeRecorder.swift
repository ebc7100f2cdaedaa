import Foundation
import GRDB
import StudyModel

/// An open change set: one immediate transaction on a project, in which every change to a
/// recorded table is logged with its before and after images. Commit keeps the changes and
/// their record together; rolling back (or ending the process) keeps neither.
public final class ChangeRecorder {
    /// The project being changed.
    public let store: ProjectStore
    /// The change set's number.
    public let id: Int64
    /// Where it came from.
    public let provenance: ChangeProvenance
    private let capture: ChangeCapture
    /// Whether the transaction has ended (committed or rolled back).
    public private(set) var isFinished = false

    private init(store: ProjectStore, id: Int64, provenance: ChangeProvenance, capture: ChangeCapture) {
        self.store = store
        self.id = id
        self.provenance = provenance
        self.capture = capture
    }

    /// Takes the project's write lock (failing with ``ChangeSetError/busy(path:)`` when another
    /// process holds it past the busy timeout) and starts recording.
    public static func begin(on store: ProjectStore, provenance: ChangeProvenance) throws -> ChangeRecorder {
        let path = store.url?.path ?? "(in memory)"
        guard !store.isReadOnly else { throw ChangeSetError.readOnly(path: path) }
        return try store.database.writeWithoutTransaction { db in
            do {
                try db.execute(sql: "BEGIN IMMEDIATE TRANSACTION")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                throw ChangeSetError.busy(path: path)
            }
            do {
                let capture = try ChangeCapture.recordedTables(db)
                try db.execute(sql: """
                    INSERT INTO change_sets (kind, script_path, script_sha256, command_line, user, started_at, columns)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [provenance.kind, provenance.path, provenance.sha256, provenance.commandLine,
                                     provenance.user, Coding.timestamp(provenance.startedAt), capture.columnsJSON])
                let id = db.lastInsertedRowID
                try capture.install(db, setID: id, target: "change_rows")
                return ChangeRecorder(store: store, id: id, provenance: provenance, capture: capture)
            } catch {
                try? db.execute(sql: "ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` as one recorded change set: committed when it returns (unless it changed
    /// nothing, then no change set is kept), rolled back when it throws.
    public static func recording<T>(_ store: ProjectStore, _ provenance: ChangeProvenance,
                                    _ body: () throws -> T) throws -> (T, ChangeSummary?) {
        let recorder = try begin(on: store, provenance: provenance)
        do {
            let result = try body()
            return (result, try recorder.commit())
        } catch {
            recorder.rollBack()
            throw error
        }
    }

    /// What the change set holds so far: counts per table and the first rows of each.
    public func summary(sample: Int = 3) throws -> ChangeSummary {
        try store.database.writeWithoutTransaction { db in
            try ChangeSummary.load(db, id: id, provenance: provenance, sample: sample)
        }
    }

    /// Stops recording and commits. Returns the summary, or nil when nothing changed: then
    /// the transaction is rolled back and no change set is recorded.
    @discardableResult
    public func commit() throws -> ChangeSummary? {
        guard !isFinished else { return nil }
        let summary = try self.summary()
        guard !summary.tables.isEmpty else {
            rollBack()
            return nil
        }
        try store.database.writeWithoutTransaction { db in
            try capture.remove(db)
            try db.execute(sql: "UPDATE change_sets SET committed_at = ? WHERE id = ?",
                           arguments: [Coding.timestamp(Date()), id])
            try db.execute(sql: "COMMIT")
        }
        isFinished = true
        return summary
    }

    /// Ends the transaction without keeping anything (nor the change set's record).
    public func rollBack() {
        guard !isFinished else { return }
        isFinished = true
        try? store.database.writeWithoutTransaction { db in
            if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
        }
    }

    deinit { rollBack() }
}
