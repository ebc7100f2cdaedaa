import GRDB

/// The depth of a code in a codebook tree.
public enum CodeLevel: String, CaseIterable, Sendable, Codable {
    /// A top-level theme.
    case theme
    /// A grouping of codes under a theme.
    case category
    /// A code applied to text.
    case code
}

/// A link from a code to a technique or principle, with a one-line reason for it.
public struct CodeMapping: Hashable, Sendable, Codable {
    /// The technique id (`3.3`, `17.1`) or principle id (`P2`, `DIV`) the code maps to.
    public var targetID: String
    /// Why the code is taken as evidence of that technique or principle.
    public var rationale: String?

    /// Makes a mapping.
    public init(targetID: String, rationale: String? = nil) {
        self.targetID = targetID
        self.rationale = rationale
    }
}

/// One node of a codebook (a row of `codes`, with its rows of `code_bcts` and `code_principles`).
public struct Code: Hashable, Sendable, Codable {
    /// Code identifier, unique across all codebooks of a project (e.g. `cm.trust.connection`).
    public var id: String
    /// The codebook the code belongs to (e.g. `change-model`).
    public var codebook: String
    /// The parent code, nil for a top-level theme.
    public var parentID: String?
    /// Short name of the code.
    public var label: String
    /// What the code covers.
    public var description: String?
    /// Display colour as `#RRGGBB`.
    public var colour: String?
    /// Theme, category or code.
    public var level: CodeLevel
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?
    /// Position among its siblings.
    public var sortOrder: Int
    /// Techniques this code is evidence of.
    public var bcts: [CodeMapping]
    /// Principles this code is evidence of.
    public var principles: [CodeMapping]

    /// Makes a code.
    public init(
        id: String, codebook: String, parentID: String? = nil, label: String, description: String? = nil,
        colour: String? = nil, level: CodeLevel, guid: String? = nil, sortOrder: Int = 0,
        bcts: [CodeMapping] = [], principles: [CodeMapping] = []
    ) {
        self.id = id
        self.codebook = codebook
        self.parentID = parentID
        self.label = label
        self.description = description
        self.colour = colour
        self.level = level
        self.guid = guid
        self.sortOrder = sortOrder
        self.bcts = bcts
        self.principles = principles
    }
}

extension Code: FetchableRecord, PersistableRecord {
    /// Stored in the `codes` table; mappings live in `code_bcts` and `code_principles`.
    public static let databaseTableName = "codes"

    /// Reads a `codes` row. Mappings are left empty; `Code.fetchAllWithMappings` fills them.
    public init(row: Row) throws {
        id = row["id"]
        codebook = row["codebook"]
        parentID = row["parent_id"]
        label = row["label"]
        description = row["description"]
        colour = row["colour"]
        let levelText: String = row["level"]
        guard let level = CodeLevel(rawValue: levelText) else {
            throw CorpusError.invalidCodeLevel(codeID: id, level: levelText)
        }
        self.level = level
        guid = row["guid"]
        sortOrder = row["sort_order"]
        bcts = []
        principles = []
    }

    /// Writes the columns of a `codes` row (not the mappings; see `insertWithMappings`).
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["codebook"] = codebook
        container["parent_id"] = parentID
        container["label"] = label
        container["description"] = description
        container["colour"] = colour
        container["level"] = level.rawValue
        container["guid"] = guid
        container["sort_order"] = sortOrder
    }

    /// Inserts the code and its technique and principle mappings.
    public func insertWithMappings(_ db: Database) throws {
        try insert(db)
        for mapping in bcts {
            try db.execute(
                sql: "INSERT INTO code_bcts (code_id, bct_id, rationale) VALUES (?, ?, ?)",
                arguments: [id, mapping.targetID, mapping.rationale])
        }
        for mapping in principles {
            try db.execute(
                sql: "INSERT INTO code_principles (code_id, principle_id, rationale) VALUES (?, ?, ?)",
                arguments: [id, mapping.targetID, mapping.rationale])
        }
    }

    /// All codes with their mappings, ordered by codebook, sort order and id.
    public static func fetchAllWithMappings(_ db: Database) throws -> [Code] {
        var codes = try Code.fetchAll(db, sql: "SELECT * FROM codes ORDER BY codebook, sort_order, id")
        var bcts: [String: [CodeMapping]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM code_bcts ORDER BY code_id, rowid") {
            bcts[row["code_id"], default: []].append(CodeMapping(targetID: row["bct_id"], rationale: row["rationale"]))
        }
        var principles: [String: [CodeMapping]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM code_principles ORDER BY code_id, rowid") {
            principles[row["code_id"], default: []].append(
                CodeMapping(targetID: row["principle_id"], rationale: row["rationale"]))
        }
        for index in codes.indices {
            codes[index].bcts = bcts[codes[index].id] ?? []
            codes[index].principles = principles[codes[index].id] ?? []
        }
        return codes
    }
}
