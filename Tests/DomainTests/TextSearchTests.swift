@testable import CorpusQuery
import Foundation
import GRDB
@testable import ProjectStorage
import Testing

/// A small project for text search: texts with a byte-order mark, CRLF line ends, emoji,
/// precomposed and decomposed accents, and one document nobody coded.
///
/// ```
/// D1 (P1, PW, case A)  coded: segment 1 = the first 20 scalars (coding of code K)
/// D2 (P2, SU, case A)  coded: segment 2 = scalars 0..<10
/// D3 (P3, PW, case B)  no segments at all
/// ```
enum SearchFixture {
    static let texts = [
        "\u{FEFF}Peer support 👩‍👩‍👧 helps.\r\nSupport café and cafe\u{301}: supporting!",
        "I supported them.\r\nNo support, no peer.",
        "Peer 👍🏽 support\r\nis Support; a report about transport.",
    ]

    static func write(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO cases (id, sector) VALUES ('A', 'STA'), ('B', 'VOL');
            INSERT INTO participants (id, role, case_id) VALUES ('P1', 'PW', 'A'), ('P2', 'SU', 'A'), ('P3', 'PW', 'B');
            INSERT INTO coders (id, name) VALUES (1, 'alice');
            INSERT INTO codes (id, codebook, label, level) VALUES ('K', 'project', 'Support', 'code');
            """)
        for (index, text) in texts.enumerated() {
            try db.execute(
                sql: "INSERT INTO documents (id, title, participant_id, text, content_hash) VALUES (?, ?, ?, ?, ?)",
                arguments: ["D\(index + 1)", "Interview \(index + 1)", "P\(index + 1)", text, "h\(index)"])
        }
        try db.execute(sql: """
            INSERT INTO segments (id, document_id, start, "end") VALUES (1, 'D1', 0, 20), (2, 'D2', 0, 10);
            INSERT INTO codings (id, segment_id, code_id, coder_id) VALUES (1, 1, 'K', 1), (2, 2, 'K', 1);
            """)
    }

    static func makeStore() throws -> ProjectStore {
        let store = try ProjectStore.inMemory()
        try store.write { db in try write(db) }
        return store
    }

    static func snapshot() throws -> CorpusSnapshot { try CorpusSnapshot.load(from: makeStore()) }

    /// Where `word` occurs as a whole word, ignoring case, found by walking the scalars one by
    /// one: an independent count of what the index should report.
    static func occurrences(of word: String, in text: String) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars), wanted = Array(word.lowercased().unicodeScalars)
        func isLetter(_ index: Int) -> Bool {
            guard scalars.indices.contains(index) else { return false }
            return scalars[index].properties.isAlphabetic || scalars[index].properties.numericType != nil
        }
        var found: [Range<Int>] = []
        for start in 0...(max(0, scalars.count - wanted.count)) where !isLetter(start - 1) && !isLetter(start + wanted.count) {
            let piece = String(String.UnicodeScalarView(scalars[start..<(start + wanted.count)])).lowercased()
            if Array(piece.unicodeScalars) == wanted { found.append(start..<(start + wanted.count)) }
        }
        return found
    }
}

@Suite("Text search", .timeLimit(.minutes(3)))
struct TextSearchTests {
    let snapshot: CorpusSnapshot

    init() throws { snapshot = try SearchFixture.snapshot() }

    private func spans(_ hits: TextHits) throws -> [String] {
        (try hits.hits).map { "\(hits.documentID(of: $0)):\($0.start)-\($0.end)" }
    }

    @Test func offsetsMatchAnIndependentCountWithEmojiCRLFAndABOM() throws {
        let hits = try snapshot.search("support")
        var expected: [String] = []
        for (index, text) in SearchFixture.texts.enumerated() {
            expected += SearchFixture.occurrences(of: "support", in: text).map { "D\(index + 1):\($0.lowerBound)-\($0.upperBound)" }
        }
        #expect(expected.count == 5)
        #expect(try spans(hits) == expected)
        for hit in try hits.hits {
            let scalars = Array(SearchFixture.texts[Int(hit.document)].unicodeScalars)
            #expect(String(String.UnicodeScalarView(scalars[hit.start..<hit.end])) == hit.text)
            #expect(hit.text.lowercased() == "support")
        }
    }

    @Test func countsFromTheIndexAgreeWithTheLocatedHits() throws {
        var phrase = TextSearchOptions()
        phrase.mode = .phrase
        var near = TextSearchOptions()
        near.near = 1
        for (text, options) in [("support", TextSearchOptions()), ("peer support", phrase), ("peer support", near)] {
            let hits = try snapshot.search(text, options: options)
            #expect(hits.count() == (try hits.hits).count)
            let byDocument = try hits.countBy(["document.id"])
            #expect(byDocument.cells.map { $0.intValue ?? 0 }.reduce(0, +) == (try hits.hits).count)
        }
    }

    @Test func documentsWithoutCodingsAreSearched() throws {
        let hits = try snapshot.search("transport")
        #expect(try spans(hits) == ["D3:44-53"])
    }

    @Test func accentsFoldUnlessAskedAndCombiningMarksStayInTheHit() throws {
        let folded = try snapshot.search("cafe")
        #expect((try folded.hits).map(\.text) == ["café", "cafe\u{301}"])
        #expect((try folded.hits).map(\.end) == [40, 50])
        var options = TextSearchOptions()
        options.accentSensitive = true
        // Precomposed and decomposed é are the same text (canonically equivalent).
        #expect(try snapshot.search("café", options: options).hits.map(\.text) == ["café", "cafe\u{301}"])
        #expect(try snapshot.search("cafe", options: options).count() == 0)
    }

    @Test func caseIsFoldedUnlessAsked() throws {
        var options = TextSearchOptions()
        options.caseSensitive = true
        #expect(try snapshot.search("Support", options: options).count() == 2)
        #expect(try snapshot.search("SUPPORT").count() == 5)
    }

    @Test func phraseMatchesWordsInOrderAcrossPunctuationAndLineBreaks() throws {
        var options = TextSearchOptions()
        options.mode = .phrase
        let hits = try snapshot.search("support is", options: options)
        #expect((try hits.hits).map(\.text) == ["support\r\nis"])
        #expect(try snapshot.search("peer support", options: options).count() == 1)
    }

    @Test func stemmingFindsOtherFormsOfTheWord() throws {
        var options = TextSearchOptions()
        options.stem = true
        let hits = try snapshot.search("supports", options: options)
        #expect((try hits.hits).map { $0.text.lowercased() }.sorted() == ["support", "support", "support", "support", "support", "supported", "supporting"])
    }

    @Test func nearKeepsWordsCloseTogether() throws {
        var options = TextSearchOptions()
        options.near = 0
        let hits = try snapshot.search("peer support", options: options)
        // Only D1 has them side by side: D2 has "support, no peer"; D3 has "Peer 👍🏽 support",
        // and SQLite's tokenizer counts the skin-tone modifier as a token.
        #expect(Set((try hits.hits).map { hits.documentID(of: $0) }) == ["D1"])
        #expect((try hits.hits).map(\.text) == ["Peer", "support"])
        options.near = 1
        let wider = try snapshot.search("peer support", options: options)
        #expect(Set((try wider.hits).map { wider.documentID(of: $0) }) == ["D1", "D2", "D3"])
    }

    @Test func partWordsAndRegularExpressionsScanTheTexts() throws {
        var options = TextSearchOptions()
        options.wholeWords = false
        #expect(try snapshot.search("port", options: options).count() == 9)
        options = TextSearchOptions()
        options.mode = .regex
        let hits = try snapshot.search("sup+ort(ed|ing)", options: options)
        #expect((try hits.hits).map(\.text) == ["supporting", "supported"])
        #expect((try hits.hits).map(\.start) == [52, 2])
    }

    @Test func withinKeepsHitsInsideCodedTextAndUncodedTheRest() throws {
        var options = TextSearchOptions()
        options.within = try snapshot.codings().filter("code.id", equals: "K")
        #expect(try spans(try snapshot.search("support", options: options)) == ["D1:6-13"])
        options = TextSearchOptions()
        options.uncoded = true
        #expect(try snapshot.search("support", options: options).count() == 4)
    }

    @Test func hitsCountByTheirDocumentsFields() throws {
        let hits = try snapshot.search("support")
        let table = try hits.countBy(["participant.role"])
        #expect(table.rowLabels == ["PW", "SU"])
        #expect(table.cells == [.int(4), .int(1)])
        let crosstab = try hits.crosstab("case.sector", "participant.role")
        #expect(QueryFixture.cells(crosstab) == ["STA|PW": 2, "STA|SU": 1, "VOL|PW": 2])
        #expect(try hits.filter(["case.id": ["B"]]).count() == 2)
        #expect(throws: QueryError.self) { try hits.countBy(["code.id"]) }
    }

    @Test func concordanceLinesUpTheHits() throws {
        let lines = try snapshot.search("peer").concordance(width: 6)
        #expect(lines.map(\.left) == ["     \u{FEFF}", "t, no ", "      "])
        #expect(lines.map(\.right) == [" suppo", ".", " 👍🏽 su"])
        #expect(lines.allSatisfy { $0.left.unicodeScalars.count == 6 })
        let quotes = try snapshot.search("peer").quotes(context: 3)
        #expect(quotes.map(\.before) == ["\u{FEFF}", "no ", ""])
    }

    @Test func aHostileRegularExpressionStopsAtTheLimit() throws {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try db.execute(sql: "INSERT INTO documents (id, title, text, content_hash) VALUES ('D', 'D', ?, 'h')",
                           arguments: [String(repeating: "a", count: 40) + "b"])
        }
        let snapshot = try CorpusSnapshot.load(from: store)
        let deadline = Date().addingTimeInterval(0.3)
        let limits = RunLimits(stopMessage: { Date() > deadline ? "timeout after 0.3 s" : nil })
        var options = TextSearchOptions()
        options.mode = .regex
        let started = Date()
        #expect(throws: LimitReached.self) { try snapshot.search("^(a+)+$", options: options, limits: limits) }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func refusesOptionsThatCannotMeanAnything() {
        var options = TextSearchOptions()
        options.stem = true
        options.mode = .regex
        #expect(throws: QueryError.self) { try snapshot.search("a", options: options) }
        #expect(throws: QueryError.self) { try snapshot.search("   ") }
        options = TextSearchOptions()
        options.mode = .regex
        #expect(throws: QueryError.self) { try snapshot.search("(unclosed", options: options) }
        options = TextSearchOptions()
        options.near = 2
        #expect(throws: QueryError.self) { try snapshot.search("single", options: options) }
    }
}
