import Foundation
import ResultTables

/// A picture of a `ResultTable`, drawn as standalone SVG. Drawing depends only on the kind, the
/// table and the title, so the same inputs always give byte-identical SVG.
public struct Chart: Sendable, Hashable {
    /// The ways a table can be drawn.
    public enum Kind: String, Sendable, CaseIterable {
        /// A grid of coloured cells, one per row and column, on a sequential colour scale.
        case heatmap
        /// Horizontal bars, one per row; several columns become side-by-side bars.
        case bar
        /// One horizontal bar per row made of one segment per column.
        case stackedBar = "stacked_bar"
        /// A co-occurrence table as a grid; the diagonal shows each label's own count uncoloured.
        case matrix
        /// A co-occurrence table as circles on a ring joined by lines: circle area grows with
        /// a label's frequency, line width with how often two labels occur together.
        case network

        /// The kind with this name (`"heatmap"`, `"stacked_bar"`, …); throws
        /// `ChartError.unknownKind` listing the names there are.
        public init(named name: String) throws {
            guard let kind = Kind(rawValue: name) else {
                throw ChartError.unknownKind(name, known: Kind.allCases.map(\.rawValue))
            }
            self = kind
        }
    }

    /// How the table is drawn.
    public let kind: Kind
    /// The table drawn.
    public let table: ResultTable
    /// The heading drawn above the chart: the one given, else the table's own title, if any.
    public let title: String?

    /// A chart of `table`. `labels` gives display names for row keys and column labels (for
    /// example `"3"` → `"3. Social support"`); labels not in it are shown as they are.
    /// Throws `ChartError` when the table cannot be drawn this way: it is empty, a matrix or
    /// network is asked of a table whose rows and columns differ, or stacked bars are asked
    /// of negative values.
    public init(kind: Kind, table: ResultTable, title: String? = nil, labels: [String: String] = [:]) throws {
        let table = labels.isEmpty ? table : try Self.relabelled(table, labels)
        guard table.rowCount > 0, table.columnCount > 0 else {
            throw ChartError.emptyTable(kind: kind.rawValue)
        }
        switch kind {
        case .matrix, .network:
            guard table.rowLabels == table.columnLabels else {
                throw ChartError.notSquare(kind: kind.rawValue, rows: table.rowCount, columns: table.columnCount)
            }
        case .stackedBar:
            if let index = table.cells.firstIndex(where: { $0.doubleValue < 0 }) {
                throw ChartError.negativeValue(
                    row: table.rowLabels[index / table.columnCount],
                    column: table.columnLabels[index % table.columnCount],
                    value: ChartFormat.cell(table.cells[index], decimals: table.decimals))
            }
        case .heatmap, .bar:
            break
        }
        self.kind = kind
        self.table = table
        self.title = title ?? table.title
    }

    /// The same table with its row keys and column labels renamed through `labels`.
    private static func relabelled(_ table: ResultTable, _ labels: [String: String]) throws -> ResultTable {
        var renamed = try ResultTable(
            keyNames: table.keyNames, rowKeys: table.rowKeys.map { $0.map { labels[$0] ?? $0 } },
            columnLabels: table.columnLabels.map { labels[$0] ?? $0 }, cells: table.cells,
            title: table.title, decimals: table.decimals)
        renamed.showsRowTotals = table.showsRowTotals
        renamed.showsColumnTotals = table.showsColumnTotals
        return renamed
    }

    /// The chart as a standalone SVG file: an XML declaration, then the `<svg>` element.
    public var svg: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement
    }

    /// The `<svg>` element alone, for placing inside an HTML page. It uses no ids, so several
    /// charts can share one page.
    public var svgElement: String {
        ChartFrame(title: title, drawing: drawing()).render()
    }

    /// Writes the standalone SVG to `url` as UTF-8, replacing any file there. Throws
    /// `ChartError.writeFailed` when the system refuses the write.
    public func write(to url: URL) throws {
        do {
            try Data(svg.utf8).write(to: url, options: .atomic)
        } catch {
            throw ChartError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    private func drawing() -> ChartDrawing {
        switch kind {
        case .heatmap: HeatmapRenderer(table: table, isMatrix: false).draw()
        case .matrix: HeatmapRenderer(table: table, isMatrix: true).draw()
        case .bar: BarRenderer(table: table, isStacked: false).draw()
        case .stackedBar: BarRenderer(table: table, isStacked: true).draw()
        case .network: NetworkRenderer(table: table).draw()
        }
    }
}
