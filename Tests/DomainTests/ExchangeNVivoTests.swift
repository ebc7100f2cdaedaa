@testable import DataExchange
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

@Suite("NVivo 12.6 export")
struct ExchangeNVivoTests {
    let file = ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx")

    /// The three selections whose boundaries the coders themselves placed inside a word (checked by
    /// hand against the source text): one ends at "A|KI", one starts at "J|avitsatok", one ends at
    /// "hiede|lem". Every other boundary falls between words.
    let midWordSelections: Set<String> = [
        "6db718ec-4186-488b-83dd-ae1dc0942aaa",
        "1f7cdeb8-49ab-4a96-bbdd-ae1dc2115ce2",
        "9ee54e83-9c9d-4bf3-b1dd-ae1dc26ef856",
    ]

    @Test("imports all 303 codings with UTF-16 offsets, keeping CRLF and dropping the BOM")
    func importsEverything() throws {
        let store = try ProjectStore.inMemory()
        let report = try QDAImporter.importProject(at: file, into: store)
        #expect(report.offsetConvention == .utf16)
        #expect(report.added["codings"] == 303)
        #expect(report.added["documents"] == 2)
        #expect(report.added["codes"] == 152)
        #expect(report.dangling.isEmpty)
        let counts = try store.counts()
        #expect(counts.codings == 303)
        let coders = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM coders ORDER BY name") }
        #expect(coders == ["Gergo", "floriansipos"])
        let texts = try store.read { db in try String.fetchAll(db, sql: "SELECT text FROM documents") }
        for text in texts {
            #expect(text.unicodeScalars.first != "\u{FEFF}")
            #expect(text.contains("\r\n"))
        }
    }

    @Test("every segment is the text NVivo selected: the UTF-16 slice of the source file, read independently")
    func segmentsMatchUTF16Slices() throws {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: file, into: store)
        let project = try QDPXArchive.read(file)
        var checked = 0
        var shifted = 0
        try store.read { db in
            for source in project.sources {
                let units = Array(try rawText(of: source.guid).utf16)
                for selection in source.selections {
                    let expected = String(decoding: units[selection.start..<selection.end], as: UTF16.self)
                    for coding in selection.codings {
                        let row = try #require(try Row.fetchOne(db, sql: """
                            SELECT s.start, s."end", d.text FROM codings c JOIN segments s ON s.id = c.segment_id
                            JOIN documents d ON d.id = s.document_id WHERE c.guid = ?
                            """, arguments: [coding.guid]))
                        let segment = Segment(documentID: "", start: row["start"], end: row["end"])
                        let actual = try segment.excerpt(of: row["text"])
                        #expect(Array(actual.unicodeScalars) == Array(expected.unicodeScalars), "selection \(selection.guid)")
                        if segment.start != selection.start { shifted += 1 }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 303)
        // Emoji before these selections make UTF-16 and scalar offsets differ: the conversion matters.
        #expect(shifted > 200)
    }

    @Test("segment boundaries fall between words, apart from the coders' own three mid-word selections")
    func wordBoundaries() throws {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: file, into: store)
        let project = try QDPXArchive.read(file)
        var offWord: Set<String> = []
        try store.read { db in
            for selection in project.sources.flatMap(\.selections) {
                let row = try #require(try Row.fetchOne(db, sql: """
                    SELECT s.start, s."end", d.text FROM codings c JOIN segments s ON s.id = c.segment_id
                    JOIN documents d ON d.id = s.document_id WHERE c.guid = ?
                    """, arguments: [selection.codings[0].guid]))
                let scalars = Array((row["text"] as String).unicodeScalars)
                if !OffsetResolver.isWordBoundary(scalars, at: row["start"])
                    || !OffsetResolver.isWordBoundary(scalars, at: row["end"]) {
                    offWord.insert(selection.guid)
                }
            }
        }
        #expect(offWord == midWordSelections)
    }

    @Test("importing the same export twice adds nothing")
    func idempotent() throws {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: file, into: store)
        let before = try ExchangeFixtures.snapshot(store)
        let report = try QDAImporter.importProject(at: file, into: store)
        #expect(report.added.isEmpty)
        #expect(report.alreadyPresent["codings"] == 303)
        #expect(try ExchangeFixtures.snapshot(store) == before)
    }

    /// The source file's text, decoded here without PeerScript's reader: UTF-8 after a BOM.
    private func rawText(of guid: String) throws -> String {
        let data = try ExchangeFixtures.entry("Sources/\(guid).txt", of: file)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        return String(decoding: data.dropFirst(3), as: UTF8.self)
    }
}
