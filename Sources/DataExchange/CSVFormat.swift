import Foundation

/// Comma-separated values as RFC 4180 describes them and as R's `read.csv` and pandas'
/// `read_csv` read them by default: comma separator, double quotes around any field holding a
/// comma, quote or line break, quotes inside doubled, UTF-8 without a byte-order mark.
enum CSVFormat {
    /// One field, quoted when it needs to be.
    static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.first?.isWhitespace == true || value.last?.isWhitespace == true
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: fields joined by commas, ended by a line feed.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// The first characters that make a spreadsheet read a cell as a formula.
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `value` made safe to open in a spreadsheet: a cell that would start a formula (`=`, `+`,
    /// `-`, `@`, tab, CR; numbers such as `-3` excepted) gets a leading apostrophe, which
    /// spreadsheets show as text. So does a cell that already starts with apostrophes before
    /// such a character, so that taking one apostrophe off always gives the value back.
    static func guarded(_ value: String) -> String {
        isRisky(Substring(value)) ? "'" + value : value
    }

    /// Whether `value`, after any apostrophes, starts a formula. A loop, not recursion: a
    /// hostile cell may hold a million apostrophes.
    private static func isRisky(_ value: Substring) -> Bool {
        guard let start = value.unicodeScalars.firstIndex(where: { $0 != "'" }) else { return false }
        let rest = value.unicodeScalars[start...]
        guard let first = rest.first, formulaStarts.contains(first) else { return false }
        return AttributeValue.number(String(rest)) == nil
    }

    /// A parsed record and the line of the file it starts on (1-based), for error messages.
    struct Record {
        var fields: [String]
        var line: Int
    }

    /// Splits CSV text into records. Accepts LF, CR LF or CR line ends and a leading byte-order
    /// mark; a quote left open at the end of the text is an error naming the line it opened on.
    static func parse(_ text: String, file: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: recordLine)) }
            fields = []
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" || (scalar == "\r" && (index + 1 >= scalars.count || scalars[index + 1] != "\n")) {
                        line += 1
                    }
                    field.append(scalar)
                }
            } else if scalar == "\"" && field.isEmpty {
                inQuotes = true
                quoteLine = line
            } else if scalar == "," {
                endField()
            } else if scalar == "\n" || scalar == "\r" {
                if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(scalar)
            }
            index += 1
        }
        if inQuotes {
            throw ExchangeError.csvRows(file: file, problems: ["line \(quoteLine): a quoted field is never closed"])
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
