@testable import Charts
import Foundation
@testable import ResultTables
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Charts as SVG")
struct ChartSVGTests {
    @Test func heatmapHasACellPerValueLabelsAndALegend() throws {
        let table = try ChartSamples.rolesByGroup()
        let svg = try ChartSamples.parse(try Chart(kind: .heatmap, table: table).svg)
        #expect(svg.name == "svg")
        #expect(ChartSamples.attribute("viewBox", of: svg) != nil)
        let cells = ChartSamples.elements("rect", in: svg).filter { ChartSamples.tooltip(of: $0)?.contains(" × ") == true }
        #expect(cells.count == table.rowCount * table.columnCount)
        #expect(cells.contains { ChartSamples.tooltip(of: $0) == "SU × 3. Social support: 9" })
        let texts = ChartSamples.elements("text", in: svg).map { $0.stringValue ?? "" }
        for role in ["PW", "SU", "ST", "MA"] { #expect(texts.contains(role)) }
        #expect(texts.contains("Technique groups by role"))
        #expect(texts.contains("Count"))
        // The legend's ticks run from zero to the largest count, 15, in steps of five.
        #expect(["0", "5", "10", "15"].allSatisfy(texts.contains))
    }

    @Test func longLabelsAreShortenedWithTheFullTextInATooltip() throws {
        let table = try ChartSamples.rolesByGroup()
        let full = table.columnLabels[4]
        for kind in [Chart.Kind.heatmap, .bar, .stackedBar] {
            let svg = try ChartSamples.parse(try Chart(kind: kind, table: table).svg)
            let label = try #require(ChartSamples.elements("text", in: svg).first { ChartSamples.tooltip(of: $0) == full },
                                     "no shortened label in the \(kind) chart")
            let shown = (label.children ?? []).filter { $0.name != "title" }.compactMap(\.stringValue).joined()
            #expect(shown.hasSuffix("…"))
            #expect(shown.count < full.count)
        }
    }

    @Test func sameTableGivesTheSameBytes() throws {
        for kind in Chart.Kind.allCases {
            let table = kind == .matrix || kind == .network ? try ChartSamples.cooccurrence() : try ChartSamples.rolesByGroup()
            let first = try Chart(kind: kind, table: table).svg
            let second = try Chart(kind: kind, table: ResultTable(
                keyNames: table.keyNames, rowKeys: table.rowKeys, columnLabels: table.columnLabels,
                cells: table.cells, title: table.title)).svg
            #expect(first == second, "\(kind) output differs between two identical tables")
        }
    }

    @Test func barsDrawOneBarPerCellAndAValueAxis() throws {
        let table = try ChartSamples.rolesByGroup()
        let svg = try ChartSamples.parse(try Chart(kind: .bar, table: table, title: "Bars").svg)
        let bars = ChartSamples.elements("rect", in: svg).filter { ChartSamples.tooltip(of: $0)?.contains(" · ") == true }
        #expect(bars.count == table.rowCount * table.columnCount)
        // Five series: the Okabe–Ito colours, one per column, in the legend and on the bars.
        let fills = Set(bars.compactMap { ChartSamples.attribute("fill", of: $0) })
        #expect(fills == ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2"])
        #expect(ChartSamples.elements("line", in: svg).count >= 3)
    }

    @Test func stackedBarsSkipEmptySegmentsAndPrintTotals() throws {
        let table = try ChartSamples.rolesByGroup()
        let svg = try ChartSamples.parse(try Chart(kind: .stackedBar, table: table).svg)
        let segments = ChartSamples.elements("rect", in: svg).filter { ChartSamples.tooltip(of: $0)?.contains(" · ") == true }
        #expect(segments.count == table.cells.filter { $0.doubleValue > 0 }.count)
        let texts = ChartSamples.elements("text", in: svg).compactMap(\.stringValue)
        for total in table.rowTotals { #expect(texts.contains(total.description)) }
    }

    @Test func stackedBarsRefuseNegativeValues() throws {
        let table = try ResultTable(keyNames: ["k"], rowKeys: [["a"]], columnLabels: ["x", "y"], cells: [.int(2), .double(-1.5)])
        #expect(throws: ChartError.negativeValue(row: "a", column: "y", value: "-1.5")) {
            try Chart(kind: .stackedBar, table: table)
        }
        // Side-by-side bars can show the same values, drawn left of zero.
        let svg = try ChartSamples.parse(try Chart(kind: .bar, table: table).svg)
        #expect(ChartSamples.elements("text", in: svg).contains { $0.stringValue == "-1.5" })
    }

