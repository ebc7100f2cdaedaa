import GRDB

/// A person who applies codes to text (a row of `coders`).
public struct Coder: Hashable, Sendable {
    /// Row id, assigned by the store on insert.
    public var id: Int64?
    /// The coder's name, unique within a project.
    public var name: String
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?

    /// Makes a coder; leave `id` nil to let the store assign it.
    public init(id: Int64? = nil, name: String, guid: String? = nil) {
        self.id = id
        self.name = name
        self.guid = guid
    }
}

extension Coder: FetchableRecord, MutablePersistableRecord {
    /// Stored in the `coders` table.
    public static let databaseTableName = "coders"

    /// Reads a `coders` row.
    public init(row: Row) {
        id = row["id"]
        name = row["name"]
        guid = row["guid"]
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
