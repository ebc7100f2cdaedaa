@testable import DataExchange
import Foundation
@testable import ProjectStorage
@testable import StudyModel
import Testing

@Suite("Offset conventions")
struct ExchangeOffsetTests {
    /// "a😊b\r\nc": the emoji is two UTF-16 units, CR LF two code points or one character.
    let scalars = Array("a😊b\r\nc".unicodeScalars)

    @Test("UTF-16 offsets map to scalars and refuse the middle of a surrogate pair")
    func utf16() {
        let table = OffsetTable(scalars: scalars, convention: .utf16)
        #expect(table.producerLength == 7)
        #expect((0...7).map(table.scalarOffset) == [0, 1, nil, 2, 3, 4, 5, 6])
        #expect((0...6).map(table.producerOffset) == [0, 1, 3, 4, 5, 6, 7])
        #expect(table.scalarOffset(8) == nil)
        #expect(table.scalarOffset(-1) == nil)
    }

    @Test("CR LF counted as one lands after the LF, never between CR and LF")
    func crlf1() {
        let table = OffsetTable(scalars: scalars, convention: .crlf1)
        #expect(table.producerLength == 5)
        #expect((0...5).map(table.scalarOffset) == [0, 1, 2, 3, 5, 6])
    }

    @Test("code points are scalars")
    func codepoints() {
        let table = OffsetTable(scalars: scalars, convention: .codepoints)
        #expect(table.producerLength == 6)
        #expect((0...6).map(table.scalarOffset) == [0, 1, 2, 3, 4, 5, 6])
        #expect(table.scalarOffset(7) == nil)
    }

    @Test("auto detects each producer's convention from the selections", arguments: [
        ("codepoints-braced.qdpx", OffsetConvention.codepoints),
        ("crlf1-upper.qdpx", .crlf1),
        ("utf16-unknown.qdpx", .utf16),
        ("nvivo12.6-win_oltas0517.qdpx", .utf16),
    ])
    func autoDetects(file: String, expected: OffsetConvention) throws {
        let project = try QDPXArchive.read(ExchangeFixtures.url(file))
        let decision = try OffsetResolver(file: file).resolve(project, mode: .auto)
        #expect(decision.convention == expected)
        #expect(decision.mismatchedNames.isEmpty)
    }

    @Test("NVivo's convention is taken from the origin and confirmed by word boundaries")
    func nvivoReason() throws {
        let project = try QDPXArchive.read(ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx"))
        let decision = try OffsetResolver(file: "n").resolve(project, mode: .auto)
        #expect(decision.reason.contains("NVivo"))
        let utf16 = try #require(decision.evidence.first { $0.convention == .utf16 })
        let others = decision.evidence.filter { $0.convention != .utf16 }
        #expect(others.allSatisfy { $0.failure != nil || $0.wordBoundaries < utf16.wordBoundaries })
    }

    @Test("every segment imported from the other producers' files is exactly the selection's own text",
          arguments: ["codepoints-braced.qdpx", "crlf1-upper.qdpx", "utf16-unknown.qdpx"])
    func segmentsEqualNames(file: String) throws {
        let store = try ProjectStore.inMemory()
        let report = try QDAImporter.importProject(at: ExchangeFixtures.url(file), into: store)
        #expect(report.added["codings"] == 4)
        let project = try QDPXArchive.read(ExchangeFixtures.url(file))
        let names = Set(project.sources.flatMap(\.selections).compactMap(\.name))
        let texts = try store.read { db in
            try Segment.fetchAll(db).map { segment -> String in
                let document = try Document.fetchOne(db, key: segment.documentID)!
                return try segment.excerpt(of: document.text)
            }
        }
        #expect(Set(texts) == names)
        #expect(texts.count == 4)
    }

    @Test("a fixed convention that does not fit is reported per selection, names first")
    func fixedMismatch() throws {
        let project = try QDPXArchive.read(ExchangeFixtures.url("utf16-unknown.qdpx"))
        let decision = try OffsetResolver(file: "f").resolve(project, mode: .fixed(.codepoints))
        #expect(decision.convention == .codepoints)
        #expect(!decision.mismatchedNames.isEmpty)
    }

    @Test("offsets outside the text stop the import, naming file and element, and change nothing")
    func outsideText() throws {
        let directory = try ExchangeFixtures.temporaryDirectory()
        let (url, before) = try ExchangeFixtures.nvivoProjectFile(in: directory)
        let store = try ProjectStore.open(at: url)
        do {
            _ = try QDAImporter.importProject(at: ExchangeFixtures.url("offset-outside.qdpx"), into: store,
                                              options: QDAImportOptions(offsets: .fixed(.codepoints)))
            Issue.record("an offset outside the text was accepted")
        } catch let error as ExchangeError {
            #expect(error == .offsetOutsideText(file: "offset-outside.qdpx", selection: "5e1ec700-0000-4000-8000-000000000999",
                                                line: 5, source: "\"short\"", start: 5, end: 500, length: 13,
                                                convention: "codepoints"))
            #expect(error.description.contains("<PlainTextSelection guid=\"5e1ec700-0000-4000-8000-000000000999\"> at line 5"))
        }
        #expect(throws: ExchangeError.self) {
            try QDAImporter.importProject(at: ExchangeFixtures.url("offset-outside.qdpx"), into: store)
        }
        #expect(try ExchangeFixtures.snapshot(store) == before)
    }

    @Test("every bad input leaves a project exactly as it was",
          arguments: ["not-a-zip.qdpx", "no-project.qdpx", "malformed.qdpx", "offset-outside.qdpx"])
    func badInputsChangeNothing(file: String) throws {
        let directory = try ExchangeFixtures.temporaryDirectory()
        let (url, before) = try ExchangeFixtures.nvivoProjectFile(in: directory)
        let store = try ProjectStore.open(at: url)
        #expect(throws: ExchangeError.self) {
            try Exchange.importFiles([ExchangeFixtures.url(file)], into: store)
        }
        #expect(try ExchangeFixtures.snapshot(store) == before)
    }

    @Test("word boundaries: between words yes, inside a word, a CR LF or an emoji sequence no")
    func wordBoundaries() {
        let text = Array("ab cd\r\ne👍🏽f".unicodeScalars)
        #expect(OffsetResolver.isWordBoundary(text, at: 0))
        #expect(!OffsetResolver.isWordBoundary(text, at: 1))
        #expect(OffsetResolver.isWordBoundary(text, at: 2))
        #expect(!OffsetResolver.isWordBoundary(text, at: 6))
        #expect(!OffsetResolver.isWordBoundary(text, at: 9))
        #expect(OffsetResolver.isWordBoundary(text, at: text.count))
    }

    @Test("a name agrees with its text when equal or a shortened beginning, whatever the whitespace")
    func nameAgreement() {
        let text = Array("She listened\r\nwithout judging".unicodeScalars)
        #expect(OffsetResolver.nameAgrees("She listened without judging", scalars: text[...]))
        #expect(OffsetResolver.nameAgrees("She listened…", scalars: text[...]))
        #expect(!OffsetResolver.nameAgrees("he listened", scalars: text[...]))
        #expect(!OffsetResolver.nameAgrees("", scalars: text[...]))
    }
}
