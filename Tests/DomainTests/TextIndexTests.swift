@testable import CorpusQuery
import Foundation
import GRDB
@testable import ProjectStorage
import Testing

@Suite("Text index", .timeLimit(.minutes(3)))
struct TextIndexTests {
    /// A version-1 project file, as PeerScript wrote them before the text index, with the
    /// search fixture's data.
    private func versionOneProject(in directory: StoreTestDirectory) throws -> URL {
        let url = directory.file("v1.peerdb")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "PRAGMA application_id = \(ProjectSchema.applicationID)")
            try db.execute(sql: ProjectSchema.version1)
            try db.execute(sql: "PRAGMA user_version = 1")
            try SearchFixture.write(db)
        }
        try queue.close()
        return url
    }

    @Test func aVersionOneProjectGetsItsIndexWhenOpenedForWriting() throws {
        let directory = try StoreTestDirectory()
        let url = try versionOneProject(in: directory)
        let store = try ProjectStore.open(at: url)
        #expect(try store.schemaVersion() == ProjectSchema.version)
        #expect(try store.read { try TextIndex.isCurrent($0) })
        #expect(try CorpusSnapshot.load(from: store).search("transport").count() == 1)
    }

    @Test func newDocumentsAreIndexedAsTheyAreWritten() throws {
        let store = try SearchFixture.makeStore()
        try store.write { db in
            try db.execute(sql: "INSERT INTO documents (id, title, text, content_hash) VALUES ('D9', 'New', 'Gardening together', 'g')")
            try db.execute(sql: "UPDATE documents SET text = 'Nothing left', content_hash = 'n' WHERE id = 'D2'")
            try db.execute(sql: "DELETE FROM documents WHERE id = 'D3'")
            #expect(try TextIndex.isCurrent(db))
        }
        let snapshot = try CorpusSnapshot.load(from: store)
        #expect(try snapshot.search("gardening").count() == 1)
        #expect(try snapshot.search("transport").count() == 0)
        #expect(try snapshot.search("supported").count() == 0)
    }

    @Test func aStaleIndexIsRebuiltBeforeASearch() throws {
        let store = try SearchFixture.makeStore()
        // A change made with the triggers out of the way, as another tool might.
        try store.write { db in
            try db.execute(sql: "DROP TRIGGER documents_index_update")
            try db.execute(sql: "UPDATE documents SET text = 'A text about gardening', content_hash = 'changed' WHERE id = 'D3'")
            #expect(try !TextIndex.isCurrent(db))
        }
        let snapshot = try CorpusSnapshot.load(from: store)
        #expect(try snapshot.search("gardening").count() == 1)
        #expect(try snapshot.search("transport").count() == 0)
        #expect(try store.read { try TextIndex.isCurrent($0) })
    }

    @Test func aMissingIndexIsRebuilt() throws {
        let store = try SearchFixture.makeStore()
        try store.write { db in try db.execute(sql: "DROP TABLE text_index_stemmed") }
        var options = TextSearchOptions()
        options.stem = true
        #expect(try CorpusSnapshot.load(from: store).search("supporting", options: options).count() == 7)
    }

    @Test func aReadOnlyProjectWithAStaleIndexIsSearchedThroughATemporaryOne() throws {
        let directory = try StoreTestDirectory()
        let url = directory.file("stale.peerdb")
        let writer = try ProjectStore.create(at: url)
        try writer.write { db in
            try SearchFixture.write(db)
            try db.execute(sql: "DROP TRIGGER documents_index_update")
            try db.execute(sql: "UPDATE documents SET text = 'A text about gardening', content_hash = 'changed' WHERE id = 'D3'")
        }
        try writer.close()
        let reader = try ProjectStore.open(at: url, readOnly: true)
        let snapshot = try CorpusSnapshot.load(from: reader)
        #expect(try snapshot.search("gardening").count() == 1)
        #expect(try snapshot.search("transport").count() == 0)
        // The file itself is unchanged.
        try reader.close()
        let again = try ProjectStore.open(at: url, readOnly: true)
        #expect(try again.read { try !TextIndex.isCurrent($0) })
    }

    @Test func theIndexSchemaIsTheOneDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/project-format.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "## The text index (schema version 2)"))
        let start = try #require(doc.range(of: "```sql\n", range: section.upperBound..<doc.endIndex))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        #expect(StoreTests.statements(String(doc[start.upperBound..<end.lowerBound])) == StoreTests.statements(TextIndex.schema))
    }

    @Test func tokensCarryTheirBytesAndStems() throws {
        let store = try ProjectStore.inMemory()
        let tokens = try store.read { db in try TextIndex.tokens(db, of: "Café, supporting 👍", as: .stemmed) }
        #expect(tokens.map(\.term) == ["cafe", "support"])
        #expect(tokens.map(\.bytes) == [0..<5, 7..<17])
        let emoji = try store.read { db in try TextIndex.tokens(db, of: "Peer 👍🏽 support", as: .plain) }
        // SQLite's tokenizer keeps a skin-tone modifier as a token of its own; word counts skip it.
        #expect(emoji.map(\.term) == ["peer", "\u{1F3FD}", "support"])
    }
}