    @Test func matrixAndNetworkNeedMatchingRowsAndColumns() throws {
        let table = try ChartSamples.rolesByGroup()
        for kind in [Chart.Kind.matrix, .network] {
            #expect(throws: ChartError.notSquare(kind: kind.rawValue, rows: 4, columns: 5)) {
                try Chart(kind: kind, table: table)
            }
        }
        let empty = try ResultTable(keyNames: ["k"], rowKeys: [], columnLabels: ["x"], cells: [])
        #expect(throws: ChartError.emptyTable(kind: "bar")) { try Chart(kind: .bar, table: empty) }
    }

    @Test func matrixLeavesTheDiagonalOutOfTheScale() throws {
        let table = try ChartSamples.cooccurrence()
        let svg = try ChartSamples.parse(try Chart(kind: .matrix, table: table).svg)
        let diagonal = ChartSamples.elements("rect", in: svg).filter { ChartSamples.tooltip(of: $0)?.hasSuffix("on its own") == true }
        #expect(diagonal.count == 5)
        #expect(diagonal.allSatisfy { ChartSamples.attribute("fill", of: $0) == "#ffffff" })
        // The scale ends at the largest pair (7, rounded up to 8), not at the diagonal's 14.
        let strongest = try #require(ChartSamples.elements("rect", in: svg).first {
            ChartSamples.tooltip(of: $0) == "17.1 Sharing lived experience × 17.3 Hope: 7"
        })
        #expect(ChartSamples.attribute("fill", of: strongest) == ChartPalette.sequential(7.0 / 8).hex)
    }

    @Test func networkSizesCirclesByFrequencyAndLinesByCount() throws {
        let table = try ChartSamples.cooccurrence()
        let svg = try ChartSamples.parse(try Chart(kind: .network, table: table).svg)
        let nodes = ChartSamples.elements("circle", in: svg).filter { ChartSamples.tooltip(of: $0) != nil }
        #expect(nodes.count == 5)
        let radius = { (label: String) throws -> Double in
            let node = try #require(nodes.first { ChartSamples.tooltip(of: $0)?.hasPrefix(label) == true })
            return Double(ChartSamples.attribute("r", of: node) ?? "") ?? 0
        }
        // Area follows frequency: 14 against 3 is a radius ratio of √(14/3).
        let ratio = try radius("17.1") / radius("17.5")
        #expect(abs(ratio - (14.0 / 3).squareRoot()) < 0.01)
        let edges = ChartSamples.elements("line", in: svg).filter { ChartSamples.tooltip(of: $0) != nil }
        #expect(edges.count == 7)
        let widths = edges.compactMap { Double(ChartSamples.attribute("stroke-width", of: $0) ?? "") }
        #expect(widths.last == widths.max())
        #expect(ChartSamples.tooltip(of: try #require(edges.last)) == "17.1 Sharing lived experience — 17.3 Hope: 7")
    }

    @Test func markupInLabelsIsEscaped() throws {
        let label = "Tom & Jerry's <b>\"best\"</b>\n"
        let table = try ResultTable(keyName: label, rowLabels: [label], columnLabels: [label], counts: [[3]], title: label)
        for kind in Chart.Kind.allCases {
            let svg = try ChartSamples.parse(try Chart(kind: kind, table: table).svg)
            let texts = ChartSamples.elements("title", in: svg).compactMap(\.stringValue)
            #expect(texts.contains { $0.contains("Tom & Jerry's <b>\"best\"</b>") }, "\(kind)")
        }
    }

    @Test func missingValuesAreGreyAndNamedInTheLegend() throws {
        let table = try ResultTable(keyNames: ["k"], rowKeys: [["a"], ["b"]], columnLabels: ["x"],
                                    cells: [.double(50), .double(.nan)])
        let svg = try ChartSamples.parse(try Chart(kind: .heatmap, table: table).svg)
        let cell = try #require(ChartSamples.elements("rect", in: svg).first { ChartSamples.tooltip(of: $0) == "b × x: NA" })
        #expect(ChartSamples.attribute("fill", of: cell) == "#d9d9d9")
        #expect(ChartSamples.elements("text", in: svg).contains { $0.stringValue == "NA (no value)" })
    }

    @Test func goldenFilesMatch() throws {
        let charts = [
            ("heatmap.svg", try Chart(kind: .heatmap, table: ChartSamples.rolesByGroup())),
            ("stacked_bar.svg", try Chart(kind: .stackedBar, table: ChartSamples.rolesByGroup())),
            ("network.svg", try Chart(kind: .network, table: ChartSamples.cooccurrence())),
        ]
        for (name, chart) in charts {
            let url = ChartSamples.goldenFolder.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["PEERSCRIPT_UPDATE_GOLDEN"] == "1" {
                try chart.write(to: url)
            }
            let golden = try String(contentsOf: url, encoding: .utf8)
            #expect(chart.svg == golden, "\(name) differs from its golden file; if the change is intended, rerun with PEERSCRIPT_UPDATE_GOLDEN=1 and review the diff")
        }
    }
}
