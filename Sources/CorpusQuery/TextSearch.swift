import Foundation
import GRDB
import ProjectStorage

/// How `CorpusSnapshot.search` matches text.
public struct TextSearchOptions: Sendable {
    /// What the search text is.
    public enum Mode: String, Sendable, CaseIterable {
        /// Each word is searched on its own; every occurrence of any of them is a hit.
        case words
        /// The words in this order, next to each other (punctuation between them is ignored).
        case phrase
        /// An ICU regular expression, matched against each text in turn.
        case regex
    }

    /// What the search text is (default: words).
    public var mode: Mode = .words
    /// Whether matches must be whole words (default). Without it, the text is found inside
    /// words too, by scanning every text (slower than the index).
    public var wholeWords = true
    /// Whether upper and lower case must match as written (default: no).
    public var caseSensitive = false
    /// Whether accents must match as written (default: no, so "cafe" finds "café").
    public var accentSensitive = false
    /// Whether words match their English stem ("supporting" finds "support", "supported").
    public var stem = false
    /// With words mode and two or more words: hits only where all of them occur within this
    /// many words of each other.
    public var near: Int?
    /// Only hits inside the text of the segments behind this query's rows.
    public var within: Query?
    /// Only hits in text no coding covers.
    public var uncoded = false

    /// Default options: whole words, case and accents folded, no stemming.
    public init() {}
}

extension CorpusSnapshot {
    /// Every place the corpus's texts match `text`, in document order then by position. Uses
    /// the project's full-text index for word and phrase searches (rebuilding it first if it is
    /// missing or stale) and scans the texts for regular expressions and part-word matches,
    /// checking `limits` as it goes.
    public func search(_ text: String, options: TextSearchOptions = .init(), limits: RunLimits = .none) throws -> TextHits {
        try TextSearch(snapshot: self, text: text, options: options, limits: limits).run()
    }
}

/// One search being run: the checks of its options, the index or scan that finds hits, and
/// the filters by coded text that follow.
struct TextSearch {
    let snapshot: CorpusSnapshot
    let text: String
    let options: TextSearchOptions
    let limits: RunLimits

    func run() throws -> TextHits {
        try validate()
        guard let source = snapshot.textSource as? any DatabaseWriter else {
            throw QueryError.textUnavailable(documentID: "", reason: "this corpus was not loaded from a project")
        }
        let scans = options.mode == .regex || !options.wholeWords
        let filters = options.within != nil || options.uncoded || options.caseSensitive || options.accentSensitive
        if !scans && !filters {
            return try countedHits(source)
        }
        var hits = try source.writeWithoutTransaction { db -> [TextHit] in
            let rowOf = try documentRows(db)
            if scans {
                return try TextScan(pattern: scanPattern(), caseSensitive: options.caseSensitive, limits: limits)
                    .hits(db, rows: rowOf)
            }
            try TextIndex.prepare(db)
            return try indexHits(db, rows: rowOf)
        }
        if let within = options.within {
            hits = try CodedSpans(within).keeping(hits, inside: true)
        }
        if options.uncoded {
            hits = try CodedSpans(snapshot.codings()).keeping(hits, inside: false)
        }
        return TextHits(snapshot: snapshot, hits: hits, limits: limits)
    }

    /// Hits counted per document by the index, located only when asked for.
    private func countedHits(_ source: any DatabaseWriter) throws -> TextHits {
        let counts = try source.writeWithoutTransaction { db -> [(document: Int32, count: Int)] in
            let rowOf = try documentRows(db)
            try TextIndex.prepare(db)
            guard !searchWords.isEmpty else { return [] }
            let found = try TextIndex.matchCounts(db, matchExpression, in: options.stem ? .stemmed : .plain)
            return found.compactMap { rowID, count in rowOf[rowID].map { ($0, count) } }.sorted { $0.document < $1.document }
        }
        let search = self
        return TextHits(snapshot: snapshot, perDocument: counts, limits: limits) {
            try source.writeWithoutTransaction { db in
                try TextIndex.prepare(db)
                return try search.indexHits(db, rows: search.documentRows(db))
            }
        }
    }

