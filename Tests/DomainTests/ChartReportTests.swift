@testable import Charts
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Reports as HTML")
struct ChartReportTests {
    private func sampleReport() throws -> Report {
        var report = Report(title: "Peer support <pilot> & friends")
        try report.addHeading("Techniques by role")
        report.addText("First paragraph,\nstill the first.\n\nSecond <b>paragraph</b> & more.")
        report.addTable(try ChartSamples.rolesByGroup())
        report.addChart(try Chart(kind: .heatmap, table: ChartSamples.rolesByGroup()))
        try report.addHeading("Together", level: 2)
        report.addChart(try Chart(kind: .network, table: ChartSamples.cooccurrence()))
        return report
    }

    @Test func reportIsWellFormedWithEscapedText() throws {
        let html = try sampleReport().html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        let document = try XMLDocument(data: Data(html.utf8), options: [])
        let root = try #require(document.rootElement())
        #expect(ChartSamples.elements("title", in: root).first?.stringValue == "Peer support <pilot> & friends")
        #expect(ChartSamples.elements("h1", in: root).map(\.stringValue) == ["Peer support <pilot> & friends"])
        #expect(ChartSamples.elements("h2", in: root).map(\.stringValue) == ["Techniques by role"])
        #expect(ChartSamples.elements("h3", in: root).map(\.stringValue) == ["Together"])
        #expect(ChartSamples.elements("p", in: root).map(\.stringValue)
            == ["First paragraph, still the first.", "Second <b>paragraph</b> & more."])
        #expect(ChartSamples.elements("svg", in: root).count == 2)
    }

    @Test func tablesCarryTheirCaptionHeadersAndTotals() throws {
        let html = try sampleReport().html
        let root = try #require(try XMLDocument(data: Data(html.utf8), options: []).rootElement())
        let table = try #require(ChartSamples.elements("table", in: root).first)
        #expect(ChartSamples.elements("caption", in: table).first?.stringValue == "Technique groups by role")
        let headers = ChartSamples.elements("thead", in: table).flatMap { ChartSamples.elements("th", in: $0) }
        #expect(headers.compactMap(\.stringValue).first == "participant.role")
        #expect(headers.compactMap(\.stringValue).last == "Total")
        let body = ChartSamples.elements("tbody", in: table).flatMap { ChartSamples.elements("tr", in: $0) }
        #expect(body.count == 4)
        // PW's row: 4 12 1 7 15 and its total, 39.
        #expect(ChartSamples.elements("td", in: body[0]).compactMap(\.stringValue) == ["4", "12", "1", "7", "15", "39"])
        let footer = ChartSamples.elements("tfoot", in: table).flatMap { ChartSamples.elements("td", in: $0) }
        #expect(footer.compactMap(\.stringValue) == ["15", "25", "3", "13", "32", "88"])
    }

    @Test func reportNeedsNothingFromTheNetwork() throws {
        let html = try sampleReport().html
        for forbidden in ["<script", "<link", "<img", "src=", "url(", "@import", "<?xml"] {
            #expect(!html.contains(forbidden), "the report contains \(forbidden)")
        }
        // The only address is the SVG namespace, which browsers never fetch.
        let addresses = html.components(separatedBy: "http").dropFirst().map { "http" + $0.prefix(30) }
        #expect(addresses.allSatisfy { $0.hasPrefix("http://www.w3.org/2000/svg") })
        #expect(html.contains("@media print"))
    }

    @Test func sameReportGivesTheSameBytes() throws {
        #expect(try sampleReport().html == (try sampleReport().html))
    }

    @Test func headingLevelsOutsideOneToThreeAreRefused() throws {
        var report = Report(title: "t")
        #expect(throws: ChartError.headingLevel(4)) { try report.addHeading("x", level: 4) }
        #expect(throws: ChartError.headingLevel(0)) { try report.addHeading("x", level: 0) }
        #expect(report.blocks.isEmpty)
    }

    @Test func writingToAMissingFolderSaysWhere() throws {
        let url = URL(fileURLWithPath: "/nonexistent-folder-for-peerscript/r.html")
        #expect {
            try Report(title: "t").write(to: url)
        } throws: { error in
            (error as? ChartError)?.description.hasPrefix("could not write '/nonexistent-folder-for-peerscript/r.html'") == true
        }
    }
}

@Suite("Report tables follow the table's totals")
struct ChartReportTotalsTests {
    @Test func rowPercentagesKeepOnlyTheTotalColumn() throws {
        var report = Report(title: "t")
        report.addTable(try ChartSamples.rolesByGroup().percent(by: .row))
        let root = try #require(try XMLDocument(data: Data(report.html.utf8), options: []).rootElement())
        let header = try #require(ChartSamples.elements("thead", in: root).first)
        let headers = ChartSamples.elements("th", in: header).compactMap(\.stringValue)
        #expect(headers.last == "Total")
        #expect(ChartSamples.elements("tfoot", in: root).isEmpty)
        let firstRow = try #require(ChartSamples.elements("tr", in: root).dropFirst().first)
        #expect(ChartSamples.elements("td", in: firstRow).compactMap(\.stringValue).last == "100.0")
    }
}
