/// What a renderer produces: the size of its drawing, a one-sentence description for screen
/// readers, and the code that paints it with the origin at its top-left corner.
struct ChartDrawing {
    var width: Double
    var height: Double
    var summary: String
    var paint: (inout SVGWriter) -> Void
}

/// Sizes and fonts shared by every chart, so charts in one report look alike.
enum ChartStyle {
    static let margin = 16.0
    static let fontSize = 12.0
    static let smallFontSize = 11.0
    static let titleFontSize = 16.0
    static let fontFamily = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
    static let axisColour = "#444444"
    static let gridColour = "#e3e3e3"
    static let mutedText = "#555555"
}

/// The outer `<svg>` element: size, fonts, accessible title and description, a white
/// background (so the chart reads the same on a dark page), the heading, then the drawing.
struct ChartFrame {
    let title: String?
    let drawing: ChartDrawing

    func render() -> String {
        let width = max(drawing.width, 320).rounded(.up)
        let heading = title.map {
            ChartLabel($0, maxWidth: width - 2 * ChartStyle.margin, maxLines: 2, fontSize: ChartStyle.titleFontSize)
        }
        let headingHeight = heading.map { Double($0.lines.count) * 20 + 20 } ?? ChartStyle.margin / 2
        let height = (drawing.height + headingHeight).rounded(.up)
        var svg = SVGWriter()
        svg.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("width", SVGNumber.format(width)), ("height", SVGNumber.format(height)),
            ("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"),
            ("font-family", ChartStyle.fontFamily), ("font-size", SVGNumber.format(ChartStyle.fontSize)),
            ("role", "img"),
        ])
        svg.textElement("title", title ?? drawing.summary)
        svg.textElement("desc", drawing.summary)
        svg.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")])
        if let heading {
            svg.text(heading.lines, [
                ("x", SVGNumber.format(ChartStyle.margin)), ("y", SVGNumber.format(ChartStyle.margin + 12)),
                ("font-size", SVGNumber.format(ChartStyle.titleFontSize)), ("font-weight", "bold"),
            ], lineHeight: 20, tooltip: heading.tooltip)
        }
        svg.open("g", [("transform", "translate(0 \(SVGNumber.format(headingHeight)))")])
        drawing.paint(&svg)
        svg.close()
        svg.close()
        return svg.markup
    }
}
