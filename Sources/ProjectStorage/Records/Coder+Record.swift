import GRDB
import StudyModel

extension Coder: FetchableRecord, MutablePersistableRecord {
    /// Stored in the `coders` table.
    public static let databaseTableName = "coders"

    /// Reads a `coders` row.
    public init(row: Row) {
        self.init(id: row["id"], name: row["name"], guid: row["guid"])
    }

    /// Writes the columns of a `coders` row.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["guid"] = guid
    }

    /// Keeps the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