    /// Refuses option combinations that cannot mean anything.
    private func validate() throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw QueryError.invalidArgument("search needs some text to look for, not an empty string")
        }
        if options.stem && (options.mode == .regex || !options.wholeWords) {
            throw QueryError.invalidArgument("stem works on whole words; it cannot be combined with regex or whole_words = false")
        }
        if options.stem && (options.caseSensitive || options.accentSensitive) {
            throw QueryError.invalidArgument("stem matches word forms, so it cannot also match case or accents as written")
        }
        if let near = options.near {
            guard near >= 0 else { throw QueryError.invalidArgument("near must be zero or more words, not \(near)") }
            guard options.mode == .words, searchWords.count >= 2 else {
                throw QueryError.invalidArgument("near needs words mode and at least two words to keep close together")
            }
        }
        if options.within != nil && options.uncoded {
            throw QueryError.invalidArgument("within and uncoded exclude each other: text cannot be both coded by a query and coded by no one")
        }
    }

    /// The search text split into words as the index splits them (runs of letters and digits).
    var searchWords: [String] { TextWords.split(text) }

    /// The FTS5 query for the search text: each word quoted, so that no word is read as syntax.
    private var matchExpression: String {
        let quoted = searchWords.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        switch options.mode {
        case .phrase: return "\"" + searchWords.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .words where options.near != nil: return "NEAR(" + quoted.joined(separator: " ") + ", \(options.near ?? 0))"
        default: return quoted.joined(separator: " OR ")
        }
    }

    /// The regular expression a scan runs: the pattern itself, or the escaped text.
    private func scanPattern() -> String {
        options.mode == .regex ? text : NSRegularExpression.escapedPattern(for: text)
    }

    /// Document rowid to row of the snapshot, for the documents the snapshot knows.
    private func documentRows(_ db: Database) throws -> [Int64: Int32] {
        var rows: [Int64: Int32] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT rowid, id FROM documents")
        while let row = try cursor.next() {
            if let document = snapshot.columns.documentIDs.code(of: row[1]) { rows[row[0]] = document }
        }
        return rows
    }

    /// Hits from the index, in code points, narrowed to case and accents as written if asked.
    private func indexHits(_ db: Database, rows: [Int64: Int32]) throws -> [TextHit] {
        guard !searchWords.isEmpty else { return [] }
        let found = try TextIndex.matches(db, matchExpression, in: options.stem ? .stemmed : .plain)
        var hits: [TextHit] = []
        var stopCheck = StopCheck(limits)
        for rowID in found.keys.sorted() {
            guard let document = rows[rowID], let ranges = found[rowID], !ranges.isEmpty else { continue }
            let text = try String.fetchOne(db, sql: "SELECT text FROM documents WHERE rowid = ?", arguments: [rowID]) ?? ""
            try stopCheck.step(ranges.count)
            hits += ScalarOffsets.hits(in: text, document: document, bytes: ranges).filter(keeps)
        }
        return hits.sorted()
    }

    /// Whether a hit found with case and accents folded matches them as written, when asked.
    private func keeps(_ hit: TextHit) -> Bool {
        guard options.caseSensitive || options.accentSensitive else { return true }
        let found = TextWords.split(hit.text), wanted = searchWords
        func same(_ a: String, _ b: String) -> Bool {
            if options.caseSensitive && options.accentSensitive { return a.precomposedStringWithCanonicalMapping == b.precomposedStringWithCanonicalMapping }
            if options.caseSensitive { return a.compare(b, options: [.diacriticInsensitive]) == .orderedSame }
            return a.compare(b, options: [.caseInsensitive]) == .orderedSame
        }
        if options.mode == .phrase || options.near == nil && found.count > 1 {
            return found.count == wanted.count && zip(found, wanted).allSatisfy(same)
        }
        return found.count == 1 && wanted.contains { same(found[0], $0) }
    }
}

/// How the search text is cut into words: runs of letters, digits and combining marks, as
/// the index's `unicode61` tokenizer cuts texts.
enum TextWords {
    static func split(_ text: String) -> [String] {
        var words: [String] = [], current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .privateUse, .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }
}

/// Turns UTF-8 byte ranges of one text into hits in Unicode scalar offsets, exactly: a scalar
/// starts at every byte that is not a continuation byte (`10xxxxxx`). The ranges come in text
/// order, so one walk over the bytes (up to the last hit) serves them all, without copying.
enum ScalarOffsets {
    static func hits(in text: String, document: Int32, bytes ranges: [Range<Int>]) -> [TextHit] {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            var walker = Walker(bytes: bytes)
            return ranges.sorted { $0.lowerBound < $1.lowerBound }.map { range in
                // Widened over combining marks that follow: the tokenizer drops them with the
                // accents they carry, but they belong to the word.
                let end = walker.endAfterMarks(min(range.upperBound, bytes.count))
                let start = min(range.lowerBound, end)
                let startScalar = walker.scalars(before: start)
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                return TextHit(document: document, start: startScalar,
                               end: startScalar + text.unicodeScalars.count, text: text)
            }
        } ?? []
    }

    /// Counts scalar starts from the last position asked about onwards.
    struct Walker {
        let bytes: UnsafeBufferPointer<UInt8>
        private var position = 0, count = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// Scalars before byte `offset`; offsets must not go backwards by more than the
        /// previous hit (the walk restarts from zero if they do).
        mutating func scalars(before offset: Int) -> Int {
            if offset < position { position = 0; count = 0 }
            while position < offset {
                if bytes[position] & 0xC0 != 0x80 { count += 1 }
                position += 1
            }
            return count
        }

        /// `end` moved past any non-spacing marks that start there.
        func endAfterMarks(_ end: Int) -> Int {
            var end = end
            while end < bytes.count {
                var iterator = bytes[end...].makeIterator()
                var decoder = UTF8()
                guard case .scalarValue(let scalar) = decoder.decode(&iterator),
                      scalar.properties.generalCategory == .nonspacingMark else { break }
                end += UTF8.width(scalar)
            }
            return end
        }
    }
}
