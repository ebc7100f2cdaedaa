import GRDB

/// The two large tables, segments and codings, read through `StatementRows`: integers taken
/// straight from the statement, text keys resolved from their bytes by `TextKeyTable`, and
/// every column reserved up front, so a row costs SQLite's step and a few array writes.
extension CorpusLoader {
    mutating func loadSegments(_ db: Database) throws {
        let documents = TextKeyTable(columns.documentIDs.strings)
        let expected = try Self.expectedRows(db, table: "segments")
        var ids: [Int64] = [], owners: [Int32] = [], starts: [Int32] = [], ends: [Int32] = []
        ids.reserveCapacity(expected)
        owners.reserveCapacity(expected)
        starts.reserveCapacity(expected)
        ends.reserveCapacity(expected)
        let rows = try StatementRows(db, sql: #"SELECT id, document_id, start, "end" FROM segments ORDER BY id"#)
        while try rows.next() {
            let id = try Self.integer(rows, 0, table: "segments", rowID: nil, column: "id")
            guard let document = documents.value(of: rows.bytes(1)) else {
                throw QueryError.danglingReference(
                    table: "segments", rowID: String(id), column: "document_id", value: rows.string(1))
            }
            let start = try Self.integer(rows, 2, table: "segments", rowID: id, column: "start")
            let end = try Self.integer(rows, 3, table: "segments", rowID: id, column: "end")
            guard start >= 0, end >= start, end <= Int64(Int32.max) else {
                throw QueryError.invalidSegment(id: id, start: start, end: end)
            }
            ids.append(id)
            owners.append(document)
            starts.append(Int32(start))
            ends.append(Int32(end))
        }
        install(segments: ColumnCache.Segments(ids: ids, documents: owners, starts: starts, ends: ends))
    }

    /// Sets the segment columns, and the joins from each segment to its participant and case.
    mutating func install(segments: ColumnCache.Segments) {
        let participantOf = columns.documentParticipant, caseOf = columns.documentCase
        columns.segmentIDs = segments.ids
        columns.segmentIndex = IntegerKeyIndex(segments.ids)
        columns.segmentDocument = segments.documents
        columns.segmentStart = segments.starts
        columns.segmentEnd = segments.ends
        columns.segmentParticipant = segments.documents.map { participantOf[Int($0)] }
        columns.segmentCase = segments.documents.map { caseOf[Int($0)] }
    }

    /// Sets the segment and coding columns read from the column cache.
    mutating func install(segments: ColumnCache.Segments, codings: ColumnCache.Codings) {
        install(segments: segments)
        install(codings: codings)
    }

    mutating func loadCodings(_ db: Database) throws {
        var reader = CodingReader(loader: self, expected: try Self.expectedRows(db, table: "codings"))
        let rows = try StatementRows(
            db, sql: "SELECT id, segment_id, code_id, bct_id, principle_id, coder_id FROM codings ORDER BY id")
        while try rows.next() {
            try reader.read(rows, loader: &self)
        }
        install(codings: ColumnCache.Codings(ids: reader.ids, segments: reader.segments, codes: reader.codes,
                                             coders: reader.coders, bcts: reader.bcts, principles: reader.principles))
    }

    /// Sets the coding columns, and the joins from each coding to its document, participant
    /// and case through its segment.
    private mutating func install(codings: ColumnCache.Codings) {
        let documentOf = columns.segmentDocument, participantOf = columns.segmentParticipant
        let caseOf = columns.segmentCase
        columns.codingIDs = codings.ids
        columns.codingSegment = codings.segments
        columns.codingCode = codings.codes
        columns.codingCoder = codings.coders
        columns.codingBCTs = codings.bcts
        columns.codingPrinciples = codings.principles
        columns.codingDocument = codings.segments.map { documentOf[Int($0)] }
        columns.codingParticipant = codings.segments.map { participantOf[Int($0)] }
        columns.codingCase = codings.segments.map { caseOf[Int($0)] }
    }

    /// How many rows a table's integer ids span, to reserve columns with: exact for the dense
    /// ids projects have, and only address space (never touched) for sparse ones.
    static func expectedRows(_ db: Database, table: String) throws -> Int {
        // Two subqueries: SQLite reads min and max of a rowid from the b-tree's ends only when
        // each stands alone; together in one SELECT they scan the whole table.
        let range = try Row.fetchOne(db, sql: "SELECT (SELECT min(id) FROM \(table)), (SELECT max(id) FROM \(table))")
        guard let low: Int64 = range?[0], let high: Int64 = range?[1] else { return 0 }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        return overflow || span < 0 ? 0 : Int(min(span + 1, 1 << 27))
    }

    /// The integer in `column`, or an error naming the row when the column holds other text.
    @inline(__always)
    static func integer(_ rows: StatementRows, _ column: Int32, table: String, rowID: Int64?, column name: String) throws -> Int64 {
        if let value = rows.integer(column) { return value }
        let text = rows.isNull(column) ? "NULL" : rows.string(column)
        throw ColumnValueError(table: table, rowID: rowID.map { String($0) } ?? text, column: name, value: text)
    }
}

/// The columns of codings being read, and the look-ups each row needs: its segment by id,
/// its code, technique or principle by id bytes, and its coder.
private struct CodingReader {
    var ids: [Int64] = [], segments: [Int32] = [], codes: [Int32] = [], coders: [Int32] = []
    var bcts = RowLists(), principles = RowLists()
    private let segmentIndex: IntegerKeyIndex
    private let codeTable: TextKeyTable
    private var bctTable: TextKeyTable
    private var principleTable: TextKeyTable
    private let codeBCTs: RowLists, codePrinciples: RowLists
    private let coderIndex: [Int64: Int32]
    private var lastCoder: (id: Int64, row: Int32) = (0, -1)

