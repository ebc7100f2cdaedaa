import Foundation
import ResultTables

/// Draws a table as a grid of cells coloured by value, with row labels on the left, column
/// labels slanted below, and a colour ramp legend on the right. As a co-occurrence matrix the
/// diagonal (a label with itself) is left uncoloured and out of the scale, since it would
/// otherwise outweigh every pair.
struct HeatmapRenderer {
    let table: ResultTable
    let isMatrix: Bool

    private static let columnLabelWidth = 180.0
    private static let lineHeight = ChartStyle.fontSize + 2
    /// Column labels are slanted by 45°, so their reach down and across is width × √½.
    private static let slant = 0.5.squareRoot()

    func draw() -> ChartDrawing {
        let layout = Layout(table: table)
        let values = finiteValues()
        let scale = ChartScale(covering: values)
        let legend = ColourRampLegend(scale: scale, heading: legendHeading(), swatches: swatches())
        let rampHeight = min(max(layout.gridHeight, 120), 240)
        let legendX = layout.gridX + layout.gridWidth + 28
        let width = legendX + legend.width + ChartStyle.margin
        let height = max(layout.rows.top + layout.gridHeight + layout.columnLabelDepth,
                         layout.rows.top + legend.height(rampHeight: rampHeight)) + ChartStyle.margin
        let kindName = isMatrix ? "Co-occurrence matrix" : "Heatmap"
        let summary = "\(kindName) of \(table.rowCount) rows by \(table.columnCount) columns; darker cells hold larger values."
        return ChartDrawing(width: width, height: height, summary: summary) { svg in
            RowLabels.paintHeading(&svg, table: table, x: ChartStyle.margin, y: layout.rows.top - 8)
            paintCells(&svg, layout: layout, scale: scale)
            layout.rows.paint(&svg, plotX: layout.gridX)
            paintColumnLabels(&svg, layout: layout)
            legend.paint(&svg, x: legendX, y: layout.rows.top - 20, rampHeight: rampHeight)
        }
    }

    /// Cell sizes and label room, worked out before anything is drawn.
    private struct Layout {
        let cellWidth: Double
        let rows: RowBands
        let columnLabels: [ChartLabel]
        let showsValues: Bool
        let gridX: Double
        let gridWidth: Double
        let gridHeight: Double
        let columnLabelDepth: Double

        init(table: ResultTable) {
            // Aim for a grid about 720 × 480 pixels, within readable cell sizes.
            let cellWidth = min(max(720 / Double(table.columnCount), 16), 56).rounded()
            let cellHeight = min(max(480 / Double(table.rowCount), 16), 32).rounded()
            self.cellWidth = cellWidth
            rows = RowBands(table: table, bandHeight: cellHeight)
            // Slanted labels may take two lines when columns are wide enough to keep them apart.
            let columnLines = cellWidth >= 32 ? 2 : 1
            columnLabels = table.columnLabels.map {
                ChartLabel($0, maxWidth: HeatmapRenderer.columnLabelWidth, maxLines: columnLines, fontSize: ChartStyle.fontSize)
            }
            let widestValue = table.cells.map {
                TextMetrics.width(of: ChartFormat.cell($0, decimals: table.decimals), fontSize: ChartStyle.smallFontSize)
            }.max() ?? 0
            showsValues = widestValue + 6 <= cellWidth && cellHeight >= 16
            let columnWidths = columnLabels.map {
                ($0.width(fontSize: ChartStyle.fontSize) + Double($0.lines.count - 1) * HeatmapRenderer.lineHeight)
                    * HeatmapRenderer.slant
            }
            // A slanted label reaches left of its column; the first columns must not leave the page.
            let reachLeft = columnWidths.enumerated().map { $1 - (Double($0) + 0.5) * cellWidth }.max() ?? 0
            gridX = (ChartStyle.margin + max(rows.labelRoom, reachLeft, 0)).rounded(.up)
            gridWidth = cellWidth * Double(table.columnCount)
            gridHeight = cellHeight * Double(table.rowCount)
            columnLabelDepth = (columnWidths.max() ?? 0) + ChartStyle.fontSize + 8
        }
    }

    private func isDiagonal(_ row: Int, _ column: Int) -> Bool { isMatrix && row == column }

    private func finiteValues() -> [Double] {
        (0..<table.rowCount).flatMap { row in
            (0..<table.columnCount).compactMap { column -> Double? in
                let value = table.value(row: row, column: column).doubleValue
                return isDiagonal(row, column) || !value.isFinite ? nil : value
            }
        }
    }

    private func legendHeading() -> String {
        table.cells.allSatisfy { $0.intValue != nil } ? (isMatrix ? "Times together" : "Count") : "Value"
    }

