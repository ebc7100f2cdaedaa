import Crypto

/// A transcript or other text (a row of `documents`).
public struct Document: Hashable, Sendable, Codable {
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
    @JSONTextAttributes public var metadata: [String: String]

    /// The Codable form uses the column names of `documents`.
    private enum CodingKeys: String, CodingKey {
        case id, title, participantID = "participant_id", caseID = "case_id", text, contentHash = "content_hash", guid, metadata
    }

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
