import Crypto
import GRDB

/// A transcript or other text (a row of `documents`).
public struct Document: Hashable, Sendable {
    /// Document identifier.
    public var id: String
    /// Title shown in lists.
    public var title: String
    /// The participant the text comes from, if any.
    public var participantID: String?
    /// The case the text belongs to, if any.
    public var caseID: String?
    /// The full text, exactly as imported. Segment offsets count its Unicode scalars.
    public var text: String
    /// SHA-256 of the UTF-8 text, lowercase hex.
    public var contentHash: String
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?
    /// Further facts about the document (source file, interview date, …), all as text.
    public var metadata: [String: String]

    /// Makes a document and computes its content hash from `text`.
    public init(
        id: String, title: String, participantID: String? = nil, caseID: String? = nil, text: String,
        guid: String? = nil, metadata: [String: String] = [:]
    ) {
        self.id = id
        self.title = title
        self.participantID = participantID
        self.caseID = caseID
        self.text = text
        self.contentHash = Document.contentHash(of: text)
        self.guid = guid
        self.metadata = metadata
    }

    /// SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits.
    public static func contentHash(of text: String) -> String {
        let digest = SHA256.hash(data: Array(text.utf8))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The number of Unicode scalars in the text: the exclusive upper bound for segment ends.
    public var length: Int { text.unicodeScalars.count }
}

extension Document: FetchableRecord, PersistableRecord {
    /// Stored in the `documents` table.
    public static let databaseTableName = "documents"

    /// Reads a `documents` row; the stored hash is kept as it is, not recomputed.
    public init(row: Row) throws {
        id = row["id"]
        title = row["title"]
        participantID = row["participant_id"]
        caseID = row["case_id"]
        text = row["text"]
        contentHash = row["content_hash"]
        guid = row["guid"]
        metadata = try decodeJSONColumn(row, "metadata", table: "documents", rowID: id)
    }

    /// Writes the columns of a `documents` row.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["title"] = title
        container["participant_id"] = participantID
        container["case_id"] = caseID
        container["text"] = text
        container["content_hash"] = contentHash
        container["guid"] = guid
        container["metadata"] = JSONColumn.encode(metadata)
    }
}
