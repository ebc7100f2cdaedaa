import Foundation
import ProjectStorage
@testable import StudyModel
import Testing

@Suite("Participant ids and corpus values")
struct CorpusModelTests {
    @Test("well-formed ids split into case, sector, role and number", arguments: [
        ("PAR1PW01", "PAR1", "PAR", ParticipantRole.peerWorker, "01"),
        ("STA12SU3", "STA12", "STA", .serviceUser, "3"),
        ("VOL2ST10", "VOL2", "VOL", .staff, "10"),
        ("STA1MA01", "STA1", "STA", .manager, "01"),
        ("STA1ST01", "STA1", "STA", .staff, "01"),
    ])
    func parses(id: String, caseID: String, sector: String, role: ParticipantRole, number: String) throws {
        let parsed = try ParticipantID(id)
        #expect(parsed.caseID == caseID)
        #expect(parsed.sector == sector)
        #expect(parsed.role == role)
        #expect(parsed.number == number)
        #expect(parsed.description == id)
    }

    @Test("malformed ids are rejected", arguments: [
        "", "PAR1", "PAR1PW", "PARPW01", "1PW01", "PAR1XX01", "par1pw01", "PAR1PW01 ", "PAR1PW01X", "PAR1-PW01",
        "PAR1PWW01", "ÉTA1PW01",
    ])
    func rejects(id: String) {
        #expect(ParticipantID.parse(id) == nil)
        #expect(throws: CorpusError.unparsableParticipantID(id, row: 7)) { try ParticipantID(id, row: 7) }
    }

    @Test("the error for a bad id names the row and the expected form")
    func errorMessage() {
        let message = CorpusError.unparsableParticipantID("P-9", row: 12).description
        #expect(message.contains("row 12"))
        #expect(message.contains("'P-9'"))
        #expect(message.contains("PAR1PW01"))
    }

    @Test("participants take role and case from the id, or the role from an attribute")
    func participants() throws {
        let parsed = try Participant(id: "VOL3SU02", attributes: ["age_band": "25-34"])
        #expect(parsed.role == "SU")
        #expect(parsed.caseID == "VOL3")
        #expect(parsed.knownRole == .serviceUser)
        let named = try Participant(id: "Interview 4", attributes: ["role": "carer", "case": "PAR2"])
        #expect(named.role == "carer")
        #expect(named.caseID == "PAR2")
        #expect(named.knownRole == nil)
        #expect(throws: CorpusError.unparsableParticipantID("Interview 5", row: 3)) {
            try Participant(id: "Interview 5", attributes: ["site": "x"], row: 3)
        }
    }

    @Test("case sector comes from the leading letters of its id")
    func caseSector() {
        #expect(StudyCase(id: "PAR1").sector == "PAR")
        #expect(StudyCase(id: "VOL12", sector: "voluntary").sector == "voluntary")
        #expect(StudyCase(id: "7").sector == nil)
    }

    @Test("segments count Unicode scalars and are checked against the text")
    func segments() throws {
        let document = Document(id: "d1", title: "T", text: "héllo 👋🏽 world")
        #expect(document.length == 14)
        let wave = try Segment(document: document, start: 6, end: 8)
        #expect(try wave.excerpt(of: document.text) == "👋🏽")
        #expect(try Segment(document: document, start: 9, end: 14).excerpt(of: document.text) == "world")
        #expect(try Segment(document: document, start: 14, end: 14).excerpt(of: document.text) == "")
        #expect(throws: CorpusError.segmentOutOfRange(documentID: "d1", start: 10, end: 15, length: 14)) {
            try Segment(document: document, start: 10, end: 15)
        }
        #expect(throws: CorpusError.self) { try Segment(document: document, start: 5, end: 4) }
        #expect(throws: CorpusError.self) { try Segment(document: document, start: -1, end: 2) }
        #expect(throws: CorpusError.self) { try Segment(documentID: "d1", start: 3, end: 99).excerpt(of: document.text) }
    }

    @Test("the content hash is the SHA-256 of the UTF-8 text")
    func contentHash() {
        #expect(Document.contentHash(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Document.contentHash(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("attribute JSON is sorted, escaped and reads back")
    func jsonColumn() {
        let values = ["b": "line\nbreak \"quoted\" back\\slash\ttab", "a": "é👋", "c": "\u{01}"]
        let text = AttributeColumn.encode(values)
        #expect(text.hasPrefix("{\"a\":\"é👋\",\"b\":"))
        #expect(text.contains("\\u0001"))
        #expect(AttributeColumn.decode(text) == values)
        #expect(AttributeColumn.encode([:]) == "{}")
        #expect(AttributeColumn.decode("[1]") == nil)
        #expect(AttributeColumn.decode("{\"n\": 3, \"s\": \"x\"}") == ["n": "3", "s": "x"])
    }

    @Test("coding targets report kind and id")
    func codingTargets() {
        #expect(CodingTarget.bct("3.1").kind == "bct")
        #expect(CodingTarget.code("cm.trust").id == "cm.trust")
        #expect(CodingTarget.principle("P2").kind == "principle")
        #expect(CodingTarget.bct("3.1").bctID == "3.1" && CodingTarget.bct("3.1").codeID == nil)
        #expect(CodingTarget.principle("P2").principleID == "P2")
    }
}
