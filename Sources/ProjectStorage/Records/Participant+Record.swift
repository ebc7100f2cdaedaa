import GRDB
import StudyModel

extension Participant: ProjectRecord, PersistableRecord {
    /// Stored in the `participants` table; `attributes` holds JSON text.
    public static let databaseTableName = "participants"
}
