import Foundation
import GRDB
import ProjectStorage
import ResultTables

/// What `CorpusSnapshot.words` counts and how.
public struct WordFrequencyOptions: Sendable {
    /// Count English stems rather than word forms.
    public var stem = false
    /// Count per value of this field (a document, participant or case field).
    public var by: String?
    /// Leave out the shipped English stop words (default).
    public var skipsStopWords = true
    /// More words to leave out, compared folded (lower case, no accents).
    public var extraStopWords: [String] = []
    /// Leave out words shorter than this many characters.
    public var minimumLength = 1
    /// Keep only the first `top` words.
    public var top: Int?
    /// With `by`: compare this group against the rest (log-likelihood and log ratio).
    public var keyness: String?
    /// Count only words inside the text behind this query's rows.
    public var within: Query?
    /// Count only words inside these hits.
    public var hits: TextHits?

    /// Default options: all text, word forms, stop words left out.
    public init() {}
}

extension CorpusSnapshot {
    /// Word frequencies over the corpus's texts, as the full-text index's tokenizer cuts and
    /// folds them: one row per word (or stem), most frequent first, ties alphabetical.
    ///
    /// Without `by`: columns `count` and `share` (percent of all words counted). With `by`: one
    /// count column per value. With `keyness`: columns `count` (in the group), `rest`,
    /// `log_likelihood` (Dunning's G², signed: negative when the group uses the word less) and
    /// `log_ratio` (binary log of the ratio of relative frequencies, zeros counted as 0.5),
    /// rows by G² from the most over-used down.
    public func words(_ options: WordFrequencyOptions = .init(), limits: RunLimits = .none) throws -> ResultTable {
        try WordCounter(snapshot: self, options: options, limits: limits).table()
    }
}

/// Counts the words of one `words` call.
struct WordCounter {
    let snapshot: CorpusSnapshot
    let options: WordFrequencyOptions
    let limits: RunLimits

    func table() throws -> ResultTable {
        try validate()
        let groupOf = try groupCodes()
        let counts = try count(groupOf: groupOf?.codes)
        if let groupOf, let keyness = options.keyness {
            return try keynessTable(counts, groups: groupOf, target: keyness)
        }
        if let groupOf { return try groupedTable(counts, groups: groupOf) }
        return try plainTable(counts)
    }

    private func validate() throws {
        guard options.minimumLength >= 1 else {
            throw QueryError.invalidArgument("min_length must be 1 or more characters, not \(options.minimumLength)")
        }
        if let top = options.top, top < 1 { throw QueryError.invalidArgument("top must be 1 or more words, not \(top)") }
        if options.keyness != nil && options.by == nil {
            throw QueryError.invalidArgument("keyness compares one group with the rest, so it needs by = a field")
        }
        if options.within != nil && options.hits != nil {
            throw QueryError.invalidArgument("count words within a query or within hits, not both")
        }
    }

    /// Each document's group value code and the field's domain, when counting by a field.
    private func groupCodes() throws -> (codes: [Int32], definition: FieldDefinition)? {
        guard let field = options.by else { return nil }
        let hits = TextHits(snapshot: snapshot, hits: [], limits: limits)
        let definition = try hitField(field, hits)
        let join = snapshot.join(from: .document, to: definition.level)
        let codes = (0..<Int32(snapshot.documentCount)).map { document -> Int32 in
            let row = join.map { $0[Int(document)] } ?? document
            return row < 0 ? -1 : definition.code(ofRow: row)
        }
        return (codes, definition)
    }

    private func hitField(_ field: String, _ hits: TextHits) throws -> FieldDefinition {
        do {
            return try hits.hitField(field)
        } catch QueryError.invalidArgument {
            throw QueryError.invalidArgument("words can be counted by document, participant and case fields, not '\(field)'")
        }
    }