    private func swatches() -> [LegendSwatch] {
        var swatches: [LegendSwatch] = []
        let hasMissing = table.cells.indices.contains { index in
            !table.cells[index].doubleValue.isFinite && !isDiagonal(index / table.columnCount, index % table.columnCount)
        }
        if hasMissing { swatches.append(LegendSwatch(fill: ChartColour.missing.hex, stroke: nil, text: "NA (no value)")) }
        if isMatrix { swatches.append(LegendSwatch(fill: "#ffffff", stroke: "#999999", text: "Diagonal: own count")) }
        return swatches
    }

    private func paintCells(_ svg: inout SVGWriter, layout: Layout, scale: ChartScale) {
        svg.open("g", [("stroke", "#ffffff")])
        for row in 0..<table.rowCount {
            for column in 0..<table.columnCount {
                paintCell(&svg, row: row, column: column, layout: layout, scale: scale)
            }
        }
        svg.close()
    }

    private func paintCell(_ svg: inout SVGWriter, row: Int, column: Int, layout: Layout, scale: ChartScale) {
        let number = table.value(row: row, column: column)
        let value = number.doubleValue
        let text = ChartFormat.cell(number, decimals: table.decimals)
        let x = layout.gridX + Double(column) * layout.cellWidth
        let y = layout.rows.top + Double(row) * layout.rows.bandHeight
        let colour: ChartColour? = isDiagonal(row, column) ? nil
            : value.isFinite ? ChartPalette.sequential(scale.fraction(value)) : ChartColour.missing
        var attributes: [SVGWriter.Attribute] = [
            ("x", SVGNumber.format(x)), ("y", SVGNumber.format(y)),
            ("width", SVGNumber.format(layout.cellWidth)), ("height", SVGNumber.format(layout.rows.bandHeight)),
            ("fill", colour?.hex ?? "#ffffff"),
        ]
        if colour == nil { attributes.append(("stroke", "#999999")) }
        let rowLabel = table.rowLabels[row]
        let tooltip = isDiagonal(row, column)
            ? "\(rowLabel): \(text) on its own"
            : "\(rowLabel) × \(table.columnLabels[column]): \(text)"
        svg.element("rect", attributes, tooltip: tooltip)
        guard layout.showsValues else { return }
        var textAttributes: [SVGWriter.Attribute] = [
            ("x", SVGNumber.format(x + layout.cellWidth / 2)), ("y", SVGNumber.format(y + layout.rows.bandHeight / 2 + 4)),
            ("text-anchor", "middle"), ("font-size", SVGNumber.format(ChartStyle.smallFontSize)),
            ("fill", colour?.textColour ?? "#000000"), ("stroke", "none"),
        ]
        if colour == nil { textAttributes.append(("font-style", "italic")) }
        svg.text([text], textAttributes)
    }

    private func paintColumnLabels(_ svg: inout SVGWriter, layout: Layout) {
        let top = layout.rows.top + layout.gridHeight + 8
        for (column, label) in layout.columnLabels.enumerated() {
            let x = layout.gridX + (Double(column) + 0.5) * layout.cellWidth
            let anchorX = SVGNumber.format(x + 4), anchorY = SVGNumber.format(top + 8)
            // Raising a two-line label by half a line centres the block on its column once slanted.
            let raise = Double(label.lines.count - 1) * Self.lineHeight / 2
            svg.text(label.lines, [
                ("x", anchorX), ("y", SVGNumber.format(top + 8 - raise)), ("text-anchor", "end"),
                ("transform", "rotate(-45 \(anchorX) \(anchorY))"),
            ], lineHeight: Self.lineHeight, tooltip: label.tooltip)
        }
    }
}

/// Row labels drawn right-aligned against a chart's left edge, one per band, and the name of
/// the row field above them.
enum RowLabels {
    static func paint(_ svg: inout SVGWriter, labels: [ChartLabel], rightEdge: Double, top: Double,
                      bandHeight: Double) {
        let lineHeight = ChartStyle.fontSize + 2
        for (row, label) in labels.enumerated() {
            let blockHeight = Double(label.lines.count - 1) * lineHeight
            let baseline = top + (Double(row) + 0.5) * bandHeight - blockHeight / 2 + 4
            svg.text(label.lines, [
                ("x", SVGNumber.format(rightEdge)), ("y", SVGNumber.format(baseline)), ("text-anchor", "end"),
            ], lineHeight: lineHeight, tooltip: label.tooltip)
        }
    }

    /// The key names (e.g. `participant.role`) in muted bold text above the row labels.
    static func paintHeading(_ svg: inout SVGWriter, table: ResultTable, x: Double, y: Double) {
        let heading = ChartLabel(table.keyNames.joined(separator: " / "), maxWidth: 240,
                                 fontSize: ChartStyle.smallFontSize)
        svg.text(heading.lines, [
            ("x", SVGNumber.format(x)), ("y", SVGNumber.format(y)), ("font-size", SVGNumber.format(ChartStyle.smallFontSize)),
            ("font-weight", "bold"), ("fill", ChartStyle.mutedText),
        ], tooltip: heading.tooltip)
    }
}
