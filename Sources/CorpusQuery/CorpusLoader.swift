import GRDB
import ProjectStorage
import StudyModel

/// Reads a project database into `CorpusColumns` with one pass per table, using statement
/// cursors and positional column access so that no record value is built per row.
struct CorpusLoader {
    private var columns = CorpusColumns()
    private let taxonomy: Taxonomy
    private let principles: PrinciplesFramework
    /// BCT rows and principle rows each code maps to, by code row.
    private var codeBCTs = RowLists()
    private var codePrinciples = RowLists()
    private var coderIndex: [Int64: Int32] = [:]

    init(taxonomy: Taxonomy, principles: PrinciplesFramework) {
        self.taxonomy = taxonomy
        self.principles = principles
    }

    /// Loads every table the query engine uses, inside the caller's read transaction.
    mutating func load(_ db: Database) throws -> CorpusColumns {
        try loadTechniques(db)
        loadPrinciples()
        try loadCases(db)
        try loadParticipants(db)
        try loadDocuments(db)
        try loadCoders(db)
        try loadCodes(db)
        try loadSegments(db)
        try loadCodings(db)
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
    private mutating func techniqueRow(_ id: String) -> Int32 {
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
    private mutating func principleRow(_ id: String) -> Int32 {
        if let row = columns.principleIDs.code(of: id) { return row }
        _ = columns.principleIDs.intern(id)
        columns.principleLabel.append(nil)
        return Int32(columns.principleIDs.count - 1)
    }

    // MARK: People and places

    private mutating func loadCases(_ db: Database) throws {
        var attributes: [[String: String]] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT id, sector, label, attributes FROM cases ORDER BY rowid")
        while let row = try rows.next() {
            let id: String = row[0]
            _ = columns.caseIDs.intern(id)
            columns.caseSector.append(row[1])
            columns.caseLabel.append(row[2])
            attributes.append(try Self.attributes(row[3], table: "cases", rowID: id))
        }
        columns.caseAttributes = Self.attributeColumns(attributes)
    }

    private mutating func loadParticipants(_ db: Database) throws {
        var attributes: [[String: String]] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, role, case_id, attributes FROM participants ORDER BY rowid")
        while let row = try rows.next() {
            let id: String = row[0]
            _ = columns.participantIDs.intern(id)
            columns.participantRole.append(row[1])
            columns.participantCase.append(
                try reference(row[2], in: columns.caseIDs, from: "participants", rowID: id, column: "case_id"))
            attributes.append(try Self.attributes(row[3], table: "participants", rowID: id))
        }
        columns.participantAttributes = Self.attributeColumns(attributes)
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

    // MARK: Segments and codings

    private mutating func loadSegments(_ db: Database) throws {
        // Locals rather than `columns.…` keep the loop free of reference counting.
        let documentIDs = columns.documentIDs
        var ids: [Int64] = [], documents: [Int32] = [], starts: [Int32] = [], ends: [Int32] = []
        var lastDocumentID = ""
        var lastDocument: Int32 = -1
        let rows = try Row.fetchCursor(db, sql: #"SELECT id, document_id, start, "end" FROM segments ORDER BY id"#)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let documentID: String = row[1]
            if lastDocument < 0 || documentID != lastDocumentID {
                guard let document = documentIDs.code(of: documentID) else {
                    throw QueryError.danglingReference(
                        table: "segments", rowID: String(id), column: "document_id", value: documentID)
                }
                lastDocumentID = documentID
                lastDocument = document
            }
            let start: Int64 = row[2], end: Int64 = row[3]
            guard start >= 0, end >= start, end <= Int64(Int32.max) else {
                throw QueryError.invalidSegment(id: id, start: start, end: end)
            }
            ids.append(id)
            documents.append(lastDocument)
            starts.append(Int32(start))
            ends.append(Int32(end))
        }
        let participantOf = columns.documentParticipant, caseOf = columns.documentCase
        columns.segmentIDs = ids
        columns.segmentIndex = IntegerKeyIndex(ids)
        columns.segmentDocument = documents
        columns.segmentStart = starts
        columns.segmentEnd = ends
        columns.segmentParticipant = documents.map { participantOf[Int($0)] }
        columns.segmentCase = documents.map { caseOf[Int($0)] }
    }

    private mutating func loadCodings(_ db: Database) throws {
        let segmentIndex = columns.segmentIndex, codeIDs = columns.codeIDs, coderIndex = self.coderIndex
        let codeBCTs = self.codeBCTs, codePrinciples = self.codePrinciples
        var ids: [Int64] = [], segments: [Int32] = [], codes: [Int32] = [], coders: [Int32] = []
        var bcts = RowLists(), principleLists = RowLists()
        var cache = CodingTargetCache()
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, segment_id, code_id, bct_id, principle_id, coder_id FROM codings ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let segmentID: Int64 = row[1]
            guard let segment = segmentIndex.row(of: segmentID) else {
                throw QueryError.danglingReference(
                    table: "codings", rowID: String(id), column: "segment_id", value: String(segmentID))
            }
            var code: Int32 = -1
            if let codeID: String = row[2] {
                code = try cache.code(codeID, in: codeIDs, codingID: id)
                for entry in codeBCTs.range(of: Int(code)) { bcts.append(codeBCTs.values[entry]) }
                for entry in codePrinciples.range(of: Int(code)) { principleLists.append(codePrinciples.values[entry]) }
            }
            if let bctID: String = row[3] {
                bcts.append(techniqueRow(bctID, cache: &cache))
            }
            if let principleID: String = row[4] {
                principleLists.append(principleRow(principleID))
            }
            let coderID: Int64 = row[5]
            guard let coder = coderIndex[coderID] else {
                throw QueryError.danglingReference(
                    table: "codings", rowID: String(id), column: "coder_id", value: String(coderID))
            }
            bcts.closeRow()
            principleLists.closeRow()
            ids.append(id)
            segments.append(segment)
            codes.append(code)
            coders.append(coder)
        }
        let documentOf = columns.segmentDocument, participantOf = columns.segmentParticipant
        let caseOf = columns.segmentCase
        columns.codingIDs = ids
        columns.codingSegment = segments
        columns.codingCode = codes
        columns.codingCoder = coders
        columns.codingBCTs = bcts
        columns.codingPrinciples = principleLists
        columns.codingDocument = segments.map { documentOf[Int($0)] }
        columns.codingParticipant = segments.map { participantOf[Int($0)] }
        columns.codingCase = segments.map { caseOf[Int($0)] }
    }

    /// `techniqueRow`, skipping the look-up when the id repeats the previous coding's.
    private mutating func techniqueRow(_ id: String, cache: inout CodingTargetCache) -> Int32 {
        if let last = cache.lastBCT, last.id == id { return last.row }
        let row = techniqueRow(id)
        cache.lastBCT = (id, row)
        return row
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

/// Remembers the last code and technique looked up while reading codings, which arrive in
/// runs (one segment often carries several codings of the same code).
private struct CodingTargetCache {
    var lastCode: (id: String, row: Int32)?
    var lastBCT: (id: String, row: Int32)?

    mutating func code(_ id: String, in ids: StringDictionary, codingID: Int64) throws -> Int32 {
        if let lastCode, lastCode.id == id { return lastCode.row }
        guard let row = ids.code(of: id) else {
            throw QueryError.danglingReference(table: "codings", rowID: String(codingID), column: "code_id", value: id)
        }
        lastCode = (id, row)
        return row
    }
}
