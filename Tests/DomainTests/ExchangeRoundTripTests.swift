@testable import DataExchange
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

@Suite("Export and round trip")
struct ExchangeRoundTripTests {
    /// The project's content without row ids and GUIDs, which a new project assigns afresh:
    /// two projects with the same picture hold the same documents, codes, segments and codings.
    static func picture(_ store: ProjectStore) throws -> [String] {
        try store.read { db in
            var lines: [String] = []
            func add(_ table: String, _ sql: String) throws {
                for row in try Row.fetchAll(db, sql: sql) {
                    lines.append(table + " " + row.description)
                }
            }
            try add("case", "SELECT id, sector, label, attributes FROM cases")
            try add("participant", "SELECT id, role, case_id, attributes FROM participants")
            try add("coder", "SELECT name FROM coders")
            try add("document", "SELECT id, title, participant_id, case_id, text, content_hash, metadata FROM documents")
            try add("code", "SELECT id, codebook, parent_id, label, description, colour, level, sort_order FROM codes")
            try add("code_bct", "SELECT * FROM code_bcts")
            try add("code_principle", "SELECT * FROM code_principles")
            try add("segment", """
                SELECT s.document_id, s.start, s."end", substr(d.text, s.start + 1, s."end" - s.start) AS text
                FROM segments s JOIN documents d ON d.id = s.document_id
                """)
            try add("coding", """
                SELECT s.document_id, s.start, s."end", c.code_id, c.bct_id, c.principle_id, co.name, c.created_at, c.memo
                FROM codings c JOIN segments s ON s.id = c.segment_id JOIN coders co ON co.id = c.coder_id
                """)
            try add("note", "SELECT name, text, author, created_at, target_kind, target_id FROM notes")
            try add("set", """
                SELECT s.name, s.description, m.member_kind, m.member_id FROM sets s
                LEFT JOIN set_members m ON m.set_id = s.id
                """)
            try add("extension", "SELECT * FROM taxonomy_extensions")
            try add("fidelity_item", "SELECT * FROM fidelity_items")
            try add("fidelity_rating", "SELECT * FROM fidelity_ratings")
            return lines.sorted()
        }
    }

    /// Exports `store` to a `.qdpx` file, validating it against the schema when `xmllint` is here.
    static func exportValidated(_ store: ProjectStore) throws -> URL {
        let directory = try ExchangeFixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("export.qdpx")
        try Exchange.export(store, to: url)
        if let xmllint = ExchangeFixtures.xmllint {
            try ExchangeFixtures.entry("project.qde", of: url).write(to: directory.appendingPathComponent("project.qde"))
            let (valid, message) = try ExchangeFixtures.run(xmllint, [
                "--noout", "--schema", ExchangeFixtures.url("Project.xsd").path,
                directory.appendingPathComponent("project.qde").path,
            ])
            #expect(valid == 0, "\(message)")
        }
        return url
    }

    @Test("NVivo import → export → import gives the same documents, codes, segments and codings")
    func nvivoRoundTrip() throws {
        let first = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx"), into: first)
        let exported = try Self.exportValidated(first)
        let second = try ProjectStore.inMemory()
        let report = try QDAImporter.importProject(at: exported, into: second)
        #expect(report.offsetConvention == .codepoints)
        #expect(report.added["codings"] == 303)
        #expect(try Self.picture(second) == Self.picture(first))
        // Importing the export back into the project it came from finds everything present.
        let before = try ExchangeFixtures.snapshot(first)
        let again = try QDAImporter.importProject(at: exported, into: first)
        #expect(again.added.isEmpty)
        #expect(try ExchangeFixtures.snapshot(first) == before)
    }

    @Test("exported selections are code points and named after the text they select")
    func exportedOffsets() throws {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx"), into: store)
        let exported = try QDPXArchive.read(try Self.exportValidated(store))
        #expect(exported.origin?.hasPrefix("PeerScript") == true)
        let decision = try OffsetResolver(file: "export").resolve(exported, mode: .fixed(.codepoints))
        let named = try #require(decision.evidence.first { $0.convention == .codepoints })
        #expect(named.namedSelections == exported.sources.reduce(0) { $0 + $1.selections.count })
        #expect(named.namesAgreeing == named.namedSelections)
    }

