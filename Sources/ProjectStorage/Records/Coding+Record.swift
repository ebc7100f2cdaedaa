import GRDB
import StudyModel

extension Coding: FetchableRecord, MutablePersistableRecord {
    /// Stored in the `codings` table.
    public static let databaseTableName = "codings"

    /// Reads a `codings` row; fails unless exactly one of code, BCT and principle is set.
    public init(row: Row) throws {
        let id: Int64? = row["id"]
        let target: CodingTarget
        let code: String? = row["code_id"]
        let bct: String? = row["bct_id"]
        let principle: String? = row["principle_id"]
        switch (code, bct, principle) {
        case let (code?, nil, nil): target = .code(code)
        case let (nil, bct?, nil): target = .bct(bct)
        case let (nil, nil, principle?): target = .principle(principle)
        default: throw CorpusError.invalidCodingTarget(codingID: id)
        }
        self.init(id: id, segmentID: row["segment_id"], target: target, coderID: row["coder_id"],
                  createdAt: row["created_at"], memo: row["memo"], guid: row["guid"])
    }

    /// Writes the columns of a `codings` row, putting the target id in its own column.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["segment_id"] = segmentID
        container["code_id"] = target.codeID
        container["bct_id"] = target.bctID
        container["principle_id"] = target.principleID
        container["coder_id"] = coderID
        container["created_at"] = createdAt
        container["memo"] = memo
        container["guid"] = guid
    }

    /// Keeps the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
