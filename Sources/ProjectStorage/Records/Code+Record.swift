import GRDB
import StudyModel

extension Code: FetchableRecord, PersistableRecord {
    /// Stored in the `codes` table; mappings live in `code_bcts` and `code_principles`.
    public static let databaseTableName = "codes"

    /// Reads a `codes` row. Mappings are left empty; `Code.fetchAllWithMappings` fills them.
    public init(row: Row) throws {
        let id: String = row["id"]
        let levelText: String = row["level"]
        guard let level = CodeLevel(rawValue: levelText) else {
            throw CorpusError.invalidCodeLevel(codeID: id, level: levelText)
        }
        self.init(id: id, codebook: row["codebook"], parentID: row["parent_id"], label: row["label"],
                  description: row["description"], colour: row["colour"], level: level, guid: row["guid"],
                  sortOrder: row["sort_order"])
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
