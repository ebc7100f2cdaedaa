import Foundation
import StudyModel

/// A small CSV file read as a table with a header row: the form of the attribute, fidelity and
/// taxonomy extension imports. Unlike the codings CSV, which tolerates short rows, every row
/// here must have exactly as many fields as the header, because a shifted cell would silently
/// land in the wrong column.
struct CSVTable {
    /// The largest file these imports read. Such tables hold one row per participant, case,
    /// item or rating; far larger files are not what they claim to be.
    static let maxBytes = ExchangeLimits.maxTableMegabytes << 20
    /// The most lines a file may have (see `ExchangeLimits.maxTableLines`).
    static let maxLines = ExchangeLimits.maxTableLines
    /// The most columns a header may name.
    static let maxColumns = 1_000

    /// The file's name, for messages.
    let file: String
    /// The header's names, trimmed, in order.
    let header: [String]
    /// The data rows, without rows whose fields are all empty (spreadsheets write those).
    let rows: [CSVFormat.Record]

    /// Reads and parses the file at `url`; refuses files that are too large, not UTF-8, empty,
    /// with empty or repeated header names, or with rows of the wrong length.
    init(url: URL) throws {
        file = url.lastPathComponent
        let data = try ImportFile.read(url, maxBytes: CSVTable.maxBytes)
        let text: String
        do {
            text = try SourceText.decode(data, file: file)
        } catch ExchangeError.notUTF8 {
            throw ExchangeError.notUTF8AtLine(file: file, line: CSVTable.firstBadLine(data), workbook: data.starts(with: [0x50, 0x4B, 3, 4]))
        }
        let lines = CSVTable.lineBreaks(data)
        guard lines <= CSVTable.maxLines else {
            throw ExchangeError.csvRows(file: file, problems: [
                "the file has \(lines) lines; a table of this kind may have at most \(CSVTable.maxLines) (one row per "
                    + "participant, case, item, rating or technique)",
            ])
        }
        let records = try CSVFormat.parse(text, file: file)
        guard let first = records.first else {
            throw ExchangeError.csvRows(file: file, problems: ["line 1: the file is empty; the first line must name the columns"])
        }
        guard first.fields.count <= CSVTable.maxColumns else {
            throw ExchangeError.csvRows(file: file, problems: [
                "line 1: the header has \(first.fields.count) columns; at most \(CSVTable.maxColumns) are accepted",
            ])
        }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = records.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        var problems = CSVTable.headerProblems(header)
        for row in rows where row.fields.count != header.count {
            problems.append("line \(row.line): \(row.fields.count) field(s), but the header has \(header.count); "
                            + "quote fields that hold commas")
        }
        guard problems.isEmpty else { throw ExchangeError.csvRows(file: file, problems: problems) }
    }

    /// The position of the first header name among `names` (compared without case), if any.
    func column(_ names: String...) -> Int? {
        header.firstIndex { name in names.contains { $0.caseInsensitiveCompare(name) == .orderedSame } }
    }

    /// The trimmed field at `position` of `row`; empty for a nil position.
    func value(_ row: CSVFormat.Record, _ position: Int?) -> String {
        guard let position else { return "" }
        return row.fields[position].trimmingCharacters(in: .whitespaces)
    }

    /// Throws when a required column is missing.
    func require(_ columns: [(name: String, position: Int?)]) throws {
        let missing = columns.filter { $0.position == nil }.map(\.name)
        guard missing.isEmpty else { throw ExchangeError.csvMissingColumns(file: file, missing: missing) }
    }

    /// Empty names and names given twice (ignoring case, as R and SPSS would clash on them).
    private static func headerProblems(_ header: [String]) -> [String] {
        var problems: [String] = []
        var seen: [String: String] = [:]
        for (index, name) in header.enumerated() {
            if name.isEmpty {
                problems.append("line 1: column \(index + 1) has no name")
            } else if let earlier = seen.updateValue(name, forKey: name.lowercased()) {
                problems.append("line 1: column \"\(name.excerpt)\" repeats \"\(earlier.excerpt)\"; give each column its own name")
            }
        }
        return problems
    }

    /// Line breaks in `data`: LF, CR LF or a lone CR each count once.
    static func lineBreaks(_ data: Data) -> Int {
        var count = 0
        var afterCR = false
        for byte in data {
            if byte == 0x0D || (byte == 0x0A && !afterCR) { count += 1 }
            afterCR = byte == 0x0D
        }
        return count
    }

    /// The line (1-based) of the first byte that is not part of valid UTF-8.
    static func firstBadLine(_ data: Data) -> Int {
        var line = 1
        var previous: Unicode.Scalar?
        var iterator = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                if scalar == "\n" && previous != "\r" || scalar == "\r" { line += 1 }
                previous = scalar
            case .emptyInput, .error:
                return line
            }
        }
    }
}

/// A problem with one row of a table file, as the line the import error lists.
struct CSVRowProblem: Error {
    let text: String
}

/// How attribute values read from CSV are stored: a cell that is a plain decimal number becomes
/// a JSON number, anything else a JSON string. Queries see both as text, written the way Lua
/// prints the number (`3`, `2.5`), so `where{ years_in_role = 3 }` matches a cell "3" or "3.0".
enum AttributeValue {
    /// The number a cell holds, in its canonical text, or nil when the cell is not a plain
    /// number. Leading zeros (`007`, an identifier rather than a quantity), signs other than
    /// a leading minus, exponents and more than 15 digits (beyond what a double keeps exactly)
    /// leave a cell as text.
    static func number(_ cell: String) -> String? {
        let scalars = Array(cell.unicodeScalars)
        var index = scalars.first == "-" ? 1 : 0
        let integerStart = index
        while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits == 1 || scalars[integerStart] != "0" else { return nil }
        var fractionDigits = 0
        if index < scalars.count, scalars[index] == "." {
            index += 1
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1; fractionDigits += 1 }
            guard fractionDigits > 0 else { return nil }
        }
        guard index == scalars.count, integerDigits + fractionDigits <= 15, let value = Double(cell) else { return nil }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// JSON text of an attribute object, keys sorted: numbers as numbers, other values as strings.
    static func json(_ values: [String: String]) -> String {
        AttributeColumn.encode(values) { value, text in
            if let number = number(value), number == value {
                text += number
            } else {
                JSONText.appendQuoted(value, to: &text)
            }
        }
    }
}
