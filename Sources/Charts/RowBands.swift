import ResultTables

/// The row side that bar charts and heatmaps share: one band per table row, starting below the
/// row field's name, with each row's label right-aligned against the plot's left edge.
struct RowBands {
    /// The widest a row label may be; a longer one wraps or is cut.
    static let labelWidth = 200.0

    /// Each row's label, on two lines where the bands are tall enough for them.
    let labels: [ChartLabel]
    /// The height of one band.
    let bandHeight: Double
    /// The top of the first band, leaving room above it for the row field's name.
    let top = 28.0
    /// The width of the widest label with its gap to the plot.
    let labelRoom: Double

    init(table: ResultTable, bandHeight: Double) {
        let lines = bandHeight >= 30 ? 2 : 1
        labels = table.rowLabels.map {
            ChartLabel($0, maxWidth: Self.labelWidth, maxLines: lines, fontSize: ChartStyle.fontSize)
        }
        self.bandHeight = bandHeight
        labelRoom = (labels.map { $0.width(fontSize: ChartStyle.fontSize) }.max() ?? 0) + 8
    }

    /// Draws the labels, ending just left of the plot that starts at `plotX`.
    func paint(_ svg: inout SVGWriter, plotX: Double) {
        RowLabels.paint(&svg, labels: labels, rightEdge: plotX - 8, top: top, bandHeight: bandHeight)
    }
}
