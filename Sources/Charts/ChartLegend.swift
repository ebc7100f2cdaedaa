/// A small key entry: a square swatch and its text (e.g. the grey square for missing values).
struct LegendSwatch {
    var fill: String
    var stroke: String?
    var text: String
}

/// The key of a sequential colour scale: a vertical ramp, dark (high) at the top, with the
/// scale's ticks beside it, a heading above, and swatches below for cells outside the scale.
struct ColourRampLegend {
    let scale: ChartScale
    let heading: String
    let swatches: [LegendSwatch]

    private static let rampWidth = 14.0
    private static let steps = 48
    private static let labelWidth = 150.0

    /// The horizontal room the legend takes.
    var width: Double {
        let ticks = scale.ticks.map { TextMetrics.width(of: scale.label($0), fontSize: ChartStyle.smallFontSize) }
        let texts = ([heading] + swatches.map(\.text)).map {
            ChartLabel($0, maxWidth: Self.labelWidth, fontSize: ChartStyle.smallFontSize).width(fontSize: ChartStyle.smallFontSize)
        }
        return max(Self.rampWidth + 8 + (ticks.max() ?? 0), 18 + (texts.max() ?? 0))
    }

    /// The vertical room the legend takes when its ramp is `rampHeight` tall.
    func height(rampHeight: Double) -> Double {
        20 + rampHeight + 8 + Double(swatches.count) * 18
    }

    func paint(_ svg: inout SVGWriter, x: Double, y: Double, rampHeight: Double) {
        svg.open("g", [("font-size", SVGNumber.format(ChartStyle.smallFontSize))])
        let title = ChartLabel(heading, maxWidth: Self.labelWidth, fontSize: ChartStyle.smallFontSize)
        svg.text(title.lines, [("x", SVGNumber.format(x)), ("y", SVGNumber.format(y + 10)), ("font-weight", "bold")],
                 tooltip: title.tooltip)
        let top = y + 20
        // Thin bands, each a little taller than its step, approximate a smooth gradient
        // without the ids a <linearGradient> needs (ids would clash between charts on one page).
        svg.open("g", [("shape-rendering", "crispEdges")])
        let step = rampHeight / Double(Self.steps)
        for index in 0..<Self.steps {
            let fraction = 1 - (Double(index) + 0.5) / Double(Self.steps)
            svg.element("rect", [
                ("x", SVGNumber.format(x)), ("y", SVGNumber.format(top + Double(index) * step)),
                ("width", SVGNumber.format(Self.rampWidth)), ("height", SVGNumber.format(step + 0.5)),
                ("fill", ChartPalette.sequential(fraction).hex),
            ])
        }
        svg.close()
        svg.element("rect", [
            ("x", SVGNumber.format(x)), ("y", SVGNumber.format(top)), ("width", SVGNumber.format(Self.rampWidth)),
            ("height", SVGNumber.format(rampHeight)), ("fill", "none"), ("stroke", ChartStyle.axisColour),
        ])
        for tick in scale.ticks {
            let tickY = top + rampHeight * (1 - scale.fraction(tick))
            svg.element("line", [
                ("x1", SVGNumber.format(x + Self.rampWidth)), ("x2", SVGNumber.format(x + Self.rampWidth + 4)),
                ("y1", SVGNumber.format(tickY)), ("y2", SVGNumber.format(tickY)), ("stroke", ChartStyle.axisColour),
            ])
            svg.text([scale.label(tick)], [
                ("x", SVGNumber.format(x + Self.rampWidth + 7)), ("y", SVGNumber.format(tickY + 4)),
            ])
        }
        var swatchY = top + rampHeight + 12
        for swatch in swatches {
            paintSwatch(&svg, swatch, x: x, y: swatchY)
            swatchY += 18
        }
        svg.close()
    }

    private func paintSwatch(_ svg: inout SVGWriter, _ swatch: LegendSwatch, x: Double, y: Double) {
        var attributes: [SVGWriter.Attribute] = [
            ("x", SVGNumber.format(x)), ("y", SVGNumber.format(y)), ("width", "12"), ("height", "12"),
            ("fill", swatch.fill),
        ]
        if let stroke = swatch.stroke { attributes.append(("stroke", stroke)) }
        svg.element("rect", attributes)
        let label = ChartLabel(swatch.text, maxWidth: Self.labelWidth, fontSize: ChartStyle.smallFontSize)
        svg.text(label.lines, [("x", SVGNumber.format(x + 18)), ("y", SVGNumber.format(y + 10))], tooltip: label.tooltip)
    }
}

/// The key of a categorical palette: one swatch and label per series, top to bottom.
struct CategoryLegend {
    let labels: [String]
    let colours: [ChartColour]

    private static let labelWidth = 180.0
    private static let rowHeight = 18.0

    private var fitted: [ChartLabel] {
        labels.map { ChartLabel($0, maxWidth: Self.labelWidth, fontSize: ChartStyle.smallFontSize) }
    }

    /// The horizontal room the legend takes.
    var width: Double {
        18 + (fitted.map { $0.width(fontSize: ChartStyle.smallFontSize) }.max() ?? 0)
    }

    /// The vertical room the legend takes.
    var height: Double { Double(labels.count) * Self.rowHeight }

    func paint(_ svg: inout SVGWriter, x: Double, y: Double) {
        svg.open("g", [("font-size", SVGNumber.format(ChartStyle.smallFontSize))])
        for (index, label) in fitted.enumerated() {
            let rowY = y + Double(index) * Self.rowHeight
            svg.element("rect", [
                ("x", SVGNumber.format(x)), ("y", SVGNumber.format(rowY)), ("width", "12"), ("height", "12"),
                ("fill", colours[index].hex),
            ])
            svg.text(label.lines, [("x", SVGNumber.format(x + 18)), ("y", SVGNumber.format(rowY + 10))],
                     tooltip: label.tooltip)
        }
        svg.close()
    }
}