    /// Word counts: per term, per group code (-1 for none; a single group 0 without `by`).
    private func count(groupOf: [Int32]?) throws -> WordCounts {
        guard let source = snapshot.textSource else {
            throw QueryError.textUnavailable(documentID: "", reason: "this corpus was not loaded from a project")
        }
        let spans = try options.within.map { try CodedSpans($0) }
        let hitSpans = try options.hits.map { CodedSpans(try $0.hits) }
        let stopWords = Set((options.skipsStopWords ? EnglishStopWords.list : []) + options.extraStopWords.map(Self.folded))
        var counts = WordCounts()
        try source.read { db in
            if spans == nil && hitSpans == nil {
                counts = try cachedCounts(db, groupOf: groupOf, stopWords: stopWords)
                return
            }
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, text FROM documents ORDER BY rowid")
            while let row = try cursor.next() {
                try limits.checkStop()
                guard let document = snapshot.columns.documentIDs.code(of: row[0]) else { continue }
                if let hitSpans, !hitSpans.covers(document: document) { continue }
                let text: String = row[1] ?? ""
                let group = groupOf.map { $0[Int(document)] } ?? 0
                let plain = try TextIndex.tokens(db, of: text, as: .plain)
                let terms = options.stem ? try TextIndex.tokens(db, of: text, as: .stemmed) : plain
                let positions = ScalarOffsets.hits(in: text, document: document, bytes: plain.map(\.bytes))
                for (index, token) in plain.enumerated() {
                    guard token.term.unicodeScalars.count >= options.minimumLength, !stopWords.contains(token.term),
                          index < terms.count, Self.isWord(token.term) else { continue }
                    let start = positions[index].start, end = positions[index].end
                    if let spans = spans ?? hitSpans, !spans.contains(document, start, end) { continue }
                    counts.add(terms[index].term, group: group)
                }
            }
        }
        return counts
    }

    /// Word counts from the snapshot's per-document counts: the same words, without reading
    /// the texts again after the first call.
    private func cachedCounts(_ db: Database, groupOf: [Int32]?, stopWords: Set<String>) throws -> WordCounts {
        let terms = try snapshot.documentTerms.terms(snapshot, db, stemmed: options.stem, limits: limits)
        let counted = terms.vocabulary.map { word in
            word.unicodeScalars.count >= options.minimumLength && !stopWords.contains(word) && Self.isWord(word)
        }
        let names = options.stem ? terms.stems ?? terms.vocabulary : terms.vocabulary
        var counts = WordCounts()
        for (document, entries) in terms.counts.enumerated() {
            let group = groupOf.map { $0[document] } ?? 0
            for entry in entries where counted[Int(entry.term)] {
                counts.add(names[Int(entry.term)], group: group, times: Int(entry.count))
            }
        }
        return counts
    }

