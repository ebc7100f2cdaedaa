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
    /// Start and end of each coded span, by document row, sorted by start.
    private var spans: [Int32: [(start: Int, end: Int)]] = [:]

    init(_ query: Query) throws {
        let selection = try Selection(query, reading: [])
        let columns = query.snapshot.columns
        let used = query.quotedSegments(selection)
        for segment in used.indices where used[segment] {
            let span = (start: Int(columns.segmentStart[segment]), end: Int(columns.segmentEnd[segment]))
            spans[columns.segmentDocument[segment], default: []].append(span)
        }
        for document in spans.keys { spans[document]?.sort { $0.start < $1.start } }
    }

    /// The hits that lie wholly inside a span (`inside`), or that touch no span at all.
    func keeping(_ hits: [TextHit], inside: Bool) -> [TextHit] {
        hits.filter { hit in
            let spans = self.spans[hit.document] ?? []
            if inside { return spans.contains { $0.start <= hit.start && hit.end <= $0.end } }
            return !spans.contains { $0.start < hit.end && hit.start < $0.end }
        }
    }
}
