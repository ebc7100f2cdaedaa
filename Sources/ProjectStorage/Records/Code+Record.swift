import GRDB
import StudyModel

extension Code: ProjectRecord, PersistableRecord {
    /// Stored in the `codes` table; mappings live in `code_bcts` and `code_principles`.
    public static let databaseTableName = "codes"

    /// A level other than theme, category and code is reported as such.
    package static func unreadableValue(column: String, row: Row) -> any Error {
        guard column == "level" else { return invalidJSON(column: column, row: row) }
        return CorpusError.invalidCodeLevel(codeID: text(row["id"]), level: text(row["level"]))
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