    /// Whether a token has a letter or digit: SQLite's tokenizer also keeps some symbols
    /// (emoji skin-tone modifiers) as tokens, which are no words to count.
    static func isWord(_ term: String) -> Bool {
        term.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    static func folded(_ word: String) -> String {
        word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    private func plainTable(_ counts: WordCounts) throws -> ResultTable {
        let total = counts.total(group: nil)
        let words = limited(counts.rankedTerms(group: nil))
        var table = try ResultTable(
            keyNames: [options.stem ? "stem" : "word"], rowKeys: words.map { [$0] }, columnLabels: ["count", "share"],
            cells: words.flatMap { word -> [ResultTable.Number] in
                let count = counts.count(word, group: nil)
                return [.int(count), .double(total == 0 ? .nan : 100 * Double(count) / Double(total))]
            }, showsTotals: false)
        table.notes = ["share: percent of the \(total) words counted"]
        return table
    }

    private func groupedTable(_ counts: WordCounts, groups: (codes: [Int32], definition: FieldDefinition)) throws -> ResultTable {
        let values = counts.groups.sorted { a, b in
            if a < 0 || b < 0 { return b < 0 && a >= 0 }
            return groups.definition.domain.sorted([a, b]) == [a, b]
        }
        let words = limited(counts.rankedTerms(group: nil))
        var table = try ResultTable(
            keyNames: [options.stem ? "stem" : "word"], rowKeys: words.map { [$0] },
            columnLabels: values.map { $0 < 0 ? Query.missingLabel : groups.definition.domain.label($0) },
            cells: words.flatMap { word in values.map { .int(counts.count(word, group: $0)) } })
        table.showsColumnTotals = false
        return table
    }

    private func keynessTable(_ counts: WordCounts, groups: (codes: [Int32], definition: FieldDefinition), target: String) throws -> ResultTable {
        guard let group = groups.definition.domain.code(of: target) else {
            throw QueryError.invalidArgument("keyness names '\(target)', which \(options.by ?? "the field") never takes")
        }
        let groupTotal = counts.total(group: group), restTotal = counts.total(group: nil) - groupTotal
        let scored = counts.rankedTerms(group: nil).map { word -> (String, Int, Int, Keyness) in
            let a = counts.count(word, group: group), b = counts.count(word, group: nil) - a
            return (word, a, b, Keyness(a: a, b: b, c: groupTotal, d: restTotal))
        }.sorted { $0.3.logLikelihood != $1.3.logLikelihood ? $0.3.logLikelihood > $1.3.logLikelihood : $0.0 < $1.0 }
        let rows = options.top.map { Array(scored.prefix($0)) } ?? scored
        var table = try ResultTable(
            keyNames: [options.stem ? "stem" : "word"], rowKeys: rows.map { [$0.0] },
            columnLabels: ["count", "rest", "log_likelihood", "log_ratio"],
            cells: rows.flatMap { row -> [ResultTable.Number] in
                [.int(row.1), .int(row.2), .double(row.3.logLikelihood), .double(row.3.logRatio)]
            }, showsTotals: false, decimals: 2)
        table.notes = ["\(options.by ?? "") = \(target): \(groupTotal) words; the rest: \(restTotal) words",
                       "log_likelihood: G², negative where the group uses the word less; log_ratio: log2 of the ratio of relative frequencies"]
        return table
    }

    private func limited(_ words: [String]) -> [String] {
        options.top.map { Array(words.prefix($0)) } ?? words
    }
}

/// Dunning's log-likelihood (G²) and the log ratio for a word seen `a` times in a group of
/// `c` words and `b` times in the rest, of `d` words (Rayson and Garside's two-cell form).
public struct Keyness: Sendable, Hashable {
    /// G², signed negative when the group's relative frequency is the lower.
    public let logLikelihood: Double
    /// log2((a / c) / (b / d)), with a zero count taken as 0.5.
    public let logRatio: Double

    /// The scores for the counts.
    public init(a: Int, b: Int, c: Int, d: Int) {
        let (a, b, c, d) = (Double(a), Double(b), Double(c), Double(d))
        let e1 = c * (a + b) / (c + d), e2 = d * (a + b) / (c + d)
        func term(_ observed: Double, _ expected: Double) -> Double {
            observed > 0 && expected > 0 ? observed * log(observed / expected) : 0
        }
        let g2 = 2 * (term(a, e1) + term(b, e2))
        let over = c > 0 && d > 0 ? a / c >= b / d : true
        logLikelihood = over ? g2 : -g2
        logRatio = c > 0 && d > 0 ? log2((max(a, 0.5) / c) / (max(b, 0.5) / d)) : .nan
    }
}

/// Counts of terms per group, with totals.
struct WordCounts {
    private var ids: [String: Int] = [:]
    private(set) var terms: [String] = []
    private var byGroup: [Int32: [Int]] = [:]
    private var all: [Int] = []

    mutating func add(_ term: String, group: Int32, times: Int = 1) {
        let id: Int
        if let known = ids[term] {
            id = known
        } else {
            id = terms.count
            ids[term] = id
            terms.append(term)
            all.append(0)
        }
        all[id] += times
        var counts = byGroup[group] ?? []
        byGroup[group] = nil
        if counts.count <= id { counts += [Int](repeating: 0, count: id + 1 - counts.count) }
        counts[id] += times
        byGroup[group] = counts
    }

    var groups: [Int32] { Array(byGroup.keys) }

    func count(_ term: String, group: Int32?) -> Int {
        guard let id = ids[term] else { return 0 }
        guard let group else { return all[id] }
        let counts = byGroup[group] ?? []
        return id < counts.count ? counts[id] : 0
    }

    func total(group: Int32?) -> Int {
        guard let group else { return all.reduce(0, +) }
        return (byGroup[group] ?? []).reduce(0, +)
    }

    /// Terms by count (in the group, or overall), most frequent first, ties alphabetical.
    func rankedTerms(group: Int32?) -> [String] {
        terms.sorted { a, b in
            let x = count(a, group: group), y = count(b, group: group)
            return x != y ? x > y : a < b
        }
    }
}
