import GRDB
import StudyModel

extension Segment: RowIDRecord {
    /// Stored in the `segments` table.
    public static let databaseTableName = "segments"
}
