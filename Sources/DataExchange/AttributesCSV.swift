import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// Import of participant or case attributes from a CSV file: one row per participant (or case),
/// an id column, and one column per attribute.
///
/// The id column is `participant` (or `case`), else `id`. Every other column is an attribute,
/// except the columns the table has built in (`role` and `case` of participants, `sector` and
/// `label` of cases): those are checked against the project, not changed, so a sheet may show
/// them for readability. A number stays a number; an empty cell means the value is missing (an
/// earlier value of that attribute is removed); attributes the file has no column for are kept.
public enum AttributesCSV {
    /// Whose attributes a file holds.
    public enum Subject: String, Sendable, CaseIterable {
        /// Participants (`participants.attributes`).
        case participants
        /// Cases, the sites or services (`cases.attributes`).
        case cases

        var table: String { rawValue }
        var singular: String { self == .participants ? "participant" : "case" }
        /// Built-in columns a sheet may show, checked against the project.
        var checkedColumns: [String] { self == .participants ? ["role", "case"] : ["sector", "label"] }
        /// Names that are neither the id column nor attributes.
        var reservedNames: Set<String> { ["id", "guid", singular] }
        /// What to do when an id is unknown.
        var creationHint: String {
            self == .participants
                ? "import the participant's transcripts first, or correct the id"
                : "import transcripts of the case's participants first, or correct the id"
        }
    }

    /// Reads the file at `url` and stores its attributes in `store`, all rows or none.
    public static func importAttributes(_ subject: Subject, at url: URL, into store: ProjectStore) throws -> ImportReport {
        let table = try CSVTable(url: url)
        let layout = try Layout(table, subject: subject)
        return try store.write { db in
            let known = try Known(db, subject: subject)
            var problems: [String] = []
            var changes: [(id: String, attributes: [String: String])] = []
            var lineOf: [String: Int] = [:]
            for row in table.rows {
                switch layout.change(row, known: known, lineOf: &lineOf, table: table) {
                case let .failure(problem): problems.append(problem.text)
                case let .success(change): changes.append(change)
                }
            }
            guard problems.isEmpty else { throw ExchangeError.csvRows(file: table.file, problems: problems) }
            var report = ImportReport(file: table.file)
            for change in changes {
                guard change.attributes != known.attributes[change.id] else {
                    report.present(subject.table)
                    continue
                }
                try db.execute(sql: "UPDATE \(subject.table) SET attributes = ? WHERE id = ?",
                               arguments: [AttributeValue.json(change.attributes), change.id])
                report.update(subject.table)
            }
            report.warnings += layout.notes
            return report
        }
    }

    /// Which column is the id, which are attributes, which are checked.
    private struct Layout {
        let subject: Subject
        let idColumn: Int
        let attributes: [(name: String, position: Int)]
        let checked: [(name: String, position: Int)]
        var notes: [String] {
            attributes.isEmpty ? ["the file has no attribute columns, only the id and built-in columns"] : []
        }

        init(_ table: CSVTable, subject: Subject) throws {
            self.subject = subject
            guard let id = table.column(subject.singular) ?? table.column("id") else {
                throw ExchangeError.csvMissingColumns(file: table.file, missing: ["\(subject.singular) (or id)"])
            }
            idColumn = id
            var attributes: [(String, Int)] = []
            var checked: [(String, Int)] = []
            var problems: [String] = []
            for (position, name) in table.header.enumerated() where position != id {
                let lowered = name.lowercased()
                if subject.checkedColumns.contains(lowered) {
                    checked.append((lowered, position))
                } else if subject.reservedNames.contains(lowered) {
                    problems.append("line 1: column \"\(name.excerpt)\" is built in, not an attribute; remove or rename it")
                } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    problems.append("line 1: column \(position + 1)'s name holds control characters")
                } else {
                    attributes.append((name, position))
                }
            }
            guard problems.isEmpty else { throw ExchangeError.csvRows(file: table.file, problems: problems) }
            self.attributes = attributes
            self.checked = checked
        }

        /// The attributes one row gives its participant or case, merged with those it has.
        func change(_ row: CSVFormat.Record, known: Known, lineOf: inout [String: Int], table: CSVTable)
            -> Result<(id: String, attributes: [String: String]), CSVRowProblem>
        {
            let place = "line \(row.line)"
            let id = table.value(row, idColumn)
            guard !id.isEmpty else { return .failure(CSVRowProblem(text: "\(place): the \(subject.singular) id is empty")) }
            guard var values = known.attributes[id] else {
                return .failure(CSVRowProblem(text: "\(place): \(subject.singular) \"\(id.excerpt)\" is not in the project; \(subject.creationHint)"))
            }
            if let earlier = lineOf.updateValue(row.line, forKey: id) {
                return .failure(CSVRowProblem(text: "\(place): \(subject.singular) \"\(id.excerpt)\" is already given on line \(earlier)"))
            }
            for (name, position) in checked {
                let given = table.value(row, position)
                let stored = known.builtIn[id]?[name] ?? ""
                guard given.isEmpty || given == stored else {
                    return .failure(CSVRowProblem(text: "\(place): \(name) \"\(given.excerpt)\" differs from the project's "
                        + "\"\(stored.excerpt)\" for \(subject.singular) \"\(id.excerpt)\"; built-in columns are checked, not changed"))
                }
            }
            for (name, position) in attributes {
                let cell = table.value(row, position)
                values[name] = cell.isEmpty ? nil : AttributeValue.number(cell) ?? cell
            }
            return .success((id, values))
        }
    }

    /// The ids, built-in columns and attributes the project has now.
    private struct Known {
        var attributes: [String: [String: String]] = [:]
        var builtIn: [String: [String: String]] = [:]

        init(_ db: Database, subject: Subject) throws {
            let columns = subject.checkedColumns.map { $0 == "case" ? "case_id" : $0 }
            let sql = "SELECT id, attributes, \(columns.joined(separator: ", ")) FROM \(subject.table)"
            for row in try Row.fetchAll(db, sql: sql) {
                let id: String = row["id"]
                guard let values = AttributeColumn.decode(row["attributes"] ?? "{}") else {
                    throw CorpusError.invalidJSONColumn(table: subject.table, column: "attributes", rowID: id)
                }
                attributes[id] = values
                var fixed: [String: String] = [:]
                for (name, column) in zip(subject.checkedColumns, columns) { fixed[name] = row[column] }
                builtIn[id] = fixed
            }
        }
    }
}