@Suite("Word frequencies", .timeLimit(.minutes(3)))
struct WordFrequencyTests {
    let snapshot: CorpusSnapshot

    init() throws { snapshot = try SearchFixture.snapshot() }

    private func counts(_ options: WordFrequencyOptions) throws -> [String: Int] {
        let table = try snapshot.words(options)
        return Dictionary(uniqueKeysWithValues: table.rowLabels.enumerated().map { ($1, table.value(row: $0, column: 0).intValue ?? -1) })
    }

    @Test func countsFoldedWordsWithoutStopWords() throws {
        let words = try counts(WordFrequencyOptions())
        #expect(words["support"] == 5)
        #expect(words["cafe"] == 2)
        #expect(words["peer"] == 3)
        #expect(words["and"] == nil)
        #expect(words["no"] == nil)
        let table = try snapshot.words(WordFrequencyOptions())
        #expect(table.rowLabels.first == "support")
        #expect(table.columnLabels == ["count", "share"])
    }

    @Test func stemsMinimumLengthTopAndAUserList() throws {
        var options = WordFrequencyOptions()
        options.stem = true
        #expect(try counts(options)["support"] == 7)
        options = WordFrequencyOptions()
        options.minimumLength = 5
        options.extraStopWords = ["Support"]
        let words = try counts(options)
        #expect(words["peer"] == nil)
        #expect(words["support"] == nil)
        #expect(words["supported"] == 1)
        options = WordFrequencyOptions()
        options.top = 2
        #expect(try snapshot.words(options).rowLabels == ["support", "peer"])
        options.top = nil
        options.skipsStopWords = false
        #expect(try counts(options)["no"] == 2)
    }

    @Test func byAFieldAndWithinCodedText() throws {
        var options = WordFrequencyOptions()
        options.by = "participant.role"
        let table = try snapshot.words(options)
        #expect(table.columnLabels == ["PW", "SU"])
        let row = try #require(table.rowLabels.firstIndex(of: "support"))
        #expect(Array(table.values(row: row)) == [.int(4), .int(1)])
        options = WordFrequencyOptions()
        options.within = try snapshot.codings()
        // Coded text: "\u{FEFF}Peer support 👩‍👩‍👧 " and "I supporte", which cuts "supported" (not counted).
        #expect(try counts(options) == ["peer": 1, "support": 1])
    }

    @Test func withinHitsCountsOnlyTheWordsInsideThem() throws {
        var search = TextSearchOptions()
        search.mode = .phrase
        var options = WordFrequencyOptions()
        options.hits = try snapshot.search("peer support", options: search)
        #expect(try counts(options) == ["peer": 1, "support": 1])
    }

    @Test func keynessMatchesAValueWorkedOutByHand() throws {
        var options = WordFrequencyOptions()
        options.by = "participant.role"
        options.keyness = "SU"
        options.skipsStopWords = false
        let table = try snapshot.words(options)
        let row = try #require(table.rowLabels.firstIndex(of: "supported"))
        let values = Array(table.values(row: row))
        // "supported": once in SU's 7 words, never in PW's 16 words.
        // E1 = 7 × 1 / 23, E2 = 16 × 1 / 23; G² = 2 × (1 × ln(1 / E1) + 0) = 2 ln(23 / 7).
        let g2 = 2 * log(23.0 / 7.0)
        #expect(values[0] == .int(1))
        #expect(values[1] == .int(0))
        #expect(abs(values[2].doubleValue - g2) < 1e-12)
        // Log ratio: log2((1 / 7) / (0.5 / 20)).
        #expect(abs(values[3].doubleValue - log2((1.0 / 7) / (0.5 / 16))) < 1e-12)
        #expect(Array(table.values(row: 0))[2].doubleValue >= g2)
    }

    @Test func keynessNeedsAGroupingAndAKnownGroup() {
        var options = WordFrequencyOptions()
        options.keyness = "PW"
        #expect(throws: QueryError.self) { try snapshot.words(options) }
        options.by = "participant.role"
        options.keyness = "XX"
        #expect(throws: QueryError.self) { try snapshot.words(options) }
        options = WordFrequencyOptions()
        options.by = "code.id"
        #expect(throws: QueryError.self) { try snapshot.words(options) }
    }
}
