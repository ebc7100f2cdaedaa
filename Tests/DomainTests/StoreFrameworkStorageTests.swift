@testable import CorpusGenerator
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

@Suite("Frameworks in the project store")
struct StoreFrameworkStorageTests {
    @Test("taxonomy extensions round-trip through taxonomy_extensions")
    func extensionsRoundTrip() throws {
        let store = try ProjectStore.inMemory()
        let digital = try TaxonomyExtension(json: Data("""
            {"framework": "digital", "groups": [
              {"id": "18", "label": "Digital", "techniques": [{"id": "18.1", "label": "App reminders", "definition": "D"},
                                                              {"id": "18.2", "label": "Forum"}]},
              {"id": "19", "label": "Remote", "techniques": [{"id": "19.1", "label": "Video calls"}]}]}
            """.utf8))
        try store.write { db in try digital.insert(db) }
        let loaded = try store.read { db in try TaxonomyExtension.fetchAll(db) }
        #expect(loaded == [digital])
        let taxonomy = try store.read { db in try Taxonomy.load(db) }
        #expect(taxonomy.techniques.count == 98 + 3)
        #expect(taxonomy.bct("19.1")?.framework == "digital")
        #expect(try store.counts().taxonomyExtensions == 3)
        #expect(throws: DatabaseError.self) { try store.write { db in try digital.insert(db) } }
    }

    @Test("fidelity items, ratings and evidence load from a project")
    func fidelityFromStore() throws {
        let store = try DemoCorpus.makeStore()
        let (model, scores, evidence) = try store.read { db in
            let model = try FidelityModel.load(db)
            return (model, try model.caseScores(db), try FidelityModel.evidence(db))
        }
        #expect(model.items.count == 11)
        #expect(scores.count == 10)
        #expect(scores.allSatisfy { $0.overall >= 0 && $0.overall <= 1 && $0.principles.count == 6 })
        #expect(evidence.count == 10 * 6)
        #expect(evidence.allSatisfy { $0.score >= 0 && $0.score <= 1 })
        #expect(evidence.contains { $0.score > 0 })
        let ratings = try store.read { db in try FidelityRating.fetchAll(db) }
        #expect(ratings.contains { if case .participant = $0.target { true } else { false } })
        try store.write { db in
            try FidelityRating(itemID: "F1a", target: .participant("STA1PW01"), rater: "x", value: 2).insert(db)
        }
        #expect(throws: DatabaseError.self) {
            try store.write { db in
                try db.execute(sql: "INSERT INTO fidelity_ratings (item_id, case_id, participant_id, value) VALUES ('F1a', 'STA1', 'STA1PW01', 1)")
            }
        }
    }
}
