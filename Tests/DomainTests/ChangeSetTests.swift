import Foundation
import GRDB
@testable import ProjectStorage
import StudyModel
import Testing

/// A project file with the store fixture and two codes of its own, for change-set tests.
private func changeSetProject(_ directory: StoreTestDirectory) throws -> ProjectStore {
    let store = try ProjectStore.create(at: directory.file("p.peerdb"), title: "Changes")
    try store.write { db in
        try StoreFixture.write(db)
        try ProjectEdits.addCode(db, .init(id: "ind", label: "Inductive"))
        try ProjectEdits.addCode(db, .init(id: "ind.hope", label: "Hope", parentID: "ind"))
        try FidelityItem(id: "P1.1", principleID: "P1", text: "Shared experience", scaleMin: 0, scaleMax: 1).insert(db)
    }
    return store
}

private func provenance(_ name: String = "test.lua") -> ChangeProvenance {
    ChangeProvenance(kind: "script", path: name, sha256: ContentDigest.sha256Hex(Array(name.utf8)),
                     commandLine: "peerscript run --write \(name)", user: "tester", startedAt: Date(timeIntervalSince1970: 0))
}

@Suite("Change sets: recording and undo", .timeLimit(.minutes(3)))
struct ChangeSetTests {
    /// Every kind of write a script can make, in one change set.
    private static func everyEdit(_ db: Database) throws {
        try ProjectEdits.addCode(db, .init(id: "ind.trust", label: "Trust", parentID: "ind", description: "d", colour: "#1F77B4"))
        try ProjectEdits.addCode(db, .init(id: "ind.hope2", label: "Hope again", parentID: "ind"))
        try ProjectEdits.renameCode(db, "ind.trust", label: "Trust and safety")
        try ProjectEdits.moveCode(db, "ind.trust", under: nil)
        try ProjectEdits.mapCode(db, "ind.hope2", to: .technique("3.1"), rationale: "support")
        try ProjectEdits.mapCode(db, "ind.hope", to: .principle("P3"), rationale: "hope")
        let spans = [ProjectEdits.Span(documentID: "doc1", start: 0, end: 21), ProjectEdits.Span(documentID: "doc1", start: 22, end: 40)]
        let outcome = try ProjectEdits.code(db, spans: spans, with: .code("ind.hope2"), coder: "rule", memo: "m")
        #expect(outcome == ProjectEdits.CodingOutcome(added: 2, alreadyCoded: 0))
        #expect(try ProjectEdits.mergeCodes(db, "ind.hope2", into: "ind.hope") == 2)
        let ruleCodings = try Int64.fetchAll(db, sql: "SELECT id FROM codings WHERE coder_id = (SELECT id FROM coders WHERE name = 'rule')")
        #expect(try ProjectEdits.recode(db, ids: [ruleCodings[0]], to: .technique("6.2")) == 1)
        try ProjectEdits.addMemo(db, on: .coding, id: String(ruleCodings[0]), text: "why", name: nil, author: "rule")
        #expect(try ProjectEdits.removeCodings(db, ids: [ruleCodings[1]]) == 1)
        try ProjectEdits.unmapCode(db, "ind.hope", from: .principle("P3"))
        try ProjectEdits.setAttribute(db, participant: "PAR1PW01", name: "cohort", value: "2024")
        try ProjectEdits.setAttribute(db, case: "PAR1", name: "region", value: nil)
        try ProjectEdits.addMemo(db, on: .document, id: "doc1", text: "Long pause here.", name: "Pause", author: "rule")
        try ProjectEdits.addFidelityItem(db, FidelityItem(id: "P3.1", principleID: "P3", text: "Hope", scaleMin: 0, scaleMax: 1),
                                         principles: .standard)
        // A value decimal text cannot hold in 15 digits: undo must bring back the same double.
        try ProjectEdits.addRating(db, FidelityRating(itemID: "P1.1", target: .studyCase("PAR1"), rater: "r", value: 0.1 + 0.2))
        try db.execute(sql: "UPDATE fidelity_items SET scale_max = ? WHERE id = 'P1.1'", arguments: [1.0 / 3.0])
        let addition = try TaxonomyExtension(dictionary: [
            "framework": "team",
            "groups": [["id": "18", "label": "Team", "techniques": [["id": "18.1", "label": "Shared reflection"]]]],
        ])
        try addition.merge(into: db)
        try ProjectEdits.deleteCode(db, "ind.trust")
        try ProjectStore.setMeta(db, "title", "Changed")
    }

