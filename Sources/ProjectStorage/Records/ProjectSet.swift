import GRDB

/// A named group of documents, codes, cases and notes: a row of `sets`.
package struct ProjectSet: RowIDRecord, Hashable, Sendable {
    /// Stored in the `sets` table; members live in `set_members`.
    package static let databaseTableName = "sets"

    /// Row id, assigned by the store on insert.
    package var id: Int64?
    /// Globally unique id, when known.
    package var guid: String?
    /// The set's name.
    package var name: String
    /// What the set is for.
    package var description: String?

    /// Makes a set; leave `id` nil to let the store assign it.
    package init(id: Int64? = nil, guid: String? = nil, name: String, description: String? = nil) {
        self.id = id
        self.guid = guid
        self.name = name
        self.description = description
    }

    /// Adds a member to the stored set unless it has the member already.
    package func add(member kind: String, id memberID: String, _ db: Database) throws {
        try ProjectSetMember(setID: id!, memberKind: kind, memberID: memberID).insert(db, onConflict: .ignore)
    }

    /// The set's members, by kind and then id.
    package func members(_ db: Database) throws -> [ProjectSetMember] {
        try ProjectSetMember.filter(Column("set_id") == id)
            .order(Column("member_kind"), Column("member_id")).fetchAll(db)
    }
}

/// One member of a set: a row of `set_members`.
package struct ProjectSetMember: ProjectRecord, PersistableRecord, Hashable, Sendable {
    /// Stored in the `set_members` table.
    package static let databaseTableName = "set_members"

    /// The set.
    package var setID: Int64
    /// `document`, `code`, `case` or `note`.
    package var memberKind: String
    /// The member's id (a note's GUID for notes).
    package var memberID: String

    /// The Codable form uses the column names of `set_members`.
    private enum CodingKeys: String, CodingKey {
        case setID = "set_id", memberKind = "member_kind", memberID = "member_id"
    }
}
