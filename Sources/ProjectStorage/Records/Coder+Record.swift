import GRDB
import StudyModel

extension Coder: RowIDRecord {
    /// Stored in the `coders` table.
    public static let databaseTableName = "coders"
}
