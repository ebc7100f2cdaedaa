import ResultTables
import Synchronization

/// One place a search matched: the document row and the matched span in Unicode scalars
/// (code points) from the start of the document's text, end exclusive, as segments count.
public struct TextHit: Sendable, Hashable, Comparable {
    /// The document's row in the snapshot.
    let document: Int32
    /// Where the hit starts (inclusive).
    public let start: Int
    /// Where the hit ends (exclusive).
    public let end: Int
    /// The matched text, as the document has it.
    public let text: String

    public static func < (a: TextHit, b: TextHit) -> Bool {
        (a.document, a.start, a.end) < (b.document, b.start, b.end)
    }
}

/// One line of a concordance: a hit with the text on either side, cut to a width.
public struct ConcordanceLine: Sendable, Hashable {
    /// The document the hit is in.
    public let documentID: String
    /// Where the hit starts and ends, in code points.
    public let start: Int, end: Int
    /// Up to `width` characters before the hit, line breaks shown as spaces.
    public let left: String
    /// The hit itself.
    public let hit: String
    /// Up to `width` characters after the hit, line breaks shown as spaces.
    public let right: String
}

/// The hits of a search (entity `hits`): counted, grouped and quoted with the same field names
/// as segments, for the fields a hit has (its document's, participant's and case's).
///
/// Counting and grouping need only how many hits each document has, which the index gives
/// without reading any text; where each hit lies is worked out the first time it is asked for.
public struct TextHits: Sendable {
    /// The corpus searched.
    public let snapshot: CorpusSnapshot
    /// Hits per document row, in document order.
    let perDocument: [(document: Int32, count: Int)]
    private let located: LocatedHits
    let limits: RunLimits

    /// Hits already located.
    init(snapshot: CorpusSnapshot, hits: [TextHit], limits: RunLimits) {
        var counts: [(document: Int32, count: Int)] = []
        for hit in hits {
            if counts.last?.document == hit.document { counts[counts.count - 1].count += 1 } else { counts.append((hit.document, 1)) }
        }
        self.init(snapshot: snapshot, perDocument: counts, limits: limits, locate: { hits })
    }

    /// Hits counted per document, located by `locate` when first needed.
    init(snapshot: CorpusSnapshot, perDocument: [(document: Int32, count: Int)], limits: RunLimits,
         locate: @escaping @Sendable () throws -> [TextHit]) {
        self.snapshot = snapshot
        self.perDocument = perDocument
        self.limits = limits
        located = LocatedHits(locate)
    }

    /// The hits, in document order then by position (located now if they were not yet).
    public var hits: [TextHit] {
        get throws { try located.value() }
    }

    /// The document id of a hit.
    public func documentID(of hit: TextHit) -> String { snapshot.columns.documentIDs[hit.document] }

    /// Number of hits.
    public func count() -> Int { perDocument.reduce(0) { $0 + $1.count } }

    /// The hits whose fields have the listed values (any of a field's values; all fields).
    public func filter(_ conditions: [String: [String]]) throws -> TextHits {
        var query = snapshot.documents()
        for field in conditions.keys.sorted() {
            _ = try hitField(field)
            query = try query.filter(field, in: conditions[field] ?? [])
        }
        let selection = try Selection(query, reading: [])
        var keep = [Bool](repeating: false, count: snapshot.documentCount)
        for document in selection.units { keep[Int(document)] = true }
        let kept = keep
        return TextHits(snapshot: snapshot, perDocument: perDocument.filter { kept[Int($0.document)] }, limits: limits,
                        locate: { [located] in try located.value().filter { kept[Int($0.document)] } })
    }

    /// The field, checked to be one a hit has a single value of.
    func hitField(_ name: String) throws -> FieldDefinition {
        let definition = try snapshot.registry.definition(name, listing: { [.document, .participant, .studyCase].contains($0.level) })
        guard [.document, .participant, .studyCase].contains(definition.level) else {
            throw QueryError.invalidArgument(
                "hits have document, participant and case fields, not '\(name)'; to count hits by codings, search within a query (within = corpus.codings():where{…})")
        }
        return definition
    }

    /// The value code of a field for each document row.
    private func codesByDocument(_ definition: FieldDefinition) -> [Int32] {
        let join = snapshot.join(from: .document, to: definition.level)
        return (0..<Int32(snapshot.documentCount)).map { document in
            let row = join.map { $0[Int(document)] } ?? document
            return row < 0 ? -1 : definition.code(ofRow: row)
        }
    }

    /// Hits per combination of values of `fields`, rows in reading order, `(missing)` last.
    public func countBy(_ fields: [String]) throws -> ResultTable {
        guard !fields.isEmpty else { throw QueryError.invalidArgument("count_by needs at least one field name") }
        let definitions = try fields.map(hitField)
        let codes = definitions.map(codesByDocument)
        var counts: [[Int32]: Int] = [:]
        for entry in perDocument { counts[codes.map { $0[Int(entry.document)] }, default: 0] += entry.count }
        let rows = counts.keys.sorted { a, b in
            for index in a.indices where a[index] != b[index] {
                return Self.precedes(a[index], b[index], definitions[index].domain)
            }
            return false
        }
        return try ResultTable(
            keyNames: fields, rowKeys: rows.map { key in key.indices.map { Self.label(key[$0], definitions[$0].domain) } },
            columnLabels: ["hits"], cells: rows.map { .int(counts[$0] ?? 0) })
    }

