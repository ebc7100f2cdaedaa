import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The tidy table of codings: one row per coding, one column per variable, so that R and pandas
/// read it with their defaults and analyses can start at once.
///
/// Columns, in order: `participant, role, case, sector, document, start, end, text, code, bcts,
/// principles, coder`. `start` and `end` are Unicode code point offsets (end exclusive). For a
/// coding with a codebook code, `bcts` and `principles` list the code's mappings; for a coding
/// that applies a technique or principle directly, `code` is empty and the id is in `bcts` or
/// `principles`. Several ids are separated by `;`. With attributes, one column follows per
/// participant attribute (`participant.<name>`) and per case attribute (`case.<name>`).
///
/// Cells are written exactly, for R, SPSS and pandas, which never run them; the export counts
/// the cells a spreadsheet would run as formulas, and `spreadsheetSafe` marks them instead (see
/// `CSVFormat.guarded`).
public enum CodingsCSV {
    /// The header, in order.
    public static let columns = ["participant", "role", "case", "sector", "document", "start", "end", "text",
                                 "code", "bcts", "principles", "coder"]
    /// The columns an import needs.
    public static let requiredColumns = ["document", "start", "end", "code", "coder"]

    /// Writes every coding of `store` to `url`. Returns a warning when cells would start a
    /// formula in a spreadsheet and `options` leave them unmarked.
    @discardableResult
    public static func export(from store: ProjectStore, to url: URL, options: CodingsCSVOptions = CodingsCSVOptions()) throws -> [String] {
        let (text, formulas) = try render(from: store, options: options)
        try ExportFile.write(Data(text.utf8), to: url)
        guard formulas > 0, !options.spreadsheetSafe else { return [] }
        return ["\(formulas) cell(s) start with =, +, -, @, a tab or a carriage return; R, SPSS and pandas read them as "
                + "text, but a spreadsheet may run them as formulas: export them marked as text (spreadsheet-safe) to open the file in one"]
    }

    /// The CSV text of every coding of `store`, ordered by document, span and coding.
    public static func text(from store: ProjectStore, options: CodingsCSVOptions = CodingsCSVOptions()) throws -> String {
        try render(from: store, options: options).text
    }

