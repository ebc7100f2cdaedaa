import Foundation
import GRDB
import StudyModel

/// A PeerScript project: one SQLite database (a `.peerdb` file, or memory) with the schema of
/// `docs/project-format.md`. Every write runs in a transaction, so a failed batch changes nothing.
public final class ProjectStore: Sendable {
    /// The underlying GRDB connection, for callers that run SQL of their own (bulk loads,
    /// the query engine). Writes through it should use `write` or `database.write`.
    public let database: DatabaseQueue
    /// The project file, or nil for an in-memory project.
    public let url: URL?
    /// True when the project was opened read-only.
    public let isReadOnly: Bool

    private init(database: DatabaseQueue, url: URL?, isReadOnly: Bool) {
        self.database = database
        self.url = url
        self.isReadOnly = isReadOnly
    }

    // MARK: Creating and opening

    /// Creates a new project file at `url` with the current schema and project facts
    /// (`title`, `created_at`, `software`). Fails if a file already exists there.
    public static func create(at url: URL, title: String? = nil, createdAt: Date = Date()) throws -> ProjectStore {
        try create(at: url, title: title, createdAt: createdAt, journal: "WAL")
    }

    /// Creates a project with the given journal mode. The generator builds files under a
    /// temporary name with no journal at all (much faster for millions of rows) and switches
    /// to WAL with `finishBulkWrite()` before moving the file into place.
    package static func create(at url: URL, title: String?, createdAt: Date, journal: String) throws -> ProjectStore {
        let path = url.path
        guard !FileManager.default.fileExists(atPath: path) else { throw ProjectStoreError.alreadyExists(path: path) }
        let queue = try openQueue(path: path, readOnly: false)
        try queue.writeWithoutTransaction { db in
            // The journal mode cannot change inside a transaction, so it is set before the schema.
            try db.execute(sql: "PRAGMA journal_mode = \(journal)")
            if journal == "OFF" { try db.execute(sql: "PRAGMA synchronous = OFF") }
        }
        let store = ProjectStore(database: queue, url: url, isReadOnly: false)
        try store.initialise(title: title ?? url.deletingPathExtension().lastPathComponent, createdAt: createdAt)
        return store
    }

