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
        try read { db in
            var cases: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, case_id FROM participants WHERE case_id IS NOT NULL") {
                cases[row["id"]] = row["case_id"]
            }
            return cases
        }
    }
}