    @Test("undo restores every table exactly, after every kind of write")
    func undoRestoresEveryTable() throws {
        let directory = try StoreTestDirectory()
        let store = try changeSetProject(directory)
        let before = try ProjectDump.tables(of: store)
        let recorder = try ChangeRecorder.begin(on: store, provenance: provenance())
        try store.write { try Self.everyEdit($0) }
        let summary = try #require(try recorder.commit())
        #expect(Set(summary.tables.map(\.table)).isSuperset(of: ["codes", "codings", "code_bcts", "notes", "fidelity_ratings",
                                                                 "participants", "cases", "taxonomy_extensions", "project_meta"]))
        #expect(try ProjectDump.tables(of: store) != before)
        #expect(try ChangeHistory.undo(store) == [summary.id])
        #expect(try ProjectDump.tables(of: store) == before)
        let listed = try ChangeHistory.list(store)
        #expect(listed.map(\.id) == [summary.id] && listed[0].undoneAt != nil)
        #expect(listed[0].provenance.user == "tester" && listed[0].provenance.path == "test.lua")
        #expect(throws: ChangeSetError.nothingToUndo) { try ChangeHistory.undo(store) }
        #expect(throws: ChangeSetError.alreadyUndone(summary.id)) { try ChangeHistory.undo(store, id: summary.id) }
    }

    @Test("a change set that later ones changed again is refused, naming them, or undone with them")
    func dependentChangeSets() throws {
        let directory = try StoreTestDirectory()
        let store = try changeSetProject(directory)
        let before = try ProjectDump.tables(of: store)
        let first = try ChangeRecorder.recording(store, provenance("a.lua")) {
            try store.write { try ProjectEdits.addCode($0, .init(id: "ind.new", label: "New", parentID: "ind")) }
        }.1!
        let middle = try ChangeRecorder.recording(store, provenance("b.lua")) {
            try store.write { try ProjectEdits.setAttribute($0, participant: "PAR1PW01", name: "x", value: "1") }
        }.1!
        let second = try ChangeRecorder.recording(store, provenance("c.lua")) {
            try store.write { try ProjectEdits.renameCode($0, "ind.new", label: "Newer") }
        }.1!
        #expect(throws: ChangeSetError.dependents(first.id, later: [second.id])) { try ChangeHistory.undo(store, id: first.id) }
        #expect(try ChangeHistory.undo(store, id: first.id, includingLater: true) == [second.id, first.id])
        #expect(try ChangeHistory.undo(store) == [middle.id])
        #expect(try ProjectDump.tables(of: store) == before)
    }

    @Test("undo refuses to remove a code that a later change set's codings use")
    func referencedRowsRefuse() throws {
        let directory = try StoreTestDirectory()
        let store = try changeSetProject(directory)
        let first = try ChangeRecorder.recording(store, provenance("a.lua")) {
            try store.write { try ProjectEdits.addCode($0, .init(id: "ind.new", label: "New", parentID: "ind")) }
        }.1!
        let second = try ChangeRecorder.recording(store, provenance("b.lua")) {
            try store.write { try ProjectEdits.code($0, spans: [.init(documentID: "doc1", start: 0, end: 4)], with: .code("ind.new"), coder: "b") }
        }.1!
        let dump = try ProjectDump.tables(of: store)
        #expect(throws: ChangeSetError.referenced(first.id, table: "codings", later: [second.id])) {
            try ChangeHistory.undo(store, id: first.id)
        }
        #expect(try ProjectDump.tables(of: store) == dump)
    }

    @Test("an insert's values show in the history as inserted, after a later change set changed the row")
    func insertedValuesInHistory() throws {
        let directory = try StoreTestDirectory()
        let store = try changeSetProject(directory)
        _ = try ChangeRecorder.recording(store, provenance("a.lua")) {
            try store.write { try ProjectEdits.addCode($0, .init(id: "ind.new", label: "One", parentID: "ind")) }
        }
        func shown() throws -> String { try ChangeHistory.list(store, sample: 3)[0].tables[0].sample[0].image }
        #expect(try shown().contains("'One'"))
        _ = try ChangeRecorder.recording(store, provenance("b.lua")) {
            try store.write { try ProjectEdits.renameCode($0, "ind.new", label: "Two") }
        }
        #expect(try shown().contains("'One'"))
    }

    @Test("a change set rolled back leaves no rows and no record")
    func rollBackLeavesNothing() throws {
        let directory = try StoreTestDirectory()
        let store = try changeSetProject(directory)
        let before = try ProjectDump.tables(of: store)
        let recorder = try ChangeRecorder.begin(on: store, provenance: provenance())
        try store.write { try Self.everyEdit($0) }
        recorder.rollBack()
        #expect(try ProjectDump.tables(of: store) == before)
        #expect(try ChangeHistory.list(store).isEmpty)
        // A change set that changed nothing is not recorded either.
        #expect(try ChangeRecorder.recording(store, provenance()) {}.1 == nil)
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM change_sets") } == 0)
    }

    @Test("a second writer is told the project is busy, while readers go on reading")
    func secondWriterIsBusy() throws {
        let directory = try StoreTestDirectory()
        let url = directory.file("p.peerdb")
        try changeSetProject(directory).close()
        let first = try ProjectStore.open(at: url)
        let recorder = try ChangeRecorder.begin(on: first, provenance: provenance())
        try first.write { try ProjectEdits.renameCode($0, "ind", label: "Renamed") }
        let second = try ProjectStore.open(at: url)
        #expect(throws: ChangeSetError.busy(path: url.path)) { try ChangeRecorder.begin(on: second, provenance: provenance()) }
        let reader = try ProjectStore.open(at: url, readOnly: true)
        #expect(try reader.read { try String.fetchOne($0, sql: "SELECT label FROM codes WHERE id = 'ind'") } == "Inductive")
        try recorder.commit()
        #expect(try reader.read { try String.fetchOne($0, sql: "SELECT label FROM codes WHERE id = 'ind'") } == "Renamed")
    }

    @Test("edits refuse what the project cannot take, saying what to do")
    func editsRefuseBadInput() throws {
        let directory = try StoreTestDirectory()
        let store = try changeSetProject(directory)
        func message(_ body: (Database) throws -> Void) -> String {
            do { try store.write(body); return "" } catch { return "\(error)" }
        }
        #expect(message { try ProjectEdits.deleteCode($0, "cm.rolemodel.hope") }.contains("is used by 1 coding"))
        #expect(message { try ProjectEdits.moveCode($0, "ind", under: "ind.hope") }.contains("cannot move under itself"))
        #expect(message { try ProjectEdits.addCode($0, .init(id: "ind", label: "Again")) }.contains("already has a code 'ind'"))
        #expect(message { try ProjectEdits.addCode($0, .init(id: "x", label: "X", colour: "blue")) }.contains("'#RRGGBB'"))
        let text = StoreFixture.text.unicodeScalars.count
        #expect(message { _ = try ProjectEdits.code($0, spans: [.init(documentID: "doc1", start: 5, end: text + 1)], with: .code("ind"), coder: "c") }
            .contains("which has \(text) characters"))
        #expect(message { _ = try ProjectEdits.code($0, spans: [.init(documentID: "nope", start: 0, end: 1)], with: .code("ind"), coder: "c") }
            .contains("no document 'nope'"))
        #expect(message { try ProjectEdits.addRating($0, FidelityRating(itemID: "P1.1", target: .studyCase("PAR1"), value: 7)) }
            .contains("must lie on its scale"))
        #expect(message { try ProjectEdits.mergeCodes($0, "ind", into: "ind.hope") }.contains("lies under it"))
    }

    @Test("coding the same span twice as the same coder adds one coding")
    func codingIsIdempotent() throws {
        let directory = try StoreTestDirectory()
        let store = try changeSetProject(directory)
        let span = ProjectEdits.Span(documentID: "doc1", start: 22, end: 40)
        let first = try store.write { try ProjectEdits.code($0, spans: [span], with: .technique("6.2"), coder: "rule") }
        let again = try store.write { try ProjectEdits.code($0, spans: [span], with: .technique("6.2"), coder: "rule") }
        #expect(first.added == 1 && again == ProjectEdits.CodingOutcome(added: 0, alreadyCoded: 1))
        // The fixture's segment has these offsets already: it is reused, not duplicated.
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM segments") } == 1)
    }

    @Test("the change-set tables are the ones documented in docs/project-format.md")
    func changeTablesAreDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/project-format.md"), encoding: .utf8)
        let heading = try #require(doc.range(of: "## Change sets"))
        let start = try #require(doc.range(of: "```sql\n", range: heading.upperBound..<doc.endIndex))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        #expect(StoreTests.statements(String(doc[start.upperBound..<end.lowerBound])) == StoreTests.statements(ProjectSchema.changeSets))
    }
}
