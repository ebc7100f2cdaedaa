import GRDB
import StudyModel

extension Document: ProjectRecord, PersistableRecord {
    /// Stored in the `documents` table; the stored hash is read as it is, not recomputed.
    public static let databaseTableName = "documents"
}
