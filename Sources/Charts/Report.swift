import Foundation
import ResultTables

/// A document of headings, paragraphs, tables and charts, written as one self-contained HTML
/// file: styles and charts are inline and nothing is fetched, so it opens offline, can be sent
/// as a single attachment, and prints cleanly. The same report always gives the same bytes.
public struct Report: Sendable, Hashable {
    /// One piece of a report, in reading order.
    public enum Block: Sendable, Hashable {
        /// A heading: level 1 for a section, 2 and 3 for subsections.
        case heading(String, level: Int)
        /// A paragraph; blank lines in the text start new paragraphs.
        case text(String)
        /// A table, with totals when the table shows them.
        case table(ResultTable)
        /// A chart.
        case chart(Chart)
    }

    /// The report's title, shown at the top and as the page title.
    public var title: String
    /// The blocks in reading order.
    public private(set) var blocks: [Block] = []

    /// An empty report called `title`.
    public init(title: String) {
        self.title = title
    }

    /// Adds a heading; throws `ChartError.headingLevel` for a level other than 1, 2 or 3.
    public mutating func addHeading(_ text: String, level: Int = 1) throws {
        guard (1...3).contains(level) else { throw ChartError.headingLevel(level) }
        blocks.append(.heading(text, level: level))
    }

    /// Adds text; blank lines in it separate paragraphs.
    public mutating func addText(_ text: String) {
        blocks.append(.text(text))
    }

    /// Adds a table.
    public mutating func addTable(_ table: ResultTable) {
        blocks.append(.table(table))
    }

    /// Adds a chart.
    public mutating func addChart(_ chart: Chart) {
        blocks.append(.chart(chart))
    }

    /// The whole report as an HTML document.
    public var html: String {
        var page = ReportPage(title: title)
        for block in blocks {
            switch block {
            case let .heading(text, level): page.addHeading(text, level: level)
            case let .text(text): page.addParagraphs(text)
            case let .table(table): page.addTable(table)
            case let .chart(chart): page.addChart(chart)
            }
        }
        return page.finish()
    }

    /// Writes the HTML to `url` as UTF-8, replacing any file there. Throws
    /// `ChartError.writeFailed` when the system refuses the write.
    public func write(to url: URL) throws {
        do {
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw ChartError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
