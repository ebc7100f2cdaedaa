import Charts
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PeerScript
import Testing

@Suite("Charts and reports from Lua", .timeLimit(.minutes(3)))
struct ReportTests {
    /// A sandboxed session on the demo corpus writing into `folder`.
    private func session(writingTo folder: TemporaryFolder) throws -> ScriptSession {
        var options = ScriptOptions()
        options.outputFolder = folder.url
        let session = try ScriptSession(options: options, scriptFolder: nil)
        session.context.notice = { _ in }
        return session
    }

    private func parse(_ url: URL) throws -> XMLElement {
        try #require(try XMLDocument(contentsOf: url, options: []).rootElement())
    }

    @Test func plotWritesAStandaloneSVG() throws {
        let folder = try TemporaryFolder()
        let values = try session(writingTo: folder).evaluate("""
            local t = corpus.codings():where{ framework = "bcttv1" }:crosstab("participant.role", "bct.group")
            local chart = t:plot{ kind = "heatmap", title = "Groups by role", labels = { [3] = "3. Social support" } }
            return chart:write("charts/by_role.svg"), chart.kind, chart.title, tostring(chart)
            """)
        #expect(values.dropFirst().map(\.stringValue) == ["heatmap", "Groups by role", "Chart(heatmap: Groups by role)"])
        let path = try #require(values.first?.stringValue)
        #expect(path == folder.url.appendingPathComponent("charts/by_role.svg").path)
        let svg = try parse(URL(fileURLWithPath: path))
        #expect(svg.name == "svg")
        let texts = descendants(of: svg).filter { $0.name == "text" }.compactMap(\.stringValue)
        #expect(texts.contains("PW") && texts.contains("3. Social support"))
    }

    @Test func everyKindDrawsItsTable() throws {
        let folder = try TemporaryFolder()
        let values = try session(writingTo: folder).evaluate("""
            local counts = corpus.codings():where{ ["bct.group"] = "17" }:crosstab("bct.id", "case.sector")
            local together = corpus.codings():where{ ["bct.group"] = "17" }:cooccurrence("bct.id")
            local kinds = {}
            for _, kind in ipairs{ "heatmap", "bar", "stacked_bar" } do
              kinds[#kinds + 1] = counts:plot{ kind = kind }.kind
            end
            for _, kind in ipairs{ "matrix", "network" } do
              kinds[#kinds + 1] = together:plot{ kind = kind }.kind
            end
            return table.concat(kinds, " "), #together:plot{ kind = "network" }:svg()
            """)
        #expect(values.first?.stringValue == "heatmap bar stacked_bar matrix network")
        #expect((values.last?.intValue ?? 0) > 1000)
    }

    @Test func misuseGivesMessagesThatSayWhatToDo() throws {
        let folder = try TemporaryFolder()
        let session = try session(writingTo: folder)
        let cases: [(String, String)] = [
            ("t:plot{ kind = 'pie' }", "option 'kind' must be \"heatmap\", \"bar\", \"stacked_bar\", \"matrix\" or \"network\", not \"pie\""),
            ("t:plot{ colour = 'red' }", "unknown option 'colour'; plot takes 'kind', 'title', 'labels'"),
            ("t:plot{ kind = 'network' }", "a network needs a co-occurrence table with the same labels on rows and columns"),
            ("t:plot{ labels = 'x' }", "option 'labels' of 'plot' must be a table"),
            ("report.new{}", "a report needs a title"),
            ("report.new{ title = 'x' }:table(5)", "Table expected"),
            ("report.new{ title = 'x' }:heading('h', 7)", "heading level 7 is out of range"),
            ("t:plot():write('../outside.svg')", "scripts write only inside the output folder"),
        ]
        for (code, message) in cases {
            let source = "local t = corpus.codings():crosstab('participant.role', 'case.sector')\n" + code
            do {
                _ = try session.evaluate(source)
                Issue.record("\(code) should have failed")
            } catch {
                #expect(String(describing: error).contains(message), "\(code): \(error)")
            }
        }
    }

