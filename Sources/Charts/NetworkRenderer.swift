import Foundation
import ResultTables

/// Draws a co-occurrence table as a network: one circle per label, placed evenly on a ring in
/// table order (so the layout never changes between runs), joined by lines for pairs that
/// occur together.
///
/// A circle's area is proportional to the label's frequency: the table's diagonal when it
/// holds any count, otherwise the label's row total. A line's width grows with the pair's
/// count, read as the larger of the two cells for the pair, so a table filled on one side of
/// the diagonal draws the same as a symmetric one.
struct NetworkRenderer {
    let table: ResultTable

    private static let labelWidth = 150.0
    private static let largestRadius = 20.0
    private static let widestLine = 8.0
    private static let nodeColour = ChartColour(hex: 0xE69F00)
    private static let edgeColour = ChartColour(hex: 0x0072B2)

    /// A pair of labels that occur together, and how often.
    private struct Edge {
        let from: Int
        let to: Int
        let weight: Double
    }

    func draw() -> ChartDrawing {
        let count = table.rowCount
        let frequencies = nodeFrequencies()
        let edges = pairEdges()
        let largestFrequency = frequencies.max() ?? 0
        let heaviest = edges.map(\.weight).max() ?? 0
        let labels = table.rowLabels.map { ChartLabel($0, maxWidth: Self.labelWidth, fontSize: ChartStyle.smallFontSize) }
        let ringRadius = min(max(Double(count) * 12, 110), 300)
        let labelReach = (labels.map { $0.width(fontSize: ChartStyle.smallFontSize) }.max() ?? 0) + Self.largestRadius + 10
        let centre = (x: ChartStyle.margin + labelReach + ringRadius, y: 20 + Self.largestRadius + ringRadius)
        let radii = frequencies.map { radius(frequency: $0, largest: largestFrequency) }
        let positions = (0..<count).map { index -> (x: Double, y: Double, angle: Double) in
            // Start at the top and go clockwise, so the first row sits at twelve o'clock.
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(count)
            return (centre.x + ringRadius * cos(angle), centre.y + ringRadius * sin(angle), angle)
        }
        let legendX = centre.x + ringRadius + labelReach + 12
        let width = legendX + 170 + ChartStyle.margin
        let height = centre.y + ringRadius + Self.largestRadius + 30 + ChartStyle.margin
        let summary = "Network of \(count) labels on a ring; larger circles occur more often and thicker lines join labels that occur together more often."
        return ChartDrawing(width: width, height: height, summary: summary) { svg in
            svg.open("g", [("stroke", Self.edgeColour.hex), ("stroke-opacity", "0.6"), ("stroke-linecap", "round")])
            for edge in edges {
                let a = positions[edge.from], b = positions[edge.to]
                svg.element("line", [
                    ("x1", SVGNumber.format(a.x)), ("y1", SVGNumber.format(a.y)),
                    ("x2", SVGNumber.format(b.x)), ("y2", SVGNumber.format(b.y)),
                    ("stroke-width", SVGNumber.format(lineWidth(edge.weight, heaviest: heaviest))),
                ], tooltip: "\(table.rowLabels[edge.from]) — \(table.rowLabels[edge.to]): \(format(edge.weight))")
            }
            svg.close()
            svg.open("g", [("fill", Self.nodeColour.hex), ("stroke", "#000000"), ("stroke-width", "0.75")])
            for index in 0..<count {
                svg.element("circle", [
                    ("cx", SVGNumber.format(positions[index].x)), ("cy", SVGNumber.format(positions[index].y)),
                    ("r", SVGNumber.format(radii[index])),
                ], tooltip: "\(table.rowLabels[index]): \(format(frequencies[index]))")
            }
            svg.close()
            svg.open("g", [("font-size", SVGNumber.format(ChartStyle.smallFontSize))])
            for index in 0..<count {
                paintLabel(&svg, labels[index], at: positions[index], clearance: radii[index] + 5)
            }
            svg.close()
            paintLegend(&svg, x: legendX, y: 20, largestFrequency: largestFrequency, heaviest: heaviest)
        }
    }

    /// The diagonal when any diagonal cell holds a count, else each row's off-diagonal total.
    private func nodeFrequencies() -> [Double] {
        let diagonal = (0..<table.rowCount).map { finite(table.value(row: $0, column: $0)) }
        if diagonal.contains(where: { $0 > 0 }) { return diagonal }
        return (0..<table.rowCount).map { row in
            (0..<table.columnCount).filter { $0 != row }.map { finite(table.value(row: row, column: $0)) }.reduce(0, +)
        }
    }

