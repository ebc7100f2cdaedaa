import Foundation
import GRDB
import StudyModel

extension TaxonomyExtension {
    /// Stores the extension's techniques in `taxonomy_extensions`, one row each.
    public func insert(_ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO taxonomy_extensions (bct_id, group_id, group_label, label, definition, framework)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for group in groups {
            for technique in group.techniques {
                try statement.execute(arguments: [
                    technique.id, group.id, group.label, technique.label, technique.definition, framework,
                ])
            }
        }
    }

    /// Stores what the extension adds to the project's taxonomy (see `Taxonomy.merged(with:)`):
    /// techniques the project already has identically are skipped, a clash throws. Returns the
    /// groups gained, holding only the techniques that were new.
    @discardableResult
    public func merge(into db: Database) throws -> [BCTGroup] {
        let (_, added) = try Taxonomy.load(db).merged(with: self)
        if !added.isEmpty { try TaxonomyExtension(framework: framework, groups: added).insert(db) }
        return added
    }

    /// The extensions stored in a project, in the order their rows were written.
    public static func fetchAll(_ db: Database) throws -> [TaxonomyExtension] {
        var frameworks: [String] = []
        var groupsByFramework: [String: [BCTGroup]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM taxonomy_extensions ORDER BY rowid") {
            let framework: String = row["framework"]
            let groupID: String = row["group_id"]
            let technique = BCT(id: row["bct_id"], label: row["label"], groupID: groupID,
                                definition: row["definition"], framework: framework)
            if groupsByFramework[framework] == nil { frameworks.append(framework) }
            var groups = groupsByFramework[framework, default: []]
            if let index = groups.firstIndex(where: { $0.id == groupID }) {
                groups[index].techniques.append(technique)
            } else {
                groups.append(BCTGroup(id: groupID, label: row["group_label"], framework: framework, techniques: [technique]))
            }
            groupsByFramework[framework] = groups
        }
        return try frameworks.map { try TaxonomyExtension(framework: $0, groups: groupsByFramework[$0]!) }
    }
}

extension Taxonomy {
    /// The standard taxonomy extended with every extension stored in the project.
    public static func load(_ db: Database) throws -> Taxonomy {
        try TaxonomyExtension.fetchAll(db).reduce(Taxonomy.standard) { try $0.extended(with: $1) }
    }
}

extension FidelityItem: ProjectRecord, PersistableRecord {
    /// Stored in the `fidelity_items` table.
    public static let databaseTableName = "fidelity_items"
}

extension FidelityRating: FetchableRecord, PersistableRecord {
    /// Stored in the `fidelity_ratings` table.
    public static let databaseTableName = "fidelity_ratings"

    /// Reads a `fidelity_ratings` row; the schema guarantees exactly one of case and participant.
    public init(row: Row) {
        let caseID: String? = row["case_id"]
        let target: FidelityTarget = caseID.map(FidelityTarget.studyCase) ?? .participant(row["participant_id"])
        self.init(itemID: row["item_id"], target: target, rater: row["rater"], value: row["value"])
    }

    /// Writes the columns of a `fidelity_ratings` row.
    public func encode(to container: inout PersistenceContainer) {
        container["item_id"] = itemID
        switch target {
        case let .studyCase(id):
            container["case_id"] = id
            container["participant_id"] = nil as String?
        case let .participant(id):
            container["case_id"] = nil as String?
            container["participant_id"] = id
        }
        container["rater"] = rater
        container["value"] = value
    }
}

extension FidelityModel {
    /// The fidelity items stored in a project.
    public static func load(_ db: Database, principles: PrinciplesFramework = .standard) throws -> FidelityModel {
        try FidelityModel(items: FidelityItem.fetchAll(db, sql: "SELECT * FROM fidelity_items ORDER BY rowid"),
                          principles: principles)
    }

    /// Case scores of the ratings stored in a project (participant ratings count for their case).
    public func caseScores(_ db: Database) throws -> [FidelityScore] {
        let ratings = try FidelityRating.fetchAll(db, sql: "SELECT * FROM fidelity_ratings ORDER BY rowid")
        return try caseScores(ratings, caseOf: ProjectStore.participantCases(db))
    }

    /// Principle evidence per case from the codings stored in a project. A document's case is
    /// its own `case_id`, or else its participant's case; codings of documents with neither are
    /// left out.
    public static func evidence(_ db: Database, principles: PrinciplesFramework = .standard) throws -> [PrincipleEvidence] {
        var codePrinciples: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code_id, principle_id FROM code_principles") {
            codePrinciples[row["code_id"], default: []].append(row["principle_id"])
        }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT COALESCE(d.case_id, p.case_id) AS case_id, c.segment_id, c.code_id, c.bct_id, c.principle_id
            FROM codings c
            JOIN segments s ON s.id = c.segment_id
            JOIN documents d ON d.id = s.document_id
            LEFT JOIN participants p ON p.id = d.participant_id
            WHERE COALESCE(d.case_id, p.case_id) IS NOT NULL
            """)
        var codings: [EvidenceCoding] = []
        while let row = try rows.next() {
            let target: CodingTarget
            if let code: String = row["code_id"] {
                target = .code(code)
            } else if let principle: String = row["principle_id"] {
                target = .principle(principle)
            } else {
                target = .bct(row["bct_id"])
            }
            codings.append(EvidenceCoding(caseID: row["case_id"], segmentID: row["segment_id"], target: target))
        }
        return evidence(codings, codePrinciples: codePrinciples, principles: principles)
    }
}

extension ProjectStore {
    /// Creates a project file holding the built-in codebooks (or none, with `empty`): what
    /// `peerscript init` makes, and `import` too when its project does not exist yet, so codes
    /// of the built-in codebooks can be named in what is imported.
    public static func createProject(at url: URL, title: String? = nil, empty: Bool = false) throws -> ProjectStore {
        let store = try create(at: url, title: title)
        guard !empty else { return store }
        do {
            try store.write { db in
                for codebook in Codebook.builtIn { try codebook.insert(db) }
            }
        } catch {
            try? store.close()
            throw error
        }
        return store
    }
}
