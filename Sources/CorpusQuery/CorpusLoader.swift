import GRDB
import ProjectStorage
import StudyModel

/// Reads a project database into `CorpusColumns` with one pass per table, using statement
/// cursors and positional column access so that no record value is built per row.
struct CorpusLoader {
    var columns = CorpusColumns()
    private let taxonomy: Taxonomy
    private let principles: PrinciplesFramework
    /// BCT rows and principle rows each code maps to, by code row.
    var codeBCTs = RowLists()
    var codePrinciples = RowLists()
    var coderIndex: [Int64: Int32] = [:]
    /// Whether `load` took the segments and codings from the column cache.
    private(set) var restoredFromCache = false

    init(taxonomy: Taxonomy, principles: PrinciplesFramework) {
        self.taxonomy = taxonomy
        self.principles = principles
    }

    /// Loads every table the query engine uses, inside the caller's read transaction. The
    /// segments and codings come from the project's column cache when it holds them.
    mutating func load(_ db: Database, usingCache: Bool = true) throws -> CorpusColumns {
        try loadTechniques(db)
        loadPrinciples()
        try loadCases(db)
        try loadParticipants(db)
        try loadDocuments(db)
        try loadCoders(db)
        try loadCodes(db)
        restoredFromCache = try usingCache && ColumnCache.restore(into: &self, db)
        if !restoredFromCache {
            try loadSegments(db)
            try loadCodings(db)
        }
        return columns
    }

    // MARK: Frameworks

    /// The taxonomy's techniques, then the project's extension techniques it does not have.
    private mutating func loadTechniques(_ db: Database) throws {
        for group in taxonomy.groups {
            for technique in group.techniques {
                addTechnique(id: technique.id, label: technique.label, group: group.id,
                             groupLabel: group.label, framework: group.framework)
            }
        }
        let rows = try Row.fetchCursor(
            db, sql: "SELECT bct_id, group_id, group_label, label, framework FROM taxonomy_extensions ORDER BY rowid")
        while let row = try rows.next() {
            let id: String = row[0]
            guard columns.bctIDs.code(of: id) == nil else { continue }
            addTechnique(id: id, label: row[3], group: row[1], groupLabel: row[2], framework: row[4])
        }
    }

    private mutating func addTechnique(id: String, label: String?, group: String?, groupLabel: String?, framework: String?) {
        _ = columns.bctIDs.intern(id)
        columns.bctLabel.append(label)
        columns.bctGroup.append(group)
        columns.bctGroupLabel.append(groupLabel)
        columns.bctFramework.append(framework)
    }

    /// The row of a technique id, adding one for an id no framework knows. Such a technique
    /// keeps its id; its group is the part before the first dot, and it has no label.
    mutating func techniqueRow(_ id: String) -> Int32 {
        if let row = columns.bctIDs.code(of: id) { return row }
        let group = id.split(separator: ".", maxSplits: 1).first.map(String.init)
        addTechnique(id: id, label: nil, group: id.contains(".") ? group : nil, groupLabel: nil, framework: nil)
        return Int32(columns.bctIDs.count - 1)
    }

    private mutating func loadPrinciples() {
        for principle in principles.principles {
            _ = columns.principleIDs.intern(principle.id)
            columns.principleLabel.append(principle.label)
        }
    }

    /// The row of a principle id, adding an unlabelled one for an id the framework lacks.
    mutating func principleRow(_ id: String) -> Int32 {
        if let row = columns.principleIDs.code(of: id) { return row }
        _ = columns.principleIDs.intern(id)
        columns.principleLabel.append(nil)
        return Int32(columns.principleIDs.count - 1)
    }

    // MARK: People and places

    private mutating func loadCases(_ db: Database) throws {
        columns.caseAttributes = try loadRows(
            db, table: "cases", columns: "sector, label", ids: \.caseIDs
        ) { loader, row, _ in
            loader.columns.caseSector.append(row[1])
            loader.columns.caseLabel.append(row[2])
        }
    }

    private mutating func loadParticipants(_ db: Database) throws {
        columns.participantAttributes = try loadRows(
            db, table: "participants", columns: "role, case_id", ids: \.participantIDs
        ) { loader, row, id in
            loader.columns.participantRole.append(row[1])
            loader.columns.participantCase.append(
                try loader.reference(row[2], in: loader.columns.caseIDs, from: "participants", rowID: id, column: "case_id"))
        }
    }

    /// Reads a table whose rows carry attributes (cases, participants): numbers each row's id
    /// in `ids`, gives `read` the row (id first, then `columns`), and returns the attributes
    /// as one column per name.
    private mutating func loadRows(
        _ db: Database, table: String, columns names: String, ids: WritableKeyPath<CorpusColumns, StringDictionary>,
        read: (inout CorpusLoader, Row, String) throws -> Void
    ) throws -> [String: EncodedColumn] {
        var attributes: [[String: String]] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT id, \(names), attributes FROM \(table) ORDER BY rowid")
        while let row = try rows.next() {
            let id: String = row[0]
            _ = columns[keyPath: ids].intern(id)
            try read(&self, row, id)
            attributes.append(try Self.attributes(row[row.count - 1], table: table, rowID: id))
        }
        return Self.attributeColumns(attributes)
    }

