import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

/// The records' Codable forms against the schema: columns, JSON columns, stored values
/// that do not decode, and the notes and sets of REFI-QDA exchange.
@Suite("Project records")
struct StoreRecordTests {
    /// The columns a record writes, by the names they get in the container.
    private func encodedColumns(_ record: some MutablePersistableRecord) throws -> Set<String> {
        Set(try record.databaseDictionary.keys)
    }

    @Test("every record writes exactly the columns of its table")
    func columnsMatchSchema() throws {
        let store = try ProjectStore.inMemory()
        let records: [any MutablePersistableRecord] = [
            StudyCase(id: "PAR1"), Participant(id: "PAR1PW01", role: "PW", caseID: "PAR1"), Coder(name: "A"),
            Document(id: "d", title: "t", text: "x"),
            Code(id: "c", codebook: "project", label: "C", level: .code),
            Segment(documentID: "d", start: 0, end: 1),
            Coding(segmentID: 1, target: .bct("3.1"), coderID: 1),
            FidelityItem(id: "f", principleID: "P1", text: "t", scaleMin: 1, scaleMax: 5),
            ProjectNote(name: "n", text: "t", targetKind: "project"),
            ProjectSet(name: "s"), ProjectSetMember(setID: 1, memberKind: "code", memberID: "c"),
        ]
        try store.read { db in
            for record in records {
                let table = type(of: record).databaseTableName
                let schema = Set(try db.columns(in: table).map(\.name))
                #expect(try encodedColumns(record) == schema, "\(table)")
            }
        }
    }

    @Test("JSON attribute columns accept numbers and booleans and keep the stored hash")
    func jsonColumnsAndHash() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try StoreFixture.write(db)
            try db.execute(sql: #"UPDATE participants SET attributes = '{"years": 3, "paid": true, "note": null}'"#)
            try db.execute(sql: "UPDATE documents SET content_hash = 'kept-as-stored', metadata = '{}'")
        }
        let (participant, document) = try store.read { db in
            (try #require(try Participant.fetchOne(db)), try #require(try Document.fetchOne(db)))
        }
        #expect(participant.attributes == ["years": "3", "paid": "1"])
        #expect(document.contentHash == "kept-as-stored")
        #expect(document.metadata == [:])
        #expect(document.text == StoreFixture.text)
    }

    @Test("attributes are written as sorted JSON text")
    func jsonColumnsWritten() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try StudyCase(id: "VOL1", attributes: ["z": "last", "a": "first \"quoted\"/x"]).insert(db)
        }
        let text = try store.read { db in try String.fetchOne(db, sql: "SELECT attributes FROM cases") }
        #expect(text == #"{"a":"first \"quoted\"/x","z":"last"}"#)
    }

    @Test("malformed participant and document JSON names table, column and row")
    func malformedJSON() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try StoreFixture.write(db)
            try db.execute(sql: "UPDATE participants SET attributes = 'not json'")
            try db.execute(sql: #"UPDATE documents SET metadata = '{"a": [1]}'"#)
        }
        #expect(throws: CorpusError.invalidJSONColumn(table: "participants", column: "attributes", rowID: "PAR1PW01")) {
            try store.read { db in try Participant.fetchAll(db) }
        }
        #expect(throws: CorpusError.invalidJSONColumn(table: "documents", column: "metadata", rowID: "doc1")) {
            try store.read { db in try Document.fetchAll(db) }
        }
    }

    @Test("a code with an unknown level is refused with the level named")
    func unknownCodeLevel() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try db.execute(sql: "INSERT INTO codes (id, codebook, label, level) VALUES ('x', 'project', 'X', 'branch')")
        }
        #expect(throws: CorpusError.invalidCodeLevel(codeID: "x", level: "branch")) {
            try store.read { db in try Code.fetchAll(db) }
        }
    }

    @Test("a coding row with no target or two targets is refused")
    func codingTargets() throws {
        let none = Row(["id": 7, "segment_id": 1, "code_id": nil, "bct_id": nil, "principle_id": nil, "coder_id": 1,
                        "created_at": nil, "memo": nil, "guid": nil])
        #expect(throws: CorpusError.invalidCodingTarget(codingID: 7)) { try Coding(row: none) }
        let two = Row(["id": 8, "segment_id": 1, "code_id": "c", "bct_id": "3.1", "principle_id": nil, "coder_id": 1,
                       "created_at": nil, "memo": nil, "guid": nil])
        #expect(throws: CorpusError.invalidCodingTarget(codingID: 8)) { try Coding(row: two) }
        let one = Row(["id": 9, "segment_id": 2, "code_id": nil, "bct_id": nil, "principle_id": "P2", "coder_id": 3,
                       "created_at": "2024-01-01T00:00:00Z", "memo": "m", "guid": "g"])
        #expect(try Coding(row: one) == Coding(id: 9, segmentID: 2, target: .principle("P2"), coderID: 3,
                                               createdAt: "2024-01-01T00:00:00Z", memo: "m", guid: "g"))
    }

    @Test("a case stored without a sector gets the one its id names")
    func caseSector() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in try db.execute(sql: "INSERT INTO cases (id, sector) VALUES ('VOL2', NULL), ('9X', NULL)") }
        let cases = try store.read { db in try StudyCase.order(Column("id")).fetchAll(db) }
        #expect(cases.map(\.sector) == [nil, "VOL"])
    }

    @Test("records read back what they wrote, row ids assigned on insert")
    func roundTrip() throws {
        let store = try ProjectStore.inMemory()
        let (written, notes, sets, members) = try store.write { db in
            let written = try StoreFixture.write(db)
            var first = ProjectNote(guid: "n1", name: "First", text: "Text", author: "A",
                                    createdAt: "2024-01-01T00:00:00Z", targetKind: "document", targetID: "doc1")
            try first.insert(db)
            var second = ProjectNote(name: nil, text: "Second", targetKind: nil)
            try second.insert(db)
            var set = ProjectSet(guid: "s1", name: "Core", description: "Main")
            try set.insert(db)
            for (kind, id) in [("note", "n1"), ("code", "b"), ("code", "a"), ("code", "b")] {
                try set.add(member: kind, id: id, db)
            }
            return (written, [first, second], [set], try set.members(db))
        }
        let read = try store.read { db in
            (try Coder.fetchAll(db), try Segment.fetchAll(db), try ProjectNote.fetchAllByID(db),
             try ProjectSet.fetchAllByID(db), try Coding.fetchAll(db).map(\.target))
        }
        #expect(read.0 == [written.coder])
        #expect(read.1 == [written.segment])
        #expect(read.2 == notes)
        #expect(read.3 == sets)
        #expect(read.4 == [.code("cm.rolemodel.hope"), .bct("6.2"), .principle("P3")])
        #expect(notes.map(\.id) == [1, 2])
        #expect(members.map { "\($0.memberKind):\($0.memberID)" } == ["code:a", "code:b", "note:n1"])
    }
}