    @Test func reportMethodsChainAndWriteOneFile() throws {
        let folder = try TemporaryFolder()
        let values = try session(writingTo: folder).evaluate("""
            local t = corpus.codings():crosstab("case.id", "principle.id")
            local r = report.new{ title = "Principles <by> case" }
            r:heading("Counts"):text("Codings & shares.\\n\\nSecond paragraph."):table(t):chart(t:plot{ kind = "stacked_bar" })
            r:heading("Detail", 2)
            return r:write("out/report.html"), r.title, tostring(r)
            """)
        #expect(values.dropFirst().map(\.stringValue) == ["Principles <by> case", "Report(Principles <by> case, 5 blocks)"])
        let root = try parse(URL(fileURLWithPath: try #require(values.first?.stringValue)))
        let names = descendants(of: root).compactMap(\.name)
        // Two paragraphs, and the table's note on its distinct totals.
        #expect(names.filter { $0 == "p" }.count == 3)
        #expect(names.contains("table") && names.contains("svg") && names.contains("h3"))
        #expect(descendants(of: root).first { $0.name == "h1" }?.stringValue == "Principles <by> case")
    }

    @Test func reportExampleWritesOneSelfContainedPage() throws {
        let output = try TemporaryFolder()
        let result = try PeerScriptCLI.run(["run", "--out", output.url.path, "Examples/report.lua"])
        #expect(result.status == 0, "report.lua failed:\n\(result.stderr)")
        let page = output.url.appendingPathComponent("report.html")
        let root = try parse(page)
        #expect(descendants(of: root).filter { $0.name == "svg" }.count == 5)
        #expect(descendants(of: root).filter { $0.name == "table" }.count == 4)  // by role, by sector, by case, agreement
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.url.path) == ["report.html"])
    }

    @Test(.enabled(if: HeadlessChromium.executable != nil,
                   "chromium is not installed; install the Debian package chromium to render the report"))
    func reportRendersInChromiumWithoutConsoleErrors() throws {
        let output = try TemporaryFolder()
        let result = try PeerScriptCLI.run(["run", "--out", output.url.path, "Examples/report.lua"])
        try #require(result.status == 0, "report.lua failed:\n\(result.stderr)")
        let page = output.url.appendingPathComponent("report.html")
        let screenshot = output.url.appendingPathComponent("report.png")
        let log = try HeadlessChromium.screenshot(of: page, to: screenshot, scratch: output.url)
        // The page runs no scripts, so any console message (a bad SVG attribute, a blocked
        // request) is a fault in the page.
        let consoleLines = log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleLines.isEmpty, "the browser reported:\n\(consoleLines.joined(separator: "\n"))")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // A blank page of this size compresses to a few kilobytes; charts and tables take far more.
        #expect(png.count > 50_000, "the screenshot is only \(png.count) bytes")
        if let keep = ProcessInfo.processInfo.environment["PEERSCRIPT_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: screenshot, to: URL(fileURLWithPath: keep))
        }
    }

    private func descendants(of element: XMLElement) -> [XMLElement] {
        (element.children ?? []).compactMap { $0 as? XMLElement }.flatMap { [$0] + descendants(of: $0) }
    }
}

/// Chromium without a window, used to render reports as a reader's browser would.
enum HeadlessChromium {
    /// The browser, when installed.
    static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Renders `page` to the PNG `png` and returns the browser's log. Every host name resolves
    /// to nothing, so a page that tried to fetch anything would log a failed request.
    static func screenshot(of page: URL, to png: URL, scratch: URL, timeout: TimeInterval = 120) throws -> String {
        let logURL = scratch.appendingPathComponent("chromium.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(executable))
        process.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
            "--user-data-dir=" + scratch.appendingPathComponent("chromium-profile").path,
            "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,5200",
            "--enable-logging=stderr", "--v=0", "--screenshot=" + png.path, page.absoluteString,
        ]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("chromium did not finish within \(Int(timeout)) s")
        }
        return String(decoding: try Data(contentsOf: logURL), as: UTF8.self)
    }
}
