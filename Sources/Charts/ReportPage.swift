import Foundation
import ResultTables
import StudyModel

/// Writes the HTML of a report block by block: the page head with its inline style sheet,
/// then headings, paragraphs, tables and figures, all text escaped. Void elements are closed
/// XML-style, so the page is also well-formed XML that tools can check.
struct ReportPage {
    private var body = ""

    private let title: String

    init(title: String) {
        self.title = title
    }

    mutating func addHeading(_ text: String, level: Int) {
        // The report title is the page's only <h1>, so sections start at <h2>.
        let tag = "h\(level + 1)"
        body += "<\(tag)>\(Markup.text(text))</\(tag)>\n"
    }

    mutating func addParagraphs(_ text: String) {
        for paragraph in Self.paragraphs(text) {
            body += "<p>\(Markup.text(paragraph))</p>\n"
        }
    }

    mutating func addTable(_ table: ResultTable) {
        body += Self.tableMarkup(table)
    }

    /// The `<div class="table">` block of `table`, as reports and notebooks show it.
    static func tableMarkup(_ table: ResultTable) -> String {
        var body = ""
        // As in the printed table: the Total column and row hold the table's totals (sums, or
        // the counted totals of distinct units), and its notes follow it.
        let totalColumn = table.showsRowTotals && table.columnCount > 1
        let totalRow = table.showsColumnTotals && table.rowCount > 1
        body += "<div class=\"table\"><table>\n"
        if let caption = table.title { body += "<caption>\(Markup.text(caption))</caption>\n" }
        let headers = table.keyNames.map { "<th scope=\"col\">\(Markup.text($0))</th>" }
            + table.columnLabels.map { "<th scope=\"col\" class=\"n\">\(Markup.text($0))</th>" }
            + (totalColumn ? ["<th scope=\"col\" class=\"n\">\(ResultTable.totalLabel)</th>"] : [])
        body += "<thead><tr>" + headers.joined() + "</tr></thead>\n<tbody>\n"
        let rowTotals = totalColumn ? table.rowTotals : []
        for row in 0..<table.rowCount {
            let numbers = Array(table.values(row: row)) + (totalColumn ? [rowTotals[row]] : [])
            body += "<tr>" + keyCells(table.rowKeys[row]) + numberCells(numbers, table: table) + "</tr>\n"
        }
        body += "</tbody>\n"
        if totalRow {
            let keys = [ResultTable.totalLabel] + Array(repeating: "", count: max(0, table.keyNames.count - 1))
            let numbers = table.columnTotals + (totalColumn ? [table.grandTotal] : [])
            body += "<tfoot><tr>" + keyCells(keys) + numberCells(numbers, table: table) + "</tr></tfoot>\n"
        }
        body += "</table>\n"
        for note in table.notes { body += "<p class=\"note\">\(Markup.text(note))</p>\n" }
        body += "</div>\n"
        return body
    }

    mutating func addChart(_ chart: Chart) {
        body += "<figure>\n" + chart.svgElement + "</figure>\n"
    }

    /// The finished document.
    func finish() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="PeerScript \(peerScriptVersion)"/>
        <title>\(Markup.text(title))</title>
        <style>
        \(Self.styleSheet)</style>
        </head>
        <body>
        <main>
        <h1>\(Markup.text(title))</h1>
        \(body)</main>
        </body>
        </html>

        """
    }

    private static func keyCells(_ keys: [String]) -> String {
        keys.map { "<th scope=\"row\">\(Markup.text($0))</th>" }.joined()
    }

    private static func numberCells(_ numbers: [ResultTable.Number], table: ResultTable) -> String {
        numbers.map { "<td class=\"n\">\(ChartFormat.cell($0, decimals: table.decimals))</td>" }.joined()
    }

    /// The text split at blank lines, each paragraph's lines joined by spaces.
    static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        var current: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        return paragraphs
    }

    /// Plain, print-friendly styling with system fonts only, so nothing is downloaded.
    private static let styleSheet = """
        :root { color-scheme: light; }
        body { margin: 0; background: #ffffff; color: #1a1a1a;
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
        h1 { font-size: 1.8rem; margin: 0 0 1rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .3rem; }
        h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; }
        h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
        h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        p { margin: 0 0 .8rem; max-width: 45rem; }
        .table { overflow-x: auto; margin: 0 0 1.2rem; }
        table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: bold; padding-bottom: .3rem; }
        th, td { padding: .2rem .6rem; border-bottom: 1px solid #d0d0d0; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #1a1a1a; }
        tfoot th, tfoot td { border-top: 2px solid #1a1a1a; font-weight: bold; }
        .n { text-align: right; }
        .note { font-size: .8rem; color: #444444; margin: .3rem 0 0; }
        tbody th { font-weight: normal; }
        figure { margin: 0 0 1.5rem; }
        figure svg { max-width: 100%; height: auto; }
        @page { size: A4; margin: 15mm; }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          h2, h3, h4 { break-after: avoid; }
          figure, tr { break-inside: avoid; }
          .table { overflow: visible; }
        }

        """
}

extension ResultTable {
    /// The table as an HTML fragment (caption, header, rows and totals), for notebooks.
    public var htmlTable: String { ReportPage.tableMarkup(self) }
}