    /// Opens an existing project. Refuses files that are not SQLite, not PeerScript projects, or
    /// written by a newer version; an older schema is migrated forward unless `readOnly`.
    public static func open(at url: URL, readOnly: Bool = false) throws -> ProjectStore {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ProjectStoreError.fileNotFound(path: path)
        }
        let queue = try openQueue(path: path, readOnly: readOnly)
        let (applicationID, version) = try identify(queue, path: path)
        guard applicationID == ProjectSchema.applicationID else {
            throw ProjectStoreError.notAProject(path: path, applicationID: applicationID)
        }
        guard version <= ProjectSchema.version else {
            throw ProjectStoreError.newerVersion(path: path, found: version, supported: ProjectSchema.version)
        }
        if readOnly {
            guard version == ProjectSchema.version else {
                throw ProjectStoreError.needsMigration(path: path, found: version, current: ProjectSchema.version)
            }
        } else {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try ProjectMigrator(migrations: ProjectSchema.migrations).migrate(queue)
            try ColumnCacheTable.repair(queue)
        }
        return ProjectStore(database: queue, url: url, isReadOnly: readOnly)
    }

    /// Creates an empty project held in memory (used for the demo corpus and tests).
    public static func inMemory(title: String = "In-memory project", createdAt: Date = Date()) throws -> ProjectStore {
        let queue = try DatabaseQueue(configuration: configuration(readOnly: false))
        let store = ProjectStore(database: queue, url: nil, isReadOnly: false)
        try store.initialise(title: title, createdAt: createdAt)
        return store
    }

    /// Marks a fresh database as a project, builds the schema and records the project facts.
    private func initialise(title: String, createdAt: Date) throws {
        try database.write { db in
            try db.execute(sql: "PRAGMA application_id = \(ProjectSchema.applicationID)")
        }
        try ProjectMigrator(migrations: ProjectSchema.migrations).migrate(database)
        try write { db in
            try ProjectStore.setMeta(db, "title", title)
            try ProjectStore.setMeta(db, "created_at", Coding.timestamp(createdAt))
            try ProjectStore.setMeta(db, "software", "PeerScript \(peerScriptVersion)")
        }
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        configuration.label = "PeerScript project"
        // A writing script keeps its change set's transaction open between API calls.
        configuration.allowsUnsafeTransactions = true
        // A second writer waits briefly for the lock, then is told the project is busy.
        configuration.busyMode = .timeout(2)
        return configuration
    }

    /// Opens a connection, turning SQLite's "not a database" into a clear error.
    private static func openQueue(path: String, readOnly: Bool) throws -> DatabaseQueue {
        do {
            return try DatabaseQueue(path: path, configuration: configuration(readOnly: readOnly))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw ProjectStoreError.notSQLite(path: path)
        } catch let error as DatabaseError {
            throw ProjectStoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Reads application id and schema version without changing anything.
    private static func identify(_ queue: DatabaseQueue, path: String) throws -> (Int32, Int) {
        do {
            return try queue.read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                return (applicationID, try ProjectMigrator.userVersion(db))
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw ProjectStoreError.notSQLite(path: path)
        }
    }

    /// Ends a bulk build begun with journal mode OFF: flushes to disk and turns on WAL, as
    /// every project file has it.
    package func finishBulkWrite() throws {
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
    }

    /// Closes the connection; for files, SQLite folds the write-ahead log back into the file.
    /// Later calls on this store fail.
    public func close() throws {
        try database.close()
    }

    // MARK: Reading and writing

    /// Runs `body` in one transaction: all of its changes are kept, or none if it throws.
    /// Inside a transaction already open (a change set being recorded) it is a savepoint of
    /// that transaction instead, undone alone if it throws.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try database.writeWithoutTransaction { db in
            var result: T?
            let step: () throws -> Database.TransactionCompletion = {
                result = try body(db)
                return .commit
            }
            if db.isInsideTransaction { try db.inSavepoint(step) } else { try db.inTransaction(nil, step) }
            return result!
        }
    }

    /// Runs `body` with a read-only view of the project.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    /// Sets one project fact (`project_meta`).
    public static func setMeta(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(
            sql: "INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }

    /// All project facts (`project_meta`) as a dictionary.
    public func meta() throws -> [String: String] {
        try read { db in try ProjectStore.meta(db) }
    }

    /// All project facts, read in a transaction already open.
    package static func meta(_ db: Database) throws -> [String: String] {
        try textPairs(db, sql: "SELECT key, value FROM project_meta")
    }

    /// The first column of each row mapped to the second, for a query of unique keys; rows
    /// with a NULL in either column are left out.
    package static func textPairs(_ db: Database, sql: String) throws -> [String: String] {
        var pairs: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: sql) {
            guard let key: String = row[0], let value: String = row[1] else { continue }
            pairs[key] = value
        }
        return pairs
    }

    /// The schema version of the open project (`PRAGMA user_version`).
    public func schemaVersion() throws -> Int {
        try read { db in try ProjectMigrator.userVersion(db) }
    }

    /// How many rows of each kind the project holds.
    public func counts() throws -> ProjectCounts {
        try read { db in try ProjectCounts(db) }
    }
}

// MARK: The files of a project

extension ProjectStore {
    /// What SQLite may keep beside a database file, by suffix: the write-ahead log and its
    /// shared-memory index (every project is in WAL mode), and the rollback journal a build
    /// with another journal mode leaves while it runs.
    static let sideFileSuffixes = ["-wal", "-shm", "-journal"]

    /// The files that make up the project at `url`, the database first, whether or not they
    /// exist: moving or removing a project means all of them.
    public static func files(at url: URL) -> [URL] {
        [url] + sideFileSuffixes.map { URL(fileURLWithPath: url.path + $0) }
    }

    /// Removes the project at `url` and its side files, those that exist. Every file is tried;
    /// the first failure is thrown afterwards.
    public static func removeFiles(at url: URL) throws {
        var failure: Error?
        for file in files(at: url) where FileManager.default.fileExists(atPath: file.path) {
            do {
                try FileManager.default.removeItem(at: file)
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }
}
