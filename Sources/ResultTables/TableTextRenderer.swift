import Foundation

/// Lays a `ResultTable` out as a grid of printed cells (labels, numbers, totals) and draws it
/// as aligned plain text or as Markdown.
struct TableTextRenderer {
    let table: ResultTable

    /// One printed line of the grid: the key cells then the number cells.
    private struct Line {
        var keys: [String]
        var numbers: [String]
    }

    /// Aligned columns separated by two spaces, a rule under the header and above the totals.
    func render() -> String {
        let (header, body, totals) = grid(clean: Self.singleLine)
        let all = [header] + body + (totals.map { [$0] } ?? [])
        let keyWidths = widths(all.map(\.keys))
        let numberWidths = widths(all.map(\.numbers))
        func draw(_ line: Line) -> String {
            let keys = zip(line.keys, keyWidths).map { DisplayWidth.pad($0, to: $1, leading: false) }
            let numbers = zip(line.numbers, numberWidths).map { DisplayWidth.pad($0, to: $1, leading: true) }
            return Self.trimmingTrailingSpaces((keys + numbers).joined(separator: "  "))
        }
        let rule = (keyWidths + numberWidths).map { String(repeating: "-", count: max(1, $0)) }
            .joined(separator: "  ")
        var lines: [String] = []
        if let title = table.title { lines.append(Self.singleLine(title)) }
        lines.append(draw(header))
        lines.append(rule)
        lines += body.map(draw)
        if let totals {
            lines.append(rule)
            lines.append(draw(totals))
        }
        lines += table.notes.map(Self.singleLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A pipe table: key columns left-aligned, numbers right-aligned, totals as a last row.
    func renderMarkdown() -> String {
        let (header, body, totals) = grid(clean: Self.markdownCell)
        func draw(_ line: Line) -> String {
            "| " + (line.keys + line.numbers).joined(separator: " | ") + " |"
        }
        let alignment = "|" + (header.keys.map { _ in " :--- |" } + header.numbers.map { _ in " ---: |" })
            .joined()
        var lines: [String] = []
        if let title = table.title { lines += ["**\(Self.markdownCell(title))**", ""] }
        lines.append(draw(header))
        lines.append(alignment)
        lines += body.map(draw)
        if let totals { lines.append(draw(totals)) }
        for note in table.notes { lines += ["", Self.markdownCell(note)] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Header, body and (when shown) total lines, with labels passed through `clean`.
    /// A total column appears when there are several columns, a total row when several rows.
    private func grid(clean: (String) -> String) -> (Line, [Line], Line?) {
        let totalColumn = table.showsRowTotals && table.columnCount > 1
        let totalRow = table.showsColumnTotals && table.rowCount > 1
        let rowTotals = totalColumn ? table.rowTotals : []
        let header = Line(
            keys: table.keyNames.map(clean),
            numbers: table.columnLabels.map(clean) + (totalColumn ? [ResultTable.totalLabel] : []))
        let body = (0..<table.rowCount).map { row in
            Line(
                keys: table.rowKeys[row].map(clean),
                numbers: table.values(row: row).enumerated().map { format($1, column: $0) }
                    + (totalColumn ? [format(rowTotals[row])] : []))
        }
        var totals: Line?
        if totalRow {
            let keys = [ResultTable.totalLabel] + Array(repeating: "", count: max(0, table.keyNames.count - 1))
            let numbers = table.columnTotals.enumerated().map { format($1, column: $0) }
                + (totalColumn ? [format(table.grandTotal)] : [])
            totals = Line(keys: keys, numbers: numbers)
        }
        return (header, body, totals)
    }

    /// A cell as people read it: whole numbers as they are, others with the decimals of its
    /// column (`column`, when given) or of the table.
    private func format(_ number: ResultTable.Number, column: Int? = nil) -> String {
        let decimals = column.flatMap { table.columnDecimals[table.columnLabels[$0]] } ?? table.decimals
        switch number {
        case let .int(value):
            return String(value)
        case let .double(value):
            if value.isNaN { return "NA" }
            if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
            return String(format: "%.\(decimals)f", value)
        }
    }

    /// The widest entry of each column of a list of equally long rows.
    private func widths(_ rows: [[String]]) -> [Int] {
        guard let first = rows.first else { return [] }
        return first.indices.map { column in
            rows.map { DisplayWidth.of($0[column]) }.max() ?? 0
        }
    }

    /// Line breaks and tabs shown as spaces, so one label stays on one printed line.
    static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// A label safe inside a Markdown table cell: on one line, with pipes escaped.
    static func markdownCell(_ text: String) -> String {
        singleLine(text).replacingOccurrences(of: "|", with: "\\|")
    }

    /// The text without spaces at its end (a left-aligned last column leaves some).
    private static func trimmingTrailingSpaces(_ text: String) -> String {
        var copy = text
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