    /// Every pair with a positive count, lightest first so heavy lines are drawn on top.
    private func pairEdges() -> [Edge] {
        var edges: [Edge] = []
        for from in 0..<table.rowCount {
            for to in (from + 1)..<table.rowCount {
                let weight = max(finite(table.value(row: from, column: to)), finite(table.value(row: to, column: from)))
                if weight > 0 { edges.append(Edge(from: from, to: to, weight: weight)) }
            }
        }
        // A stable sort keeps table order among equal weights, so output stays the same.
        return edges.enumerated().sorted { ($0.element.weight, $0.offset) < ($1.element.weight, $1.offset) }.map(\.element)
    }

    private func finite(_ number: ResultTable.Number) -> Double {
        let value = number.doubleValue
        return value.isFinite ? value : 0
    }

    /// Area proportional to frequency; a label never seen still gets a small dot.
    private func radius(frequency: Double, largest: Double) -> Double {
        guard largest > 0, frequency > 0 else { return 2.5 }
        return max(Self.largestRadius * (frequency / largest).squareRoot(), 3)
    }

    private func lineWidth(_ weight: Double, heaviest: Double) -> Double {
        heaviest > 0 ? 1 + (Self.widestLine - 1) * weight / heaviest : 1
    }

    private func format(_ value: Double) -> String {
        let isCount = table.cells.allSatisfy { $0.intValue != nil }
        return ChartFormat.fixed(value, decimals: isCount ? 0 : table.decimals)
    }

    /// A label just outside its circle, on the side facing away from the ring's centre.
    private func paintLabel(_ svg: inout SVGWriter, _ label: ChartLabel, at position: (x: Double, y: Double, angle: Double),
                            clearance: Double) {
        let dx = cos(position.angle), dy = sin(position.angle)
        let anchor = dx > 0.2 ? "start" : dx < -0.2 ? "end" : "middle"
        let x = position.x + dx * clearance
        // Labels above the ring sit on their baseline; those below hang from the circle.
        let y = position.y + dy * clearance + (dy > 0.2 ? 10 : dy < -0.2 ? -2 : 4)
        svg.text(label.lines, [("x", SVGNumber.format(x)), ("y", SVGNumber.format(y)), ("text-anchor", anchor)],
                 tooltip: label.tooltip)
    }

    /// Two sample circles for frequency and two sample lines for co-occurrence.
    private func paintLegend(_ svg: inout SVGWriter, x: Double, y: Double, largestFrequency: Double, heaviest: Double) {
        svg.open("g", [("font-size", SVGNumber.format(ChartStyle.smallFontSize))])
        svg.text(["Circle area: frequency"], [("x", SVGNumber.format(x)), ("y", SVGNumber.format(y + 10)), ("font-weight", "bold")])
        var rowY = y + 24
        for sample in legendSamples(largest: largestFrequency) {
            let r = radius(frequency: sample, largest: largestFrequency)
            svg.element("circle", [
                ("cx", SVGNumber.format(x + Self.largestRadius)), ("cy", SVGNumber.format(rowY + r)),
                ("r", SVGNumber.format(r)), ("fill", Self.nodeColour.hex), ("stroke", "#000000"), ("stroke-width", "0.75"),
            ])
            svg.text([format(sample)], [("x", SVGNumber.format(x + 2 * Self.largestRadius + 8)), ("y", SVGNumber.format(rowY + r + 4))])
            rowY += 2 * r + 8
        }
        rowY += 10
        svg.text(["Line width: times together"], [("x", SVGNumber.format(x)), ("y", SVGNumber.format(rowY)), ("font-weight", "bold")])
        rowY += 16
        let samples = legendSamples(largest: heaviest)
        if samples.isEmpty {
            svg.text(["No two labels occur together"], [("x", SVGNumber.format(x)), ("y", SVGNumber.format(rowY)), ("fill", ChartStyle.mutedText)])
        }
        for sample in samples {
            svg.element("line", [
                ("x1", SVGNumber.format(x)), ("x2", SVGNumber.format(x + 2 * Self.largestRadius)),
                ("y1", SVGNumber.format(rowY)), ("y2", SVGNumber.format(rowY)),
                ("stroke", Self.edgeColour.hex), ("stroke-opacity", "0.6"), ("stroke-linecap", "round"),
                ("stroke-width", SVGNumber.format(lineWidth(sample, heaviest: heaviest))),
            ])
            svg.text([format(sample)], [("x", SVGNumber.format(x + 2 * Self.largestRadius + 8)), ("y", SVGNumber.format(rowY + 4))])
            rowY += 18
        }
        svg.close()
    }

    /// The largest value and about half of it (whole for counts), or just the largest when
    /// the two would meet.
    private func legendSamples(largest: Double) -> [Double] {
        guard largest > 0 else { return [] }
        let isCount = table.cells.allSatisfy { $0.intValue != nil }
        let half = isCount ? (largest / 2).rounded(.down) : largest / 2
        return half > 0 && half < largest ? [largest, half] : [largest]
    }
}
