import GRDB
import StudyModel

extension StudyCase: FetchableRecord, PersistableRecord {
    /// Stored in the `cases` table.
    public static let databaseTableName = "cases"

    /// Reads a `cases` row; fails when `attributes` is not a JSON object.
    public init(row: Row) throws {
        let id: String = row["id"]
        self.init(id: id, sector: row["sector"], label: row["label"], guid: row["guid"],
                  attributes: try decodeJSONColumn(row, "attributes", table: "cases", rowID: id))
    }

    /// Writes the columns of a `cases` row.
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["sector"] = sector
        container["label"] = label
        container["guid"] = guid
        container["attributes"] = AttributeColumn.encode(attributes)
    }
}