    @Test("a PeerScript project with techniques, principles, mappings, memos, notes, sets and fidelity data survives the trip")
    func nativeRoundTrip() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in try Self.fillNativeProject(db) }
        let exported = try Self.exportValidated(store)
        let copy = try ProjectStore.inMemory()
        let report = try QDAImporter.importProject(at: exported, into: copy)
        #expect(report.dangling.isEmpty)
        #expect(try Self.picture(copy) == Self.picture(store))
        let again = try QDAImporter.importProject(at: exported, into: copy)
        #expect(again.added.isEmpty)
    }

    @Test("the codebook exports as .qdc and imports back to the same tree")
    func codebookRoundTrip() throws {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx"), into: store)
        let directory = try ExchangeFixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("codes.qdc")
        try Exchange.export(store, to: url)
        let codebook = try QDEReader(file: "codes.qdc").readCodebook(try Data(contentsOf: url))
        #expect(codebook.origin?.hasPrefix("PeerScript") == true)
        let copy = try ProjectStore.inMemory()
        let report = try Exchange.importFiles([url], into: copy)
        #expect(report.added["codes"] == 152)
        let sql = "SELECT id, codebook, parent_id, label, description, colour, level, sort_order, guid FROM codes ORDER BY id"
        let original = try store.read { db in try Row.fetchAll(db, sql: sql).map(\.description) }
        #expect(try copy.read { db in try Row.fetchAll(db, sql: sql).map(\.description) } == original)
    }

    /// A small project using everything REFI-QDA has no element for.
    static func fillNativeProject(_ db: Database) throws {
        try StudyCase(id: "PAR1", label: "Riverside peer service", attributes: ["region": "north"]).insert(db)
        try StudyCase(id: "VOL2", sector: "VOL").insert(db)
        try Participant(id: "PAR1PW01", role: "PW", caseID: "PAR1", attributes: ["years": "4"]).insert(db)
        try Participant(id: "VOL2SU01", role: "SU", caseID: "VOL2").insert(db)
        let text1 = "PW: I tell them I've been there. 🙂\r\nWe set one small goal a week.\r\n"
        let text2 = "SU: She never judged me — not once.\nThat mattered most.\n"
        try Document(id: "PAR1PW01", title: "PAR1PW01", participantID: "PAR1PW01", caseID: "PAR1", text: text1,
                     metadata: ["interview_date": "2024-03-01", "description": "First interview"]).insert(db)
        try Document(id: "VOL2SU01", title: "VOL2SU01 interview", participantID: "VOL2SU01", caseID: "VOL2",
                     text: text2).insert(db)
        try Code(id: "rel", codebook: "project", label: "Relational", level: .theme, sortOrder: 0).insertWithMappings(db)
        try Code(id: "rel.lived", codebook: "project", parentID: "rel", label: "Lived experience", description: "Sharing it",
                 colour: "#AA3300", level: .code, sortOrder: 0,
                 bcts: [CodeMapping(targetID: "17.1", rationale: "disclosure")],
                 principles: [CodeMapping(targetID: "P2")]).insertWithMappings(db)
        try Code(id: "values.hope", codebook: "values", label: "Hope", level: .theme).insertWithMappings(db)
        var alex = Coder(name: "Alex")
        try alex.insert(db)
        var sam = Coder(name: "Sam", guid: "0b0b0b0b-0000-4000-8000-000000000001")
        try sam.insert(db)
        var first = Segment(documentID: "PAR1PW01", start: 4, end: 32)
        try first.insert(db)
        var second = Segment(documentID: "PAR1PW01", start: 37, end: 65)
        try second.insert(db)
        var third = Segment(documentID: "VOL2SU01", start: 4, end: 35)
        try third.insert(db)
        var codings = [
            Coding(segmentID: first.id!, target: .code("rel.lived"), coderID: alex.id!, createdAt: "2024-03-02T10:00:00Z",
                   memo: "Classic disclosure"),
            Coding(segmentID: first.id!, target: .code("rel.lived"), coderID: sam.id!),
            Coding(segmentID: second.id!, target: .bct("1.1"), coderID: alex.id!),
            Coding(segmentID: second.id!, target: .bct("18.1"), coderID: sam.id!),
            Coding(segmentID: third.id!, target: .principle("P3"), coderID: sam.id!),
            Coding(segmentID: third.id!, target: .code("values.hope"), coderID: alex.id!),
        ]
        for index in codings.indices { try codings[index].insert(db) }
        try db.execute(sql: """
            INSERT INTO taxonomy_extensions (bct_id, group_id, group_label, label, definition, framework)
            VALUES ('18.1', '18', 'Digital support', 'App reminders', NULL, 'my-study');
            INSERT INTO fidelity_items (id, principle_id, text, scale_min, scale_max) VALUES ('F1', 'P2', 'Shares experience', 0, 4);
            INSERT INTO fidelity_ratings (item_id, case_id, participant_id, rater, value) VALUES ('F1', 'PAR1', NULL, 'Alex', 3.5);
            INSERT INTO notes (name, text, author, created_at, target_kind, target_id) VALUES
              ('Project memo', 'Pilot round', 'Alex', '2024-03-05T09:00:00Z', 'project', NULL),
              ('About the code', 'Keep narrow', 'Someone else', NULL, 'code', 'rel.lived'),
              ('Site note', 'Busy ward', NULL, NULL, 'case', 'PAR1'),
              ('Doc note', 'Noisy recording', 'Sam', NULL, 'document', 'VOL2SU01');
            INSERT INTO sets (name, description) VALUES ('Core', 'Main codes');
            """)
        let setID = db.lastInsertedRowID
        let noteGUID = try String.fetchOne(db, sql: "SELECT guid FROM notes WHERE name = 'Doc note'")
        #expect(noteGUID == nil)
        try db.execute(sql: """
            INSERT INTO set_members (set_id, member_kind, member_id) VALUES
              (?, 'code', 'rel.lived'), (?, 'document', 'PAR1PW01'), (?, 'case', 'VOL2')
            """, arguments: [setID, setID, setID])
    }
}

