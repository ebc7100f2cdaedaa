import ResultTables

/// Draws a table as horizontal bars, one band per row, with the value axis along the bottom.
/// Side by side, each column is its own bar in the band; stacked, the columns are segments of
/// one bar whose length is the row's total. Horizontal bars leave room for long row labels.
struct BarRenderer {
    let table: ResultTable
    let isStacked: Bool

    private static let plotWidth = 440.0

    func draw() -> ChartDrawing {
        let layout = Layout(table: table, isStacked: isStacked)
        let colours = ChartPalette.categorical(table.columnCount)
        let legend = CategoryLegend(labels: table.columnLabels, colours: colours)
        let legendX = layout.plotX + Self.plotWidth + layout.valueLabelRoom + 20
        let axisBottom = layout.rows.top + layout.plotHeight + 28
        let width = legendX + legend.width + ChartStyle.margin
        let height = max(axisBottom, layout.rows.top + legend.height) + ChartStyle.margin
        let how = isStacked ? "Stacked bar chart" : "Bar chart"
        let summary = "\(how) of \(table.rowCount) rows and \(table.columnCount) series; longer bars hold larger values."
        return ChartDrawing(width: width, height: height, summary: summary) { svg in
            RowLabels.paintHeading(&svg, table: table, x: ChartStyle.margin, y: layout.rows.top - 8)
            paintAxis(&svg, layout: layout)
            svg.open("g", [])
            for row in 0..<table.rowCount {
                if isStacked {
                    paintStack(&svg, row: row, layout: layout, colours: colours)
                } else {
                    paintBars(&svg, row: row, layout: layout, colours: colours)
                }
            }
            svg.close()
            layout.rows.paint(&svg, plotX: layout.plotX)
            legend.paint(&svg, x: legendX, y: layout.rows.top)
        }
    }

    /// Bar sizes, scale and label room, worked out before anything is drawn.
    private struct Layout {
        let barHeight: Double
        let rows: RowBands
        let scale: ChartScale
        let plotX: Double
        let plotHeight: Double
        let valueLabelRoom: Double

        init(table: ResultTable, isStacked: Bool) {
            let series = Double(table.columnCount)
            let bandHeight: Double
            if isStacked {
                barHeight = 20
                bandHeight = 28
            } else {
                barHeight = table.columnCount == 1 ? 18 : min(max(36 / series, 6), 14).rounded()
                bandHeight = barHeight * series + 10
            }
            rows = RowBands(table: table, bandHeight: bandHeight)
            let values = isStacked ? BarRenderer.stackTotals(table) : table.cells.map(\.doubleValue)
            scale = ChartScale(covering: values)
            let labelWidths = (isStacked ? BarRenderer.stackTotals(table).map { ChartFormat.fixed($0, decimals: BarRenderer.decimals(table)) }
                : table.cells.map { ChartFormat.cell($0, decimals: table.decimals) })
                .map { TextMetrics.width(of: $0, fontSize: ChartStyle.smallFontSize) }
            valueLabelRoom = (labelWidths.max() ?? 0) + 8
            // Labels of negative bars sit left of the bar's end and need room before the row labels.
            let negativeRoom = values.contains { $0 < 0 } ? valueLabelRoom : 0
            plotX = (ChartStyle.margin + rows.labelRoom + negativeRoom).rounded(.up)
            plotHeight = bandHeight * Double(table.rowCount)
        }

        /// The horizontal position of `value` on the value axis.
        func x(_ value: Double) -> Double {
            plotX + BarRenderer.plotWidth * scale.fraction(value)
        }
    }

    /// Each row's sum of its finite cells: the length of its stacked bar.
    static func stackTotals(_ table: ResultTable) -> [Double] {
        (0..<table.rowCount).map { row in
            table.values(row: row).map(\.doubleValue).filter(\.isFinite).reduce(0, +)
        }
    }

    /// Decimals for printed totals: none when every cell is a count.
    static func decimals(_ table: ResultTable) -> Int {
        table.cells.allSatisfy { $0.intValue != nil } ? 0 : table.decimals
    }

