import GRDB
import StudyModel

extension Participant: FetchableRecord, PersistableRecord {
    /// Stored in the `participants` table.
    public static let databaseTableName = "participants"

    /// Reads a `participants` row; fails when `attributes` is not a JSON object.
    public init(row: Row) throws {
        let id: String = row["id"]
        self.init(id: id, role: row["role"], caseID: row["case_id"], guid: row["guid"],
                  attributes: try decodeJSONColumn(row, "attributes", table: "participants", rowID: id))
    }

    /// Writes the columns of a `participants` row.
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["role"] = role
        container["case_id"] = caseID
        container["guid"] = guid
        container["attributes"] = AttributeColumn.encode(attributes)
    }
}
