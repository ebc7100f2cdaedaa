@testable import Charts
import Testing

@Suite("Chart parts: labels, scales, colours, numbers")
struct ChartPartsTests {
    @Test func labelsWrapAtSpacesAndEndWithAnEllipsisWhenCut() {
        let short = ChartLabel("Social support", maxWidth: 200, maxLines: 2, fontSize: 12)
        #expect(short.lines == ["Social support"] && short.tooltip == nil)
        let wrapped = ChartLabel("Natural consequences of behaviour", maxWidth: 180, maxLines: 2, fontSize: 12)
        #expect(wrapped.lines.count == 2)
        #expect(wrapped.lines.joined(separator: " ") == "Natural consequences of behaviour")
        #expect(wrapped.tooltip == nil)
        let text = "Relational aspects of one-to-one peer support in mental health services"
        let cut = ChartLabel(text, maxWidth: 130, maxLines: 2, fontSize: 12)
        #expect(cut.lines.count == 2)
        #expect(cut.lines[1].hasSuffix("…"))
        #expect(cut.tooltip == text)
        #expect(cut.lines.allSatisfy { TextMetrics.width(of: $0, fontSize: 12) <= 130 })
    }

    @Test func aWordWiderThanTheBoxIsBroken() {
        let label = ChartLabel("Antidisestablishmentarianism", maxWidth: 60, maxLines: 3, fontSize: 12)
        #expect(label.lines.count == 3)
        #expect(label.lines.allSatisfy { TextMetrics.width(of: $0, fontSize: 12) <= 60 })
        #expect(label.tooltip == "Antidisestablishmentarianism")
    }

    @Test func scalesIncludeZeroAndStepRoundly() {
        let counts = ChartScale(covering: [3, 17, 9])
        #expect(counts.lower == 0 && counts.upper == 20)
        #expect(counts.ticks == [0, 5, 10, 15, 20])
        #expect(counts.label(15) == "15")
        let shares = ChartScale(covering: [0.12, 0.37])
        #expect(shares.ticks.map(shares.label) == ["0.0", "0.1", "0.2", "0.3", "0.4"])
        let mixed = ChartScale(covering: [-3, 4, .nan])
        #expect(mixed.lower == -4 && mixed.upper == 4)
        let flat = ChartScale(covering: [0, 0])
        #expect(flat.upper > flat.lower)
    }

    @Test func palettesUseColourBlindSafeColours() {
        #expect(ChartPalette.categorical(3).map(\.hex) == ["#e69f00", "#56b4e9", "#009e73"])
        // Low values are viridis's yellow end, high values its dark purple end.
        #expect(ChartPalette.sequential(0).hex == "#fde725")
        #expect(ChartPalette.sequential(1).hex == "#440154")
        let many = ChartPalette.categorical(12).map(\.hex)
        #expect(Set(many).count == 12)
        // Lightness falls steadily along the scale, so it survives greyscale printing.
        let luminances = stride(from: 0.0, through: 1, by: 0.1).map { ChartPalette.sequential($0).luminance }
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 > $1 })
        #expect(ChartPalette.sequential(1).textColour == "#ffffff")
        #expect(ChartPalette.sequential(0).textColour == "#000000")
    }

    @Test func numbersAreWrittenCompactlyAndTheSameEverywhere() {
        #expect(SVGNumber.format(12) == "12")
        #expect(SVGNumber.format(12.5) == "12.5")
        #expect(SVGNumber.format(0.256) == "0.26")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(-3.05) == "-3.05")
        #expect(ChartFormat.fixed(-0.04, decimals: 1) == "0.0")
        #expect(ChartFormat.cell(.double(33.333), decimals: 1) == "33.3")
        #expect(ChartFormat.cell(.double(.nan), decimals: 1) == "NA")
        #expect(ChartFormat.cell(.int(7), decimals: 2) == "7")
    }

    @Test func kindsAreNamedAsScriptsWriteThem() throws {
        #expect(try Chart.Kind(named: "stacked_bar") == .stackedBar)
        #expect(throws: ChartError.unknownKind("pie", known: ["heatmap", "bar", "stacked_bar", "matrix", "network"])) {
            try Chart.Kind(named: "pie")
        }
    }
}