    private mutating func loadDocuments(_ db: Database) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, title, participant_id, case_id FROM documents ORDER BY rowid")
        while let row = try rows.next() {
            let id: String = row[0]
            _ = columns.documentIDs.intern(id)
            columns.documentTitle.append(row[1])
            let participant = try reference(
                row[2], in: columns.participantIDs, from: "documents", rowID: id, column: "participant_id")
            let studyCase = try reference(row[3], in: columns.caseIDs, from: "documents", rowID: id, column: "case_id")
            columns.documentParticipant.append(participant)
            columns.documentCase.append(
                studyCase >= 0 || participant < 0 ? studyCase : columns.participantCase[Int(participant)])
        }
    }

    private mutating func loadCoders(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM coders ORDER BY id")
        while let row = try rows.next() {
            coderIndex[row[0]] = columns.coderNames.intern(row[1])
        }
    }

    // MARK: Codebook

    private mutating func loadCodes(_ db: Database) throws {
        var ids: [String] = []
        var parents: [String?] = []
        var labels: [String] = []
        var levels: [String?] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, codebook, parent_id, label, level FROM codes ORDER BY codebook, sort_order, rowid")
        while let row = try rows.next() {
            let id: String = row[0]
            _ = columns.codeIDs.intern(id)
            ids.append(id)
            columns.codeCodebook.append(row[1])
            parents.append(row[2])
            labels.append(row[3])
            levels.append(row[4])
            columns.codeLabel.append(row[3])
            columns.codeLevel.append(row[4])
        }
        for row in labels.indices {
            let chain = ancestry(row, parents: parents)
            columns.codePath.append(chain.reversed().map { labels[$0] }.joined(separator: " > "))
            columns.codeParent.append(chain.count > 1 ? ids[chain[1]] : nil)
            columns.codeCategory.append(chain.first { levels[$0] == "category" }.map { ids[$0] })
            columns.codeTheme.append(chain.first { levels[$0] == "theme" }.map { ids[$0] })
        }
        var bctPairs: [(row: Int32, value: Int32)] = []
        let bctRows = try Row.fetchCursor(db, sql: "SELECT code_id, bct_id FROM code_bcts ORDER BY code_id, bct_id")
        while let row = try bctRows.next() {
            guard let code = columns.codeIDs.code(of: row[0]) else { continue }
            bctPairs.append((code, techniqueRow(row[1])))
        }
        var principlePairs: [(row: Int32, value: Int32)] = []
        let principleRows = try Row.fetchCursor(
            db, sql: "SELECT code_id, principle_id FROM code_principles ORDER BY code_id, principle_id")
        while let row = try principleRows.next() {
            guard let code = columns.codeIDs.code(of: row[0]) else { continue }
            principlePairs.append((code, principleRow(row[1])))
        }
        codeBCTs = RowLists(rowCount: columns.codeIDs.count, pairs: bctPairs)
        codePrinciples = RowLists(rowCount: columns.codeIDs.count, pairs: principlePairs)
    }

    /// The code's row and its ancestors' rows, from the code up to its theme. A parent chain
    /// that loops or leaves the table stops where it breaks.
    private func ancestry(_ row: Int, parents: [String?]) -> [Int] {
        var chain = [row]
        var seen: Set<Int> = [row]
        while let parentID = parents[chain[chain.count - 1]], let parent = columns.codeIDs.code(of: parentID),
              seen.insert(Int(parent)).inserted {
            chain.append(Int(parent))
        }
        return chain
    }

    // MARK: Helpers

    /// The row a foreign key names in `ids`, -1 for NULL; a key naming no row is an error.
    private func reference(
        _ value: String?, in ids: StringDictionary, from table: String, rowID: String, column: String
    ) throws -> Int32 {
        guard let value else { return -1 }
        guard let row = ids.code(of: value) else {
            throw QueryError.danglingReference(table: table, rowID: rowID, column: column, value: value)
        }
        return row
    }

    /// A JSON attributes column as a dictionary, or an error naming the row.
    private static func attributes(_ text: String?, table: String, rowID: String) throws -> [String: String] {
        guard let values = AttributeColumn.decode(text ?? "{}") else {
            throw CorpusError.invalidJSONColumn(table: table, column: "attributes", rowID: rowID)
        }
        return values
    }

    /// One column per attribute name that any row uses.
    private static func attributeColumns(_ rows: [[String: String]]) -> [String: EncodedColumn] {
        let names = Set(rows.flatMap(\.keys))
        var result: [String: EncodedColumn] = [:]
        for name in names {
            result[name] = EncodedColumn(rows.map { $0[name] })
        }
        return result
    }
}