    init(loader: CorpusLoader, expected: Int) {
        let columns = loader.columns
        segmentIndex = columns.segmentIndex
        codeTable = TextKeyTable(columns.codeIDs.strings)
        bctTable = TextKeyTable(columns.bctIDs.strings)
        principleTable = TextKeyTable(columns.principleIDs.strings)
        codeBCTs = loader.codeBCTs
        codePrinciples = loader.codePrinciples
        coderIndex = loader.coderIndex
        ids.reserveCapacity(expected)
        segments.reserveCapacity(expected)
        codes.reserveCapacity(expected)
        coders.reserveCapacity(expected)
        bcts.reserveCapacity(rows: expected)
        principles.reserveCapacity(rows: expected)
    }

    /// The row of the technique or principle whose id is `text` (column `column` of the current
    /// row); an id no framework has is added by `add` and remembered in `table`.
    @inline(__always)
    private static func row(of text: UnsafeRawBufferPointer, _ rows: StatementRows, _ column: Int32,
                            in table: inout TextKeyTable, adding add: (String) -> Int32) -> Int32 {
        if let row = table.value(of: text) { return row }
        let id = rows.string(column)
        let row = add(id)
        table.insert(id, value: row)
        return row
    }

    /// Reads the current row. The loader adds a technique or principle that no framework has.
    @inline(__always)
    mutating func read(_ rows: StatementRows, loader: inout CorpusLoader) throws {
        let id = try CorpusLoader.integer(rows, 0, table: "codings", rowID: nil, column: "id")
        let segmentID = try CorpusLoader.integer(rows, 1, table: "codings", rowID: id, column: "segment_id")
        guard let segment = segmentIndex.row(of: segmentID) else {
            throw QueryError.danglingReference(
                table: "codings", rowID: String(id), column: "segment_id", value: String(segmentID))
        }
        var code: Int32 = -1
        if let text = rows.text(2) {
            guard let row = codeTable.value(of: text) else {
                throw QueryError.danglingReference(table: "codings", rowID: String(id), column: "code_id", value: rows.string(2))
            }
            code = row
            for entry in codeBCTs.range(of: Int(code)) { bcts.append(codeBCTs.values[entry]) }
            for entry in codePrinciples.range(of: Int(code)) { principles.append(codePrinciples.values[entry]) }
        }
        if let text = rows.text(3) { bcts.append(Self.row(of: text, rows, 3, in: &bctTable) { loader.techniqueRow($0) }) }
        if let text = rows.text(4) {
            principles.append(Self.row(of: text, rows, 4, in: &principleTable) { loader.principleRow($0) })
        }
        let coderID = try CorpusLoader.integer(rows, 5, table: "codings", rowID: id, column: "coder_id")
        if coderID != lastCoder.id || lastCoder.row < 0 {
            guard let row = coderIndex[coderID] else {
                throw QueryError.danglingReference(
                    table: "codings", rowID: String(id), column: "coder_id", value: String(coderID))
            }
            lastCoder = (coderID, row)
        }
        bcts.closeRow()
        principles.closeRow()
        ids.append(id)
        segments.append(segment)
        codes.append(code)
        coders.append(lastCoder.row)
    }
}
