import GRDB
import StudyModel

extension Document: FetchableRecord, PersistableRecord {
    /// Stored in the `documents` table.
    public static let databaseTableName = "documents"

    /// Reads a `documents` row; the stored hash is kept as it is, not recomputed.
    public init(row: Row) throws {
        let id: String = row["id"]
        self.init(id: id, title: row["title"], participantID: row["participant_id"], caseID: row["case_id"],
                  text: row["text"], contentHash: row["content_hash"], guid: row["guid"],
                  metadata: try decodeJSONColumn(row, "metadata", table: "documents", rowID: id))
    }

    /// Writes the columns of a `documents` row.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["title"] = title
        container["participant_id"] = participantID
        container["case_id"] = caseID
        container["text"] = text
        container["content_hash"] = contentHash
        container["guid"] = guid
        container["metadata"] = AttributeColumn.encode(metadata)
    }
}
