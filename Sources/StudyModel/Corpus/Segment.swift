
/// A span of a document's text (a row of `segments`). Offsets count Unicode scalars;
/// `start` is inclusive and `end` exclusive.
public struct Segment: Hashable, Sendable, Codable {
    /// Row id, assigned by the store on insert.
    public var id: Int64?
    /// The document the span belongs to.
    public var documentID: String
    /// First scalar of the span.
    public var start: Int
    /// One past the last scalar of the span.
    public var end: Int
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?

    /// The Codable form uses the column names of `segments`.
    private enum CodingKeys: String, CodingKey {
        case id, documentID = "document_id", start, end, guid
    }

    /// Makes a segment without checking it against a text; see `init(document:start:end:)`.
    public init(id: Int64? = nil, documentID: String, start: Int, end: Int, guid: String? = nil) {
        self.id = id
        self.documentID = documentID
        self.start = start
        self.end = end
        self.guid = guid
    }

    /// Makes a segment of `document`, throwing `CorpusError.segmentOutOfRange` when the span
    /// does not lie within its text.
    public init(document: Document, start: Int, end: Int, guid: String? = nil) throws {
        self.init(documentID: document.id, start: start, end: end, guid: guid)
        try validate(length: document.length)
    }

    /// Checks the span against a text of `length` scalars.
    public func validate(length: Int) throws {
        guard start >= 0, end >= start, end <= length else {
            throw CorpusError.segmentOutOfRange(documentID: documentID, start: start, end: end, length: length)
        }
    }

    /// Checks the span against the text of its document.
    public func validate(against text: String) throws {
        try validate(length: text.unicodeScalars.count)
    }

    /// The spanned part of `text`; throws when the span does not fit.
    public func excerpt(of text: String) throws -> String {
        let scalars = text.unicodeScalars
        // Walk only as far as `end`, so excerpts near the start of a long text stay cheap.
        guard start >= 0, end >= start,
              let lower = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex),
              let upper = scalars.index(lower, offsetBy: end - start, limitedBy: scalars.endIndex)
        else {
            throw CorpusError.segmentOutOfRange(
                documentID: documentID, start: start, end: end, length: scalars.count)
        }
        return String(scalars[lower..<upper])
    }
}
