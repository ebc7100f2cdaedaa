@testable import CorpusQuery
import Foundation
import GRDB
import Testing

/// Quotes and co-occurrence on the hand-built fixture (see `QueryFixture`).
@Suite("Query quotes and co-occurrence")
struct QueryTextTests {
    let snapshot: CorpusSnapshot

    init() throws {
        snapshot = try QueryFixture.snapshot()
    }

    @Test func quotesCountUnicodeScalars() throws {
        let quotes = try snapshot.codings().filter("code.id", equals: "K1").quotes(context: 3)
        #expect(quotes.map(\.segmentID) == [1, 5])
        // D1 "Hé 世界 is here…": scalars 0..<5 are "Hé 世界".
        #expect(quotes[0].text == "Hé 世界")
        #expect(quotes[0].before == "")
        #expect(quotes[0].after == " is")
        #expect(quotes[0].participantID == "STA1PW01")
        #expect(quotes[0].caseID == "STA1")
        // D3 starts with a decomposed é: six scalars are "Cafe\u{301} ".
        #expect(quotes[1].text == "Cafe\u{301} ")
        #expect(quotes[1].after == "tim")
        #expect(quotes[1].description == "D3 [0–6]: [Cafe\u{301} ]tim")
    }

    @Test func oneQuotePerSegmentInDocumentOrder() throws {
        let quotes = try snapshot.codings().filter("coder", equals: "alice").quotes()
        #expect(quotes.map(\.segmentID) == [1, 2, 3, 4, 5])
        #expect(quotes[1].text == "世界 is h")
        #expect(quotes[2].before == "")
    }

    @Test func contextStopsAtTheDocumentEdges() throws {
        let quotes = try snapshot.segments().filter("segment.id", equals: "4").quotes(context: 1_000)
        #expect(quotes.count == 1)
        #expect(quotes[0].text == "Yes,")
        #expect(quotes[0].after == " I was listened to.")
    }

    @Test func documentQuotesIncludeUncodedSegments() throws {
        let quotes = try snapshot.documents().filter("document.id", equals: "D3").quotes()
        #expect(quotes.map(\.segmentID) == [5, 6])
        #expect(quotes[1].text == "we")
    }

    @Test func negativeContextIsRefused() {
        #expect(throws: QueryError.self) { try snapshot.codings().quotes(context: -1) }
    }

    @Test func segmentPastTheEndOfItsTextIsReported() throws {
        let store = try QueryFixture.makeStore()
        try store.write { db in try db.execute(sql: "UPDATE segments SET \"end\" = 500 WHERE id = 4") }
        let snapshot = try CorpusSnapshot.load(from: store)
        #expect(throws: QueryError.segmentOutsideText(segmentID: 4, documentID: "D2", end: 500, length: 23)) {
            try snapshot.segments().filter("segment.id", equals: "4").quotes()
        }
    }

    @Test func cooccurrenceWithinSegments() throws {
        let table = try snapshot.codings().cooccurrence("bct.id")
        #expect(table.rowLabels == ["1.1", "3.1", "3.3", "17.1"])
        #expect(table.columnLabels == table.rowLabels)
        #expect(QueryFixture.cells(table) == [
            "1.1|1.1": 2, "3.1|3.1": 3, "3.3|3.3": 2, "17.1|17.1": 2,
            "1.1|3.1": 2, "3.1|1.1": 2, "1.1|3.3": 2, "3.3|1.1": 2, "3.1|3.3": 2, "3.3|3.1": 2,
        ])
    }

    @Test func overlappingSegmentsCoOccur() throws {
        // S1 (0..<5) and S2 (3..<10) overlap, joining 17.1 to 1.1, 3.1 and 3.3 once.
        let table = try snapshot.codings().cooccurrence("bct.id", overlap: true)
        #expect(QueryFixture.cells(table) == [
            "1.1|1.1": 2, "3.1|3.1": 3, "3.3|3.3": 2, "17.1|17.1": 2,
            "1.1|3.1": 2, "3.1|1.1": 2, "1.1|3.3": 2, "3.3|1.1": 2, "3.1|3.3": 2, "3.3|3.1": 2,
            "17.1|1.1": 1, "1.1|17.1": 1, "17.1|3.1": 1, "3.1|17.1": 1, "17.1|3.3": 1, "3.3|17.1": 1,
        ])
    }

    @Test func touchingSegmentsDoNotOverlap() throws {
        let store = try QueryFixture.makeStore()
        try store.write { db in try db.execute(sql: "UPDATE segments SET start = 5 WHERE id = 2") }
        let snapshot = try CorpusSnapshot.load(from: store)
        let table = try snapshot.codings().cooccurrence("bct.id", overlap: true)
        #expect(try table.cell("17.1", "1.1") == .int(0))
    }

    @Test func cooccurrenceWithinDocuments() throws {
        let table = try snapshot.codings().cooccurrence("bct.id", within: .document)
        #expect(try table.cell("17.1", "17.1") == .int(2))
        #expect(try table.cell("3.1", "3.1") == .int(2))
        #expect(try table.cell("3.1", "17.1") == .int(1))
        #expect(try table.cell("1.1", "3.3") == .int(2))
    }

    @Test func cooccurrenceRespectsFilters() throws {
        let table = try snapshot.codings().filter("coder", equals: "alice").cooccurrence("bct.group", within: .document)
        // Alice: D1 has groups 3 and 17, D2 has 17, D3 has 1.
        #expect(QueryFixture.cells(table) == ["1|1": 1, "3|3": 1, "17|17": 2, "3|17": 1, "17|3": 1])
    }
}
