import GRDB
import StudyModel

extension Segment: FetchableRecord, MutablePersistableRecord {
    /// Stored in the `segments` table.
    public static let databaseTableName = "segments"

    /// Reads a `segments` row.
    public init(row: Row) {
        self.init(id: row["id"], documentID: row["document_id"], start: row["start"], end: row["end"], guid: row["guid"])
    }

    /// Writes the columns of a `segments` row.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["document_id"] = documentID
        container["start"] = start
        container["end"] = end
        container["guid"] = guid
    }

    /// Keeps the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