@Suite("Merging coders' exports")
struct ExchangeMergeTests {
    static let text = "PW: I tell them I've been there. 🙂\r\nWe set one small goal a week.\r\n"
    static let sourceGUID = "50c0aaaa-0000-4000-8000-000000000001"
    static let codeGUID = "c0deaaaa-0000-4000-8000-000000000001"

    /// An export by one user: one source, one code, one coding per span.
    static func export(user: QDAUser, sourceGUID: String = sourceGUID, spans: [(String, Int, Int)]) -> QDAProject {
        var project = QDAProject(name: "merge")
        project.origin = "ExampleQDA 1.0"
        project.users = [user]
        project.codes = [QDACode(guid: codeGUID, name: "Lived experience")]
        var source = QDATextSource(guid: sourceGUID, name: "PAR1PW01")
        source.text = text
        let scalars = Array(text.unicodeScalars)
        for (guid, start, end) in spans {
            var selection = QDASelection(guid: guid, name: String(String.UnicodeScalarView(scalars[start..<end])),
                                         start: start, end: end)
            selection.codings = [QDACoding(guid: QDAGUID.derived("coding" + guid), codeGUID: codeGUID, creatingUser: user.guid)]
            source.selections.append(selection)
        }
        project.sources = [source]
        return project
    }

