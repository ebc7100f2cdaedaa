import Foundation
import StudyModel

extension ResultTable {
    /// The forms a table can be written in.
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned plain text with totals, for the terminal.
        case text
        /// Comma-separated values (RFC 4180, CRLF line ends); data rows only, no totals. Notes
        /// follow as lines starting with `#` (R: `comment.char = "#"`, pandas: `comment="#"`).
        case csv
        /// Tab-separated values; data rows only, no totals; notes as in CSV.
        case tsv
        /// A JSON array with one object per row, keys in column order; no totals. A table with
        /// notes is an object instead: `rows` (that array), `notes`, and `totals` when counted.
        case json
        /// A GitHub-flavoured Markdown table with totals.
        case markdown

        /// File extensions (lower case, without the dot) that select this format.
        public var fileExtensions: [String] {
            switch self {
            case .text: ["txt"]
            case .csv: ["csv"]
            case .tsv: ["tsv", "tab"]
            case .json: ["json"]
            case .markdown: ["md", "markdown"]
            }
        }

        /// The format named by a file's extension (case-blind), or nil when none is.
        public init?(fileExtension: String) {
            let lowered = fileExtension.lowercased()
            guard let format = Format.allCases.first(where: { $0.fileExtensions.contains(lowered) }) else {
                return nil
            }
            self = format
        }
    }

    /// The table in the given format, as text.
    public func rendered(as format: Format) -> String {
        switch format {
        case .text: TableTextRenderer(table: self).render()
        case .csv: delimited(separator: ",", lineEnd: "\r\n")
        case .tsv: delimited(separator: "\t", lineEnd: "\n")
        case .json: json()
        case .markdown: TableTextRenderer(table: self).renderMarkdown()
        }
    }

    /// Writes the table as UTF-8 to `url`, in `format` or, when nil, the format its extension
    /// names. The file is replaced atomically. Throws `ResultTableError.unknownFormat` for an
    /// extension that names no format and `writeFailed` when the system refuses the write.
    public func write(to url: URL, format: Format? = nil) throws {
        guard let chosen = format ?? Format(fileExtension: url.pathExtension) else {
            throw ResultTableError.unknownFormat(fileName: url.lastPathComponent)
        }
        do {
            try Data(rendered(as: chosen).utf8).write(to: url, options: .atomic)
        } catch {
            throw ResultTableError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Header then data rows, fields quoted as RFC 4180 asks when they hold the separator,
    /// a quote, a line break, or leading/trailing spaces.
    private func delimited(separator: Character, lineEnd: String) -> String {
        func field(_ text: String) -> String {
            let needsQuotes = text.contains { $0 == separator || $0 == "\"" || $0.isNewline }
                || text.first == " " || text.last == " "
            guard needsQuotes else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = [(keyNames + columnLabels).map(field).joined(separator: String(separator))]
        for row in 0..<rowCount {
            let values = self.values(row: row).map(Self.machineText)
            lines.append((rowKeys[row].map(field) + values).joined(separator: String(separator)))
        }
        lines += notes.map { "# " + TableTextRenderer.singleLine($0) }
        return lines.joined(separator: lineEnd) + lineEnd
    }

    /// An array of row objects: `[{"participant.role": "PW", "1": 12, ...}, ...]`.
    private func json() -> String {
        let names = (keyNames + columnLabels).map(JSONText.quoted)
        var objects: [String] = []
        objects.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            let values = rowKeys[row].map(JSONText.quoted)
                + self.values(row: row).map { $0.isFinite ? Self.machineText($0) : "null" }
            let members = zip(names, values).map { "\($0): \($1)" }
            objects.append("  {" + members.joined(separator: ", ") + "}")
        }
        let array = objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
        guard !notes.isEmpty else { return array + "\n" }
        var members = ["\"rows\": " + array.replacingOccurrences(of: "\n", with: "\n  ")]
        if let totals = countedTotals {
            members.append("\"totals\": " + totalsJSON(totals))
        }
        members.append("\"notes\": [" + notes.map(JSONText.quoted).joined(separator: ", ") + "]")
        return "{\n  " + members.joined(separator: ",\n  ") + "\n}\n"
    }

    /// Counted totals as `{"rows": [...], "columns": {"label": n, ...}, "all": n}`.
    private func totalsJSON(_ totals: CountedTotals) -> String {
        func number(_ value: Number) -> String { value.isFinite ? Self.machineText(value) : "null" }
        let columns = zip(columnLabels, totals.columns).map { "\(JSONText.quoted($0)): \(number($1))" }
        return "{\"rows\": [" + totals.rows.map(number).joined(separator: ", ") + "], \"columns\": {"
            + columns.joined(separator: ", ") + "}, \"all\": " + number(totals.all) + "}"
    }

    /// A number as R and pandas read it back: shortest exact digits, `NA` when undefined.
    static func machineText(_ number: Number) -> String {
        switch number {
        case let .int(value): return String(value)
        case let .double(value):
            if value.isNaN { return "NA" }
            if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
            return String(value)
        }
    }
}

extension ResultTable: CustomStringConvertible {
    /// The table as aligned plain text with totals.
    public var description: String { rendered(as: .text) }
}

extension ResultTable.Number {
    /// False for `nan` and infinities, which JSON cannot write as numbers.
    var isFinite: Bool {
        if case let .double(value) = self { return value.isFinite }
        return true
    }
}
