import GRDB

/// A note (memo) kept from or for REFI-QDA exchange: a row of `notes`.
package struct ProjectNote: RowIDRecord, Hashable, Sendable {
    /// Stored in the `notes` table.
    package static let databaseTableName = "notes"

    /// Row id, assigned by the store on insert.
    package var id: Int64?
    /// Globally unique id, when known.
    package var guid: String?
    /// The note's title.
    package var name: String?
    /// The note's text.
    package var text: String
    /// Who wrote it, as a name.
    package var author: String?
    /// When it was written, as ISO 8601 text.
    package var createdAt: String?
    /// What it is attached to: `project`, `document`, `code`, `case`, `segment` or `coding`.
    package var targetKind: String?
    /// The id of what it is attached to (a GUID for segments and codings).
    package var targetID: String?

    /// The Codable form uses the column names of `notes`.
    private enum CodingKeys: String, CodingKey {
        case id, guid, name, text, author, createdAt = "created_at", targetKind = "target_kind", targetID = "target_id"
    }

    /// Makes a note; leave `id` nil to let the store assign it.
    package init(id: Int64? = nil, guid: String? = nil, name: String?, text: String, author: String? = nil,
                 createdAt: String? = nil, targetKind: String?, targetID: String? = nil) {
        self.id = id
        self.guid = guid
        self.name = name
        self.text = text
        self.author = author
        self.createdAt = createdAt
        self.targetKind = targetKind
        self.targetID = targetID
    }
}