    @Test("a second coder with the same name but another identity is kept apart; nothing is dropped")
    func nameCollision() throws {
        let store = try ProjectStore.inMemory()
        let alex = QDAUser(guid: "a1e00000-0000-4000-8000-000000000001", name: "Alex")
        let otherAlex = QDAUser(guid: "a1e00000-0000-4000-8000-000000000002", name: "Alex")
        let shared = ("5e1e0000-0000-4000-8000-000000000001", 4, 32)
        _ = try QDAImporter.importProject(Self.export(user: alex, spans: [shared]), file: "a.qdpx", into: store)
        let report = try QDAImporter.importProject(
            Self.export(user: otherAlex, spans: [shared, ("5e1e0000-0000-4000-8000-000000000002", 37, 65)]),
            file: "b.qdpx", into: store)
        #expect(report.alreadyPresent["documents"] == 1)
        #expect(report.added["codings"] == 2)
        #expect(report.warnings.contains { $0.contains("Alex") })
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT co.name, co.guid, count(c.id) AS n FROM coders co LEFT JOIN codings c ON c.coder_id = co.id
                GROUP BY co.id ORDER BY co.id
                """)
        }
        #expect(rows.map { $0["name"] as String } == ["Alex", "Alex (a1e00000)"])
        #expect(rows.map { $0["n"] as Int } == [1, 2])
        #expect(try store.counts().multiplyCodedSegments == 1)
    }

    @Test("the same user under a new name stays one coder")
    func renamedUser() throws {
        let store = try ProjectStore.inMemory()
        let guid = "a1e00000-0000-4000-8000-000000000003"
        _ = try QDAImporter.importProject(Self.export(user: QDAUser(guid: guid, name: "Robin"), spans: [("5e1e0000-0000-4000-8000-000000000003", 4, 32)]),
                                          file: "a.qdpx", into: store)
        _ = try QDAImporter.importProject(Self.export(user: QDAUser(guid: guid, name: "Robin K."), spans: [("5e1e0000-0000-4000-8000-000000000004", 37, 65)]),
                                          file: "b.qdpx", into: store)
        #expect(try store.counts().coders == 1)
        #expect(try store.counts().codings == 2)
    }

    @Test("a source with another GUID but the same text is the same document")
    func matchedByContent() throws {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(Self.export(user: QDAUser(guid: "a1e00000-0000-4000-8000-000000000004", name: "Kim"),
                                                      spans: [("5e1e0000-0000-4000-8000-000000000005", 4, 32)]),
                                          file: "a.qdpx", into: store)
        let report = try QDAImporter.importProject(
            Self.export(user: QDAUser(guid: "a1e00000-0000-4000-8000-000000000005", name: "Lee"),
                        sourceGUID: "50c0bbbb-0000-4000-8000-000000000002",
                        spans: [("5e1e0000-0000-4000-8000-000000000006", 4, 32)]),
            file: "b.qdpx", into: store)
        #expect(report.alreadyPresent["documents"] == 1)
        #expect(try store.counts().documents == 1)
        #expect(try store.counts().codings == 2)
        #expect(try store.counts().segments == 1)
    }

    @Test("a source with a known GUID but different text is refused, leaving the project unchanged")
    func differentText() throws {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(Self.export(user: QDAUser(guid: "a1e00000-0000-4000-8000-000000000006", name: "Kim"),
                                                      spans: [("5e1e0000-0000-4000-8000-000000000007", 4, 32)]),
                                          file: "a.qdpx", into: store)
        let before = try ExchangeFixtures.snapshot(store)
        var changed = Self.export(user: QDAUser(guid: "a1e00000-0000-4000-8000-000000000006", name: "Kim"), spans: [])
        changed.sources[0].text = "Edited text."
        #expect(throws: ExchangeError.self) { try QDAImporter.importProject(changed, file: "c.qdpx", into: store) }
        #expect(try ExchangeFixtures.snapshot(store) == before)
    }

    @Test("dangling references are counted and listed; cases, variables, notes and sets are kept")
    func danglingAndExtras() throws {
        let store = try ProjectStore.inMemory()
        let report = try QDAImporter.importProject(at: ExchangeFixtures.url("unordered.qdpx"), into: store)
        #expect(report.dangling == [DanglingReferences(kind: "coding → code", ids: ["c0d1c000-0000-4000-8000-000000000101"])])
        #expect(report.lines.contains { $0.contains("dangling coding → code: 1 (c0d1c000-0000-4000-8000-000000000101)") })
        #expect(report.added["codings"] == 1)
        try store.read { db in
            let person = try #require(try Participant.fetchOne(db, key: "PAR1SU01"))
            #expect(person.role == "SU")
            #expect(person.caseID == "PAR1")
            #expect(person.attributes == ["gender": "female"])
            #expect(try StudyCase.fetchOne(db, key: "PAR1")?.sector == "PAR")
            let document = try #require(try Document.fetchOne(db, key: "PAR1SU01"))
            #expect(document.participantID == "PAR1SU01")
            #expect(document.caseID == "PAR1")
            let note = try #require(try Row.fetchOne(db, sql: "SELECT * FROM notes"))
            #expect(note["author"] as String? == "Robin")
            #expect(note["target_kind"] as String? == "segment")
            let members = try Row.fetchAll(db, sql: "SELECT member_kind, member_id FROM set_members ORDER BY member_kind")
            #expect(members.map { "\($0["member_kind"] as String):\($0["member_id"] as String)" }
                    == ["code:peer-support.listening", "document:PAR1SU01"])
        }
    }

    @Test("--coder attributes every coding to the named coder")
    func fixedCoder() throws {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: ExchangeFixtures.url("codepoints-braced.qdpx"), into: store,
                                          options: QDAImportOptions(coder: "Second coder"))
        let names = try store.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT co.name FROM codings c JOIN coders co ON co.id = c.coder_id")
        }
        #expect(names == ["Second coder"])
    }
}
