import Foundation
import GRDB
import StudyModel

extension ProjectEdits {
    /// A new code for ``addCode(_:_:)``.
    public struct NewCode: Sendable {
        public var id: String
        public var label: String
        public var parentID: String?
        /// `theme`, `category` or `code`; nil to take the level below the parent's (a theme
        /// without a parent).
        public var level: String?
        /// The codebook; nil for the parent's, or `project`.
        public var codebook: String?
        public var description: String?
        /// `#RRGGBB`.
        public var colour: String?

        /// A code with an id and label and every other property to be chosen.
        public init(id: String, label: String, parentID: String? = nil, level: String? = nil, codebook: String? = nil,
                    description: String? = nil, colour: String? = nil) {
            self.id = id
            self.label = label
            self.parentID = parentID
            self.level = level
            self.codebook = codebook
            self.description = description
            self.colour = colour
        }
    }

    static let levels = ["theme", "category", "code"]

    /// Adds a code to the codebook, last among its siblings.
    public static func addCode(_ db: Database, _ code: NewCode) throws {
        guard !code.id.isEmpty, !code.label.isEmpty else { throw ProjectEditError("a new code needs a non-empty id and label") }
        guard try count(db, "SELECT count(*) FROM codes WHERE id = ?", [code.id]) == 0 else {
            throw ProjectEditError("the project already has a code '\(code.id)'; choose another id or rename that one")
        }
        var parentLevel: String?, parentCodebook: String?
        if let parentID = code.parentID {
            guard let parent = try Row.fetchOne(db, sql: "SELECT level, codebook FROM codes WHERE id = ?", arguments: [parentID]) else {
                throw ProjectEditError("the project has no code '\(parentID)' to be the parent of '\(code.id)'")
            }
            parentLevel = parent["level"]
            parentCodebook = parent["codebook"]
        }
        let level = code.level ?? parentLevel.flatMap { levels.firstIndex(of: $0) }.map { levels[min($0 + 1, 2)] } ?? "theme"
        guard levels.contains(level) else {
            throw ProjectEditError("a code's level is 'theme', 'category' or 'code', not '\(level)'")
        }
        if let colour = code.colour { try checkColour(colour) }
        let order = try count(db, "SELECT coalesce(max(sort_order) + 1, 0) FROM codes WHERE parent_id IS ?", [code.parentID])
        try db.execute(sql: """
            INSERT INTO codes (id, codebook, parent_id, label, description, colour, level, sort_order)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [code.id, code.codebook ?? parentCodebook ?? "project", code.parentID, code.label,
                             code.description, code.colour, level, order])
    }

    private static func checkColour(_ colour: String) throws {
        let hex = colour.dropFirst()
        guard colour.hasPrefix("#"), hex.count == 6, hex.allSatisfy(\.isHexDigit) else {
            throw ProjectEditError("a colour is written '#RRGGBB' (such as '#1F77B4'), not '\(colour)'")
        }
    }

    /// Gives code `id` a new label.
    public static func renameCode(_ db: Database, _ id: String, label: String) throws {
        try requireRow(db, "codes", id, what: "code")
        guard !label.isEmpty else { throw ProjectEditError("a code's label cannot be empty") }
        try db.execute(sql: "UPDATE codes SET label = ? WHERE id = ?", arguments: [label, id])
    }

    /// Moves code `id` under `parentID` (nil: to the top), last among its new siblings.
    public static func moveCode(_ db: Database, _ id: String, under parentID: String?) throws {
        try requireRow(db, "codes", id, what: "code")
        if let parentID {
            try requireRow(db, "codes", parentID, what: "code")
            var ancestor: String? = parentID
            while let current = ancestor {
                guard current != id else { throw ProjectEditError("code '\(id)' cannot move under itself or one of its own codes ('\(parentID)')") }
                ancestor = try String.fetchOne(db, sql: "SELECT parent_id FROM codes WHERE id = ?", arguments: [current])
            }
        }
        let order = try count(db, "SELECT coalesce(max(sort_order) + 1, 0) FROM codes WHERE parent_id IS ? AND id <> ?", [parentID, id])
        try db.execute(sql: "UPDATE codes SET parent_id = ?, sort_order = ? WHERE id = ?", arguments: [parentID, order, id])
    }

    /// Merges code `from` into `into`: its codings, child codes, mappings, memos and set
    /// memberships move to `into` (mappings `into` has already are kept as they are), then
    /// `from` is deleted. Returns how many codings moved.
    @discardableResult
    public static func mergeCodes(_ db: Database, _ from: String, into: String) throws -> Int {
        try requireRow(db, "codes", from, what: "code")
        try requireRow(db, "codes", into, what: "code")
        guard from != into else { throw ProjectEditError("a code cannot be merged into itself ('\(from)')") }
        var ancestor: String? = into
        while let current = ancestor {
            guard current != from else { throw ProjectEditError("code '\(from)' cannot be merged into '\(into)', which lies under it") }
            ancestor = try String.fetchOne(db, sql: "SELECT parent_id FROM codes WHERE id = ?", arguments: [current])
        }
        try db.execute(sql: "UPDATE codings SET code_id = ? WHERE code_id = ?", arguments: [into, from])
        let moved = db.changesCount
        try db.execute(sql: "UPDATE codes SET parent_id = ? WHERE parent_id = ?", arguments: [into, from])
        for table in ["code_bcts", "code_principles"] {
            try db.execute(sql: "UPDATE OR IGNORE \(table) SET code_id = ? WHERE code_id = ?", arguments: [into, from])
            try db.execute(sql: "DELETE FROM \(table) WHERE code_id = ?", arguments: [from])
        }
        try db.execute(sql: "UPDATE notes SET target_id = ? WHERE target_kind = 'code' AND target_id = ?", arguments: [into, from])
        try db.execute(sql: "UPDATE OR IGNORE set_members SET member_id = ? WHERE member_kind = 'code' AND member_id = ?", arguments: [into, from])
        try db.execute(sql: "DELETE FROM set_members WHERE member_kind = 'code' AND member_id = ?", arguments: [from])
        try db.execute(sql: "DELETE FROM codes WHERE id = ?", arguments: [from])
        return moved
    }

    /// Deletes code `id`, with its mappings. Refuses a code that codings use or that has codes under it.
    public static func deleteCode(_ db: Database, _ id: String) throws {
        try requireRow(db, "codes", id, what: "code")
        let used = try count(db, "SELECT count(*) FROM codings WHERE code_id = ?", [id])
        guard used == 0 else {
            throw ProjectEditError("code '\(id)' is used by \(used) coding\(used == 1 ? "" : "s"); merge it into another code, or remove its codings first")
        }
        let children = try count(db, "SELECT count(*) FROM codes WHERE parent_id = ?", [id])
        guard children == 0 else {
            throw ProjectEditError("code '\(id)' has \(children) code\(children == 1 ? "" : "s") under it; move or delete them first")
        }
        try db.execute(sql: "DELETE FROM code_bcts WHERE code_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM code_principles WHERE code_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM codes WHERE id = ?", arguments: [id])
    }

    /// What a code maps to: a technique or a principle.
    public enum MappingTarget: Sendable, Hashable {
        case technique(String)
        case principle(String)

        var table: String { if case .technique = self { "code_bcts" } else { "code_principles" } }
        var column: String { if case .technique = self { "bct_id" } else { "principle_id" } }
        var id: String { switch self { case .technique(let id), .principle(let id): id } }
    }

    /// Maps code `id` to a technique or principle, replacing the rationale of a mapping it has.
    /// The caller checks that the technique or principle exists.
    public static func mapCode(_ db: Database, _ id: String, to target: MappingTarget, rationale: String?) throws {
        try requireRow(db, "codes", id, what: "code")
        try db.execute(sql: """
            INSERT INTO \(target.table) (code_id, \(target.column), rationale) VALUES (?, ?, ?)
            ON CONFLICT DO UPDATE SET rationale = excluded.rationale
            """, arguments: [id, target.id, rationale])
    }

    /// Removes a mapping; returns whether there was one.
    @discardableResult
    public static func unmapCode(_ db: Database, _ id: String, from target: MappingTarget) throws -> Bool {
        try requireRow(db, "codes", id, what: "code")
        try db.execute(sql: "DELETE FROM \(target.table) WHERE code_id = ? AND \(target.column) = ?", arguments: [id, target.id])
        return db.changesCount > 0
    }
}
