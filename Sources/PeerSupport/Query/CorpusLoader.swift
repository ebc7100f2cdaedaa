import GRDB

/// Reads a project database into `CorpusColumns` with one pass per table, using statement
/// cursors and positional column access so that no record value is built per row.
struct CorpusLoader {
    private var columns = CorpusColumns()
    private let taxonomy: Taxonomy
    private let principles: PrinciplesFramework
    /// BCT rows and principle rows each code maps to, by code row.
    private var codeBCTs: [[Int32]] = []
    private var codePrinciples: [[Int32]] = []
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
        var parents: [String?] = []
        var labels: [String] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, codebook, parent_id, label, level FROM codes ORDER BY codebook, sort_order, rowid")
        while let row = try rows.next() {
            _ = columns.codeIDs.intern(row[0])
            columns.codeCodebook.append(row[1])
            parents.append(row[2])
            labels.append(row[3])
            columns.codeLabel.append(row[3])
            columns.codeLevel.append(row[4])
        }
        for row in labels.indices {
            columns.codePath.append(codePath(row, parents: parents, labels: labels))
        }
        codeBCTs = Array(repeating: [], count: columns.codeIDs.count)
        codePrinciples = Array(repeating: [], count: columns.codeIDs.count)
        let bctRows = try Row.fetchCursor(db, sql: "SELECT code_id, bct_id FROM code_bcts ORDER BY code_id, bct_id")
        while let row = try bctRows.next() {
            guard let code = columns.codeIDs.code(of: row[0]) else { continue }
            codeBCTs[Int(code)].append(techniqueRow(row[1]))
        }
        let principleRows = try Row.fetchCursor(
            db, sql: "SELECT code_id, principle_id FROM code_principles ORDER BY code_id, principle_id")
        while let row = try principleRows.next() {
            guard let code = columns.codeIDs.code(of: row[0]) else { continue }
            codePrinciples[Int(code)].append(principleRow(row[1]))
        }
    }

    /// Labels from the top-level theme down to the code, joined by " > ". A parent chain that
    /// loops or leaves the table stops where it breaks.
    private func codePath(_ row: Int, parents: [String?], labels: [String]) -> String {
        var path = [labels[row]]
        var current = row
        var seen: Set<Int> = [row]
        while let parentID = parents[current], let parent = columns.codeIDs.code(of: parentID),
              seen.insert(Int(parent)).inserted {
            current = Int(parent)
            path.append(labels[current])
        }
        return path.reversed().joined(separator: " > ")
    }

    // MARK: Segments and codings

    private mutating func loadSegments(_ db: Database) throws {
        var lastDocumentID = ""
        var lastDocument: Int32 = -1
        let rows = try Row.fetchCursor(db, sql: #"SELECT id, document_id, start, "end" FROM segments ORDER BY id"#)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let documentID: String = row[1]
            if documentID != lastDocumentID || lastDocument < 0 {
                guard let document = columns.documentIDs.code(of: documentID) else {
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
            columns.segmentIDs.append(id)
            columns.segmentDocument.append(lastDocument)
            columns.segmentStart.append(Int32(start))
            columns.segmentEnd.append(Int32(end))
        }
        columns.segmentIndex = IntegerKeyIndex(columns.segmentIDs)
        columns.segmentParticipant = columns.segmentDocument.map { $0 < 0 ? -1 : columns.documentParticipant[Int($0)] }
        columns.segmentCase = columns.segmentDocument.map { $0 < 0 ? -1 : columns.documentCase[Int($0)] }
    }

    private mutating func loadCodings(_ db: Database) throws {
        let expected = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM codings") ?? 0
        columns.codingIDs.reserveCapacity(expected)
        columns.codingSegment.reserveCapacity(expected)
        columns.codingCode.reserveCapacity(expected)
        columns.codingCoder.reserveCapacity(expected)
        var bcts = RowLists(), principleLists = RowLists()
        bcts.reserve(rows: expected, values: expected)
        principleLists.reserve(rows: expected, values: expected / 4)
        var cache = CodingTargetCache()
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, segment_id, code_id, bct_id, principle_id, coder_id FROM codings ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let segmentID: Int64 = row[1]
            guard let segment = columns.segmentIndex.row(of: segmentID) else {
                throw QueryError.danglingReference(
                    table: "codings", rowID: String(id), column: "segment_id", value: String(segmentID))
            }
            var code: Int32 = -1
            if !row.hasNull(atIndex: 2) {
                code = try cache.code(row[2], in: columns.codeIDs, codingID: id)
                for technique in codeBCTs[Int(code)] { bcts.append(technique) }
                for principle in codePrinciples[Int(code)] { principleLists.append(principle) }
            }
            if !row.hasNull(atIndex: 3) {
                bcts.append(techniqueRow(row[3], cache: &cache))
            }
            if !row.hasNull(atIndex: 4) {
                principleLists.append(principleRow(row[4]))
            }
            let coderID: Int64 = row[5]
            guard let coder = coderIndex[coderID] else {
                throw QueryError.danglingReference(
                    table: "codings", rowID: String(id), column: "coder_id", value: String(coderID))
            }
            bcts.closeRow()
            principleLists.closeRow()
            columns.codingIDs.append(id)
            columns.codingSegment.append(segment)
            columns.codingCode.append(code)
            columns.codingCoder.append(coder)
        }
        columns.codingBCTs = bcts
        columns.codingPrinciples = principleLists
        columns.codingDocument = columns.codingSegment.map { columns.segmentDocument[Int($0)] }
        columns.codingParticipant = columns.codingSegment.map { columns.segmentParticipant[Int($0)] }
        columns.codingCase = columns.codingSegment.map { columns.segmentCase[Int($0)] }
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
        guard let values = JSONColumn.decode(text ?? "{}") else {
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
