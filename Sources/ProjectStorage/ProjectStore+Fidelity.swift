import GRDB
import StudyModel

extension ProjectStore {
    /// The project's fidelity items and ratings, read in one transaction.
    public func fidelity() throws -> (items: [FidelityItem], ratings: [FidelityRating]) {
        try read { db in
            (try FidelityItem.order(Column("id")).fetchAll(db), try FidelityRating.fetchAll(db))
        }
    }

    /// Each participant's case, for scoring participant ratings per case.
    public func participantCases() throws -> [String: String] {
        try read { db in try ProjectStore.participantCases(db) }
    }

    /// Each participant's case, read in a transaction already open.
    package static func participantCases(_ db: Database) throws -> [String: String] {
        try textPairs(db, sql: "SELECT id, case_id FROM participants WHERE case_id IS NOT NULL")
    }
}
