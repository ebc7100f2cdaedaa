import Foundation
import GRDB

/// A search that reads every text rather than the index: regular expressions, and text found
/// inside words. The expression engine reports progress during long matches, so a pattern that
/// backtracks for ever still stops when the limits say so.
struct TextScan {
    let pattern: String
    let caseSensitive: Bool
    let limits: RunLimits

    func hits(_ db: Database, rows: [Int64: Int32]) throws -> [TextHit] {
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(
                pattern: pattern, options: caseSensitive ? [] : [.caseInsensitive])
        } catch {
            throw QueryError.invalidArgument("'\(pattern)' is not a valid regular expression (ICU syntax); check its brackets and escapes")
        }
        var hits: [TextHit] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT rowid, text FROM documents ORDER BY rowid")
        while let row = try cursor.next() {
            try limits.checkStop()
            guard let document = rows[row[0]] else { continue }
            let text: String = row[1] ?? ""
            hits += try scan(text, document: document, with: expression)
        }
        return hits.sorted()
    }

    /// The matches in one text, as hits; empty matches are skipped.
    private func scan(_ text: String, document: Int32, with expression: NSRegularExpression) throws -> [TextHit] {
        var ranges: [NSRange] = []
        var stopped: Error?
        let whole = NSRange(location: 0, length: (text as NSString).length)
        expression.enumerateMatches(in: text, options: [.reportProgress], range: whole) { match, _, stop in
            do {
                try limits.checkStop()
            } catch {
                stopped = error
                stop.pointee = true
                return
            }
            if let match, match.range.length > 0 { ranges.append(match.range) }
        }
        if let stopped { throw stopped }
        guard !ranges.isEmpty else { return [] }
        let offsets = UTF16Offsets(text)
        let utf16 = Array(text.utf16)
        return ranges.map { range in
            let piece = String(decoding: utf16[range.location..<(range.location + range.length)], as: UTF16.self)
            return TextHit(document: document, start: offsets.scalar(atUnit: range.location),
                           end: offsets.scalar(atUnit: range.location + range.length), text: piece)
        }
    }
}

/// UTF-16 offsets (what the expression engine reports) to Unicode scalar offsets.
private struct UTF16Offsets {
    private let scalarsBefore: [Int32]

    init(_ text: String) {
        var before: [Int32] = []
        before.reserveCapacity(text.utf16.count + 1)
        var count: Int32 = 0
        for scalar in text.unicodeScalars {
            for _ in 0..<scalar.utf16.count { before.append(count) }
            count += 1
        }
        before.append(count)
        scalarsBefore = before
    }

    func scalar(atUnit offset: Int) -> Int { Int(scalarsBefore[min(max(0, offset), scalarsBefore.count - 1)]) }
}

/// The coded spans of one query's rows, by document: which text counts as coded by it.
struct CodedSpans {
    /// Per document row, the spans merged into disjoint intervals, sorted.
    private var intervals: [Int32: [Range<Int>]] = [:]

    init(_ query: Query) throws {
        let selection = try Selection(query, reading: [])
        let columns = query.snapshot.columns
        let used = query.quotedSegments(selection)
        var spans: [Int32: [Range<Int>]] = [:]
        for segment in used.indices where used[segment] {
            let span = Int(columns.segmentStart[segment])..<Int(columns.segmentEnd[segment])
            spans[columns.segmentDocument[segment], default: []].append(span)
        }
        intervals = spans.mapValues(Self.merged)
    }

    /// The spans of these hits, as `within` a search's hits takes them.
    init(_ hits: [TextHit]) {
        intervals = Dictionary(grouping: hits, by: \.document).mapValues { Self.merged($0.map { $0.start..<$0.end }) }
    }

    /// Whether any text of the document is covered.
    func covers(document: Int32) -> Bool { intervals[document] != nil }

    /// The hits that lie wholly inside a span (`inside`), or that touch no span at all.
    func keeping(_ hits: [TextHit], inside: Bool) -> [TextHit] {
        hits.filter { hit in
            inside ? contains(hit.document, hit.start, hit.end) : !touches(hit.document, hit.start, hit.end)
        }
    }

    /// Whether `start..<end` lies inside one merged span of the document (binary search).
    func contains(_ document: Int32, _ start: Int, _ end: Int) -> Bool {
        guard let spans = intervals[document], let index = Self.last(in: spans, startingBy: start) else { return false }
        return end <= spans[index].upperBound
    }

    /// Whether `start..<end` overlaps any span of the document.
    func touches(_ document: Int32, _ start: Int, _ end: Int) -> Bool {
        guard let spans = intervals[document] else { return false }
        if let index = Self.last(in: spans, startingBy: start), spans[index].upperBound > start { return true }
        let next = (Self.last(in: spans, startingBy: start) ?? -1) + 1
        return next < spans.count && spans[next].lowerBound < end
    }

    /// The last span starting at or before `offset`.
    private static func last(in spans: [Range<Int>], startingBy offset: Int) -> Int? {
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// Overlapping or touching spans joined, sorted by start.
    private static func merged(_ spans: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, span.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                result.append(span)
            }
        }
        return result
    }
}