    /// Hits by the values of two fields: one row per value of the first, one column per value
    /// of the second.
    public func crosstab(_ rowField: String, _ columnField: String) throws -> ResultTable {
        let rowDefinition = try hitField(rowField), columnDefinition = try hitField(columnField)
        let rowCodes = codesByDocument(rowDefinition), columnCodes = codesByDocument(columnDefinition)
        var counts: [[Int32]: Int] = [:]
        for entry in perDocument {
            counts[[rowCodes[Int(entry.document)], columnCodes[Int(entry.document)]], default: 0] += entry.count
        }
        let rowValues = Set(counts.keys.map { $0[0] }).sorted { Self.precedes($0, $1, rowDefinition.domain) }
        let columnValues = Set(counts.keys.map { $0[1] }).sorted { Self.precedes($0, $1, columnDefinition.domain) }
        return try ResultTable(
            keyNames: [rowField], rowKeys: rowValues.map { [Self.label($0, rowDefinition.domain)] },
            columnLabels: columnValues.map { Self.label($0, columnDefinition.domain) },
            cells: rowValues.flatMap { row in columnValues.map { .int(counts[[row, $0]] ?? 0) } })
    }

    private static func precedes(_ a: Int32, _ b: Int32, _ domain: ValueDomain) -> Bool {
        if a < 0 || b < 0 { return b < 0 && a >= 0 }
        return domain.sorted([a, b]) == [a, b]
    }

    private static func label(_ code: Int32, _ domain: ValueDomain) -> String {
        code < 0 ? Query.missingLabel : domain.label(code)
    }

    /// Each hit with up to `context` code points of text on either side, as quotes (segment 0).
    public func quotes(context: Int = 0) throws -> [Quote] {
        guard context >= 0 else {
            throw QueryError.invalidArgument("quotes needs a context of zero or more characters, not \(context)")
        }
        let columns = snapshot.columns
        return try withTexts { hit, scalars in
            let participant = columns.documentParticipant[Int(hit.document)], studyCase = columns.documentCase[Int(hit.document)]
            let title = columns.documentTitle.codes[Int(hit.document)]
            return Quote(
                segmentID: 0, documentID: columns.documentIDs[hit.document],
                documentTitle: title < 0 ? nil : columns.documentTitle.dictionary[title],
                participantID: participant < 0 ? nil : columns.participantIDs[participant],
                caseID: studyCase < 0 ? nil : columns.caseIDs[studyCase],
                start: hit.start, end: hit.end, text: hit.text,
                before: Self.text(scalars, max(0, hit.start - context)..<hit.start, flat: false),
                after: Self.text(scalars, hit.end..<min(scalars.count, hit.end + min(context, Int(Int32.max))), flat: false))
        }
    }

    /// The hits as a concordance (keyword in context): `width` characters either side, line
    /// breaks and tabs shown as spaces, the left side padded so the hits line up.
    public func concordance(width: Int = 40) throws -> [ConcordanceLine] {
        guard (1...1000).contains(width) else {
            throw QueryError.invalidArgument("kwic needs a width of 1 to 1000 characters, not \(width)")
        }
        return try withTexts { hit, scalars in
            let left = Self.text(scalars, max(0, hit.start - width)..<hit.start, flat: true)
            return ConcordanceLine(
                documentID: snapshot.columns.documentIDs[hit.document], start: hit.start, end: hit.end,
                left: String(repeating: " ", count: width - left.unicodeScalars.count) + left,
                hit: Self.flat(hit.text),
                right: Self.text(scalars, hit.end..<min(scalars.count, hit.end + width), flat: true))
        }
    }

    /// Calls `body` with each hit and its document's scalars, reading each text once.
    private func withTexts<T>(_ body: (TextHit, [Unicode.Scalar]) throws -> T) throws -> [T] {
        var loaded: (document: Int32, scalars: [Unicode.Scalar])?
        var results: [T] = []
        var stopCheck = StopCheck(limits)
        for hit in try hits {
            try stopCheck.step()
            if loaded?.document != hit.document { loaded = (hit.document, try snapshot.documentScalars(hit.document)) }
            results.append(try body(hit, loaded?.scalars ?? []))
        }
        return results
    }

    private static func text(_ scalars: [Unicode.Scalar], _ range: Range<Int>, flat: Bool) -> String {
        var view = String.UnicodeScalarView()
        let clamped = range.clamped(to: 0..<scalars.count)
        view.append(contentsOf: scalars[clamped])
        return flat ? Self.flat(String(view)) : String(view)
    }

    /// Line breaks and tabs as single spaces, scalar for scalar, so widths still line up.
    private static func flat(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar
        }))
    }
}

/// Where the hits of one search lie, worked out once.
private final class LocatedHits: Sendable {
    private let locate: @Sendable () throws -> [TextHit]
    private let cache = Mutex<[TextHit]?>(nil)

    init(_ locate: @escaping @Sendable () throws -> [TextHit]) { self.locate = locate }

    func value() throws -> [TextHit] {
        if let hits = cache.withLock({ $0 }) { return hits }
        let hits = try locate()
        cache.withLock { $0 = hits }
        return hits
    }
}
