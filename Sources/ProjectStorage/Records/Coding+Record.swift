import GRDB
import StudyModel

extension Coding: RowIDRecord {
    /// Stored in the `codings` table, the target in one of `code_id`, `bct_id` and `principle_id`.
    public static let databaseTableName = "codings"
}