    private func paintAxis(_ svg: inout SVGWriter, layout: Layout) {
        let bottom = layout.rows.top + layout.plotHeight
        svg.open("g", [("font-size", SVGNumber.format(ChartStyle.smallFontSize)), ("fill", ChartStyle.mutedText)])
        for tick in layout.scale.ticks {
            let x = SVGNumber.format(layout.x(tick))
            let isZero = tick == 0
            svg.element("line", [
                ("x1", x), ("x2", x), ("y1", SVGNumber.format(layout.rows.top - 4)), ("y2", SVGNumber.format(bottom + 4)),
                ("stroke", isZero ? ChartStyle.axisColour : ChartStyle.gridColour),
            ])
            svg.text([layout.scale.label(tick)], [
                ("x", x), ("y", SVGNumber.format(bottom + 17)), ("text-anchor", "middle"),
            ])
        }
        svg.close()
    }

    private func paintBars(_ svg: inout SVGWriter, row: Int, layout: Layout, colours: [ChartColour]) {
        let bandTop = layout.rows.top + Double(row) * layout.rows.bandHeight + 5
        let zero = layout.x(0)
        for column in 0..<table.columnCount {
            let number = table.value(row: row, column: column)
            let value = number.doubleValue
            let y = bandTop + Double(column) * layout.barHeight
            let text = ChartFormat.cell(number, decimals: table.decimals)
            let tooltip = "\(table.rowLabels[row]) · \(table.columnLabels[column]): \(text)"
            let end = value.isFinite ? layout.x(value) : zero
            svg.element("rect", [
                ("x", SVGNumber.format(min(zero, end))), ("y", SVGNumber.format(y)),
                ("width", SVGNumber.format(abs(end - zero))), ("height", SVGNumber.format(layout.barHeight - 1)),
                ("fill", colours[column].hex),
            ], tooltip: tooltip)
            guard layout.barHeight >= 10 else { continue }
            let isNegative = value < 0
            svg.text([text], [
                ("x", SVGNumber.format(end + (isNegative ? -4 : 4))), ("y", SVGNumber.format(y + layout.barHeight / 2 + 3.5)),
                ("text-anchor", isNegative ? "end" : "start"), ("font-size", SVGNumber.format(ChartStyle.smallFontSize)),
            ])
        }
    }

    private func paintStack(_ svg: inout SVGWriter, row: Int, layout: Layout, colours: [ChartColour]) {
        let y = layout.rows.top + Double(row) * layout.rows.bandHeight + (layout.rows.bandHeight - layout.barHeight) / 2
        var running = 0.0
        for column in 0..<table.columnCount {
            let number = table.value(row: row, column: column)
            let value = number.doubleValue
            let text = ChartFormat.cell(number, decimals: table.decimals)
            guard value.isFinite, value > 0 else { continue }
            let start = layout.x(running), end = layout.x(running + value)
            running += value
            let colour = colours[column]
            svg.element("rect", [
                ("x", SVGNumber.format(start)), ("y", SVGNumber.format(y)),
                ("width", SVGNumber.format(end - start)), ("height", SVGNumber.format(layout.barHeight)),
                ("fill", colour.hex), ("stroke", "#ffffff"), ("stroke-width", "0.5"),
            ], tooltip: "\(table.rowLabels[row]) · \(table.columnLabels[column]): \(text)")
            // Print a segment's value only where it fits inside the segment.
            guard TextMetrics.width(of: text, fontSize: ChartStyle.smallFontSize) + 6 <= end - start else { continue }
            svg.text([text], [
                ("x", SVGNumber.format((start + end) / 2)), ("y", SVGNumber.format(y + layout.barHeight / 2 + 4)),
                ("text-anchor", "middle"), ("font-size", SVGNumber.format(ChartStyle.smallFontSize)),
                ("fill", colour.textColour),
            ])
        }
        svg.text([ChartFormat.fixed(running, decimals: Self.decimals(table))], [
            ("x", SVGNumber.format(layout.x(running) + 4)), ("y", SVGNumber.format(y + layout.barHeight / 2 + 4)),
            ("font-size", SVGNumber.format(ChartStyle.smallFontSize)), ("font-weight", "bold"),
        ])
    }
}
