import GRDB
import StudyModel

extension StudyCase: ProjectRecord, PersistableRecord {
    /// Stored in the `cases` table; `attributes` holds JSON text.
    public static let databaseTableName = "cases"
}