    /// The CSV text and how many of its cells a spreadsheet would take for formulas.
    private static func render(from store: ProjectStore, options: CodingsCSVOptions) throws -> (text: String, formulas: Int) {
        try store.read { db in
            let attributes = options.withAttributes ? try AttributeColumns(db) : AttributeColumns()
            var formulas = 0
            var bcts: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT code_id, bct_id FROM code_bcts ORDER BY code_id, bct_id") {
                bcts[row["code_id"], default: []].append(row["bct_id"])
            }
            var principles: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT code_id, principle_id FROM code_principles ORDER BY code_id, principle_id") {
                principles[row["code_id"], default: []].append(row["principle_id"])
            }
            var output = CSVFormat.record(columns + attributes.header)
            var currentDocument: String?
            var scalars: [Unicode.Scalar] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT d.id AS document, d.participant_id, p.role, COALESCE(d.case_id, p.case_id) AS case_id,
                       cs.sector, s.id AS segment_id, s.guid AS segment_guid, s.start, s."end", c.code_id, c.bct_id, c.principle_id, co.name AS coder
                FROM codings c
                JOIN segments s ON s.id = c.segment_id
                JOIN documents d ON d.id = s.document_id
                JOIN coders co ON co.id = c.coder_id
                LEFT JOIN participants p ON p.id = d.participant_id
                LEFT JOIN cases cs ON cs.id = COALESCE(d.case_id, p.case_id)
                ORDER BY d.id, s.start, s."end", c.id
                """)
            while let row = try rows.next() {
                let document: String = row["document"]
                if document != currentDocument {
                    let text = try String.fetchOne(db, sql: "SELECT text FROM documents WHERE id = ?", arguments: [document]) ?? ""
                    scalars = Array(text.unicodeScalars)
                    currentDocument = document
                }
                let start: Int = row["start"]
                let end: Int = row["end"]
                let code: String? = row["code_id"]
                let bct: String? = row["bct_id"]
                let principle: String? = row["principle_id"]
                let segment: String = row["segment_guid"] ?? String(row["segment_id"] as Int64)
                try ExportSpan.check(start: start, end: end, length: scalars.count, document: document, segment: segment)
                let excerpt = String(String.UnicodeScalarView(scalars[start..<end]))
                let participant: String? = row["participant_id"], studyCase: String? = row["case_id"]
                let fields: [String] = [
                    participant ?? "", row["role"] ?? "", studyCase ?? "", row["sector"] ?? "",
                    document, String(start), String(end), excerpt, code ?? "",
                    (bct.map { [$0] } ?? code.flatMap { bcts[$0] } ?? []).joined(separator: ";"),
                    (principle.map { [$0] } ?? code.flatMap { principles[$0] } ?? []).joined(separator: ";"),
                    row["coder"],
                ] + attributes.values(participant: participant, case: studyCase)
                let guarded = fields.map(CSVFormat.guarded)
                formulas += zip(fields, guarded).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
                output += CSVFormat.record(options.spreadsheetSafe ? guarded : fields)
            }
            return (output, formulas)
        }
    }

    /// Imports codings from the CSV file at `url`. Every row is checked first; if any row is
    /// wrong, nothing is imported and the error lists each bad row by number (the header is
    /// row 1, as in a spreadsheet).
    /// A file over `maxBytes` is refused before it is read.
    public static func importCodings(at url: URL, into store: ProjectStore,
                                     maxBytes: Int64 = ByteLimit.bytes(megabytes: ByteLimit.defaultImportMegabytes),
                                     progress: ImportProgressHandler? = nil) throws -> ImportReport {
        let file = url.lastPathComponent
        try ImportFile.requireWithinBudget([url], limitBytes: maxBytes, label: file)
        let data = try ImportFile.read(url)
        let records = try CSVFormat.parse(try SourceText.decode(data, file: file), file: file)
        guard let header = records.first else {
            throw ExchangeError.csvMissingColumns(file: file, missing: requiredColumns)
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = requiredColumns.filter { !names.contains($0) }
        guard missing.isEmpty else { throw ExchangeError.csvMissingColumns(file: file, missing: missing) }
        let column = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return try store.write { db in
            var session = try CSVImportSession(db: db, file: file, column: column)
            let rows = records.dropFirst()
            let step = max(1, rows.count / 100)
            progress?(ImportProgress(phase: "rows", done: 0, total: rows.count))
            for (offset, record) in rows.enumerated() {
                try session.importRow(record, number: offset + 2)
                if (offset + 1) % step == 0 { progress?(ImportProgress(phase: "rows", done: offset + 1, total: rows.count)) }
            }
            if !session.problems.isEmpty { throw ExchangeError.csvRows(file: file, problems: session.problems) }
            return session.report
        }
    }
}

/// One CSV import in progress.
private struct CSVImportSession {
    let db: Database
    let column: [String: Int]
    var report: ImportReport
    var problems: [String] = []
    var index: StoreIndex
    var texts: [String: [Unicode.Scalar]] = [:]
    let codeIDs: Set<String>
    let taxonomy: Set<String>

    init(db: Database, file: String, column: [String: Int]) throws {
        self.db = db
        self.column = column
        report = ImportReport(file: file)
        index = try StoreIndex(db)
        codeIDs = index.codeIDs
        taxonomy = Set(Taxonomy.standard.techniques.map(\.id))
            .union(try String.fetchAll(db, sql: "SELECT bct_id FROM taxonomy_extensions"))
    }

    private func value(_ record: CSVFormat.Record, _ name: String) -> String {
        guard let position = column[name], position < record.fields.count else { return "" }
        return record.fields[position]
    }

    mutating func importRow(_ record: CSVFormat.Record, number: Int) throws {
        let place = number == record.line ? "row \(number)" : "row \(number) (line \(record.line))"
        func fail(_ message: String) { problems.append("\(place): \(message)") }
        let document = value(record, "document").trimmingCharacters(in: .whitespaces)
        guard let scalars = try text(of: document) else { return fail("document \"\(document.excerpt)\" does not exist") }
        guard let start = Int(value(record, "start").trimmingCharacters(in: .whitespaces)),
              let end = Int(value(record, "end").trimmingCharacters(in: .whitespaces)) else {
            return fail("start and end must be whole numbers (got \"\(value(record, "start").excerpt)\", \"\(value(record, "end").excerpt)\")")
        }
        guard start >= 0, end >= start, end <= scalars.count else {
            return fail("span \(start)–\(end) is outside document \"\(document.excerpt)\" (\(scalars.count) characters)")
        }
        let claimed = value(record, "text")
        if !claimed.isEmpty {
            let actual = String(String.UnicodeScalarView(scalars[start..<end]))
            if Array(actual.unicodeScalars) != Array(claimed.unicodeScalars) {
                let marked = CSVFormat.guarded(actual) == claimed
                    ? " (the file was exported spreadsheet-safe, with formula-like cells marked as text; export it without that marking)" : ""
                return fail("the text column does not match characters \(start)–\(end) of \"\(document.excerpt)\"\(marked)")
            }
        }
        guard let target = target(record, fail: fail) else { return }
        let coderName = value(record, "coder").trimmingCharacters(in: .whitespaces)
        guard !coderName.isEmpty else { return fail("the coder is empty") }
        guard problems.isEmpty else { return }
        try write(document: document, start: start, end: end, target: target, coderName: coderName)
    }

    /// What the row's coding applies: its code, else the one technique or principle it names.
    private func target(_ record: CSVFormat.Record, fail: (String) -> Void) -> CodingTarget? {
        let code = value(record, "code").trimmingCharacters(in: .whitespaces)
        if !code.isEmpty {
            guard codeIDs.contains(code) else {
                fail("code \"\(code.excerpt)\" does not exist")
                return nil
            }
            return .code(code)
        }
        let split = { (text: String) in
            text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let bcts = split(value(record, "bcts"))
        let principles = split(value(record, "principles"))
        switch (bcts.count, principles.count) {
        case (1, 0):
            guard taxonomy.contains(bcts[0]) else {
                fail("technique \"\(bcts[0].excerpt)\" is not in the taxonomy")
                return nil
            }
            return .bct(bcts[0])
        case (0, 1):
            guard let principle = PrinciplesFramework.standard.principle(principles[0]) else {
                fail("principle \"\(principles[0].excerpt)\" does not exist")
                return nil
            }
            return .principle(principle.id)
        default:
            fail("give a code, or exactly one technique in bcts or one principle in principles")
            return nil
        }
    }

    private mutating func text(of document: String) throws -> [Unicode.Scalar]? {
        if let cached = texts[document] { return cached }
        guard let text = try String.fetchOne(db, sql: "SELECT text FROM documents WHERE id = ?", arguments: [document]) else {
            return nil
        }
        let scalars = Array(text.unicodeScalars)
        texts[document] = scalars
        return scalars
    }

    private mutating func write(document: String, start: Int, end: Int, target: CodingTarget, coderName: String) throws {
        let span = StoreIndex.Span(document: document, start: start, end: end)
        let segmentID: Int64
        if let existing = index.segmentBySpan[span] {
            segmentID = existing.id
        } else {
            var segment = Segment(documentID: document, start: start, end: end)
            try segment.insert(db)
            segmentID = segment.id!
            index.add(segment: segmentID, guid: nil, span: span)
            report.add("segments")
        }
        let coderID: Int64
        if let existing = index.coderByName[coderName]?.id {
            coderID = existing
        } else {
            var coder = Coder(name: coderName)
            try coder.insert(db)
            index.coderByName[coderName] = coder
            coderID = coder.id!
            report.add("coders")
        }
        let key = StoreIndex.CodingKey(segment: segmentID, target: target, coder: coderID)
        guard !index.codings.contains(key) else {
            report.present("codings")
            return
        }
        var coding = Coding(segmentID: segmentID, target: target, coderID: coderID)
        try coding.insert(db)
        index.add(coding: key, guid: nil)
        report.add("codings")
    }
}

/// How a codings CSV is written.
public struct CodingsCSVOptions: Sendable {
    /// Adds one column per participant attribute and per case attribute.
    public var withAttributes: Bool
    /// Marks cells a spreadsheet would run as formulas with a leading apostrophe.
    public var spreadsheetSafe: Bool

    /// Options; by default the twelve columns, written exactly.
    public init(withAttributes: Bool = false, spreadsheetSafe: Bool = false) {
        self.withAttributes = withAttributes
        self.spreadsheetSafe = spreadsheetSafe
    }
}

/// The attribute columns of a codings export: every participant attribute, then every case
/// attribute, each in name order, with the values of each participant and case.
private struct AttributeColumns {
    var participantNames: [String] = []
    var caseNames: [String] = []
    var participants: [String: [String: String]] = [:]
    var cases: [String: [String: String]] = [:]

    init() {}

    init(_ db: Database) throws {
        participants = try Self.attributes(db, table: "participants")
        cases = try Self.attributes(db, table: "cases")
        participantNames = Set(participants.values.flatMap(\.keys)).sorted()
        caseNames = Set(cases.values.flatMap(\.keys)).sorted()
    }

    /// `participant.<name>` and `case.<name>`, as query fields are named.
    var header: [String] {
        participantNames.map { "participant." + $0 } + caseNames.map { "case." + $0 }
    }

    /// One row's cells: empty where the participant or case has no value.
    func values(participant: String?, case studyCase: String?) -> [String] {
        let own = participant.flatMap { participants[$0] } ?? [:]
        let site = studyCase.flatMap { cases[$0] } ?? [:]
        return participantNames.map { own[$0] ?? "" } + caseNames.map { site[$0] ?? "" }
    }

    private static func attributes(_ db: Database, table: String) throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, attributes FROM \(table)") {
            let id: String = row["id"]
            guard let values = AttributeColumn.decode(row["attributes"] ?? "{}") else {
                throw CorpusError.invalidJSONColumn(table: table, column: "attributes", rowID: id)
            }
            if !values.isEmpty { result[id] = values }
        }
        return result
    }
}
