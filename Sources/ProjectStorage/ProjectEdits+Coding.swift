import Foundation
import GRDB
import StudyModel

extension ProjectEdits {
    /// A stretch of a document to code: `start` inclusive and `end` exclusive, in Unicode
    /// scalars (code points), as segments store them. An existing segment may be named.
    public struct Span: Sendable, Hashable {
        public var documentID: String
        public var start: Int
        public var end: Int
        /// The segment these offsets come from, when coding a query's segments.
        public var segmentID: Int64?

        /// A span of a document.
        public init(documentID: String, start: Int, end: Int, segmentID: Int64? = nil) {
            self.documentID = documentID
            self.start = start
            self.end = end
            self.segmentID = segmentID
        }
    }

    /// What a coding applies: a codebook code, a technique or a principle. The caller checks
    /// techniques and principles against its frameworks.
    public enum Applied: Sendable, Hashable {
        case code(String)
        case technique(String)
        case principle(String)

        var column: String {
            switch self {
            case .code: "code_id"
            case .technique: "bct_id"
            case .principle: "principle_id"
            }
        }
        var id: String { switch self { case .code(let id), .technique(let id), .principle(let id): id } }
    }

    /// How many codings a call added and how many it found already there.
    public struct CodingOutcome: Sendable, Hashable {
        public var added = 0
        public var alreadyCoded = 0
    }

    /// Codes every span with `applied` as coder `coderName`: each span's segment is the one
    /// named, or an existing segment with the same offsets, or a new one. A span the coder
    /// has already coded with the same thing is left as it is.
    public static func code(_ db: Database, spans: [Span], with applied: Applied, coder coderName: String,
                            memo: String? = nil, at date: Date = Date()) throws -> CodingOutcome {
        if case .code(let id) = applied {
            try requireRow(db, "codes", id, what: "code", hint: "; add it to the codebook first")
        }
        let coder = try coderID(db, named: coderName)
        var lengths: [String: Int] = [:]
        var outcome = CodingOutcome()
        let created = Coding.timestamp(date)
        for (index, span) in spans.enumerated() {
            let segment = try segmentID(db, for: span, number: index + 1, lengths: &lengths)
            let exists = try count(db, "SELECT count(*) FROM codings WHERE segment_id = ? AND coder_id = ? AND \(applied.column) = ?",
                                   [segment, coder, applied.id]) > 0
            if exists {
                outcome.alreadyCoded += 1
                continue
            }
            try db.execute(sql: "INSERT INTO codings (segment_id, \(applied.column), coder_id, created_at, memo) VALUES (?, ?, ?, ?, ?)",
                           arguments: [segment, applied.id, coder, created, memo])
            outcome.added += 1
        }
        return outcome
    }

    /// The segment for a span, checked against its document and made when there is none.
    private static func segmentID(_ db: Database, for span: Span, number: Int, lengths: inout [String: Int]) throws -> Int64 {
        if let id = span.segmentID {
            guard try count(db, "SELECT count(*) FROM segments WHERE id = ?", [id]) > 0 else {
                throw ProjectEditError("span \(number): the project has no segment \(id)")
            }
            return id
        }
        if lengths[span.documentID] == nil {
            guard let text = try String.fetchOne(db, sql: "SELECT text FROM documents WHERE id = ?", arguments: [span.documentID]) else {
                throw ProjectEditError("span \(number): the project has no document '\(span.documentID)'")
            }
            lengths[span.documentID] = text.unicodeScalars.count
        }
        let length = lengths[span.documentID]!
        guard span.start >= 0, span.start < span.end, span.end <= length else {
            throw ProjectEditError("span \(number): \(span.start)–\(span.end) is not a stretch of document '\(span.documentID)', "
                + "which has \(length) characters; give 0 ≤ start < end ≤ \(length), counting code points, end exclusive")
        }
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM segments WHERE document_id = ? AND start = ? AND end = ? ORDER BY id LIMIT 1",
                                       arguments: [span.documentID, span.start, span.end]) {
            return id
        }
        try db.execute(sql: "INSERT INTO segments (document_id, start, end) VALUES (?, ?, ?)",
                       arguments: [span.documentID, span.start, span.end])
        return db.lastInsertedRowID
    }

    /// One span per document, covering its whole text.
    public static func wholeDocuments(_ db: Database, _ ids: [String]) throws -> [Span] {
        try ids.map { id in
            guard let text = try String.fetchOne(db, sql: "SELECT text FROM documents WHERE id = ?", arguments: [id]) else {
                throw ProjectEditError("the project has no document '\(id)'")
            }
            return Span(documentID: id, start: 0, end: text.unicodeScalars.count)
        }
    }

    /// Deletes the codings with these numbers (and the memos on them); returns how many went.
    @discardableResult
    public static func removeCodings(_ db: Database, ids: [Int64]) throws -> Int {
        var removed = 0
        for id in ids {
            if let guid = try String.fetchOne(db, sql: "SELECT guid FROM codings WHERE id = ?", arguments: [id]) {
                try db.execute(sql: "DELETE FROM notes WHERE target_kind = 'coding' AND target_id = ?", arguments: [guid])
            }
            try db.execute(sql: "DELETE FROM codings WHERE id = ?", arguments: [id])
            removed += db.changesCount
        }
        return removed
    }

    /// Makes the codings with these numbers apply `applied` instead; returns how many changed.
    @discardableResult
    public static func recode(_ db: Database, ids: [Int64], to applied: Applied) throws -> Int {
        if case .code(let id) = applied {
            try requireRow(db, "codes", id, what: "code", hint: "; add it to the codebook first")
        }
        let columns = ["code_id", "bct_id", "principle_id"].map { "\($0) = " + ($0 == applied.column ? "?" : "NULL") }
        var changed = 0
        for id in ids {
            try db.execute(sql: "UPDATE codings SET \(columns.joined(separator: ", ")) WHERE id = ? AND \(applied.column) IS NOT ?",
                           arguments: [applied.id, id, applied.id])
            changed += db.changesCount
        }
        return changed
    }
}
