import Foundation
@testable import ResultTables
import Testing

@Suite("Result tables")
struct TableResultTableTests {
    /// Roles by group, with a CJK role label to exercise wide-character alignment.
    static func sample() throws -> ResultTable {
        try ResultTable(
            keyName: "participant.role", rowLabels: ["PW", "SU", "同伴"], columnLabels: ["1", "3", "17"],
            counts: [[2, 3, 1], [0, 0, 1], [4, 0, 0]])
    }

    @Test func refusesCellsThatDoNotFitTheLabels() {
        #expect(throws: ResultTableError.self) {
            try ResultTable(keyNames: ["a"], rowKeys: [["x"]], columnLabels: ["c", "d"], cells: [.int(1)])
        }
        #expect(throws: ResultTableError.self) {
            try ResultTable(keyName: "a", rowLabels: ["x"], columnLabels: ["c"], counts: [[1, 2]])
        }
    }

    @Test func looksUpCellsAndTotalsByLabel() throws {
        let table = try Self.sample()
        #expect(try table.cell("PW", "3") == .int(3))
        #expect(try table.cell("PW", "Total") == .int(6))
        #expect(try table.cell("Total", "17") == .int(2))
        #expect(try table.cell("Total", "Total") == .int(11))
        #expect(throws: ResultTableError.unknownRow("XX", available: ["PW", "SU", "同伴"])) {
            try table.cell("XX", "1")
        }
    }

    @Test func percentagesByRowColumnAndAll() throws {
        let table = try Self.sample()
        let rows = table.percent(by: .row)
        #expect(try rows.cell("PW", "1") == .double(2 * 100 / 6.0))
        #expect(try rows.cell("SU", "17") == .double(100))
        let columns = table.percent(by: .column)
        #expect(try columns.cell("同伴", "1") == .double(4 * 100 / 6.0))
        let all = table.percent(by: .all)
        #expect(try all.cell("Total", "Total").doubleValue == 100)
    }

    @Test func percentagesKeepOnlyTotalsThatAddUp() throws {
        let table = try Self.sample()
        let byRow = table.percent(by: .row)
        #expect(byRow.showsRowTotals && !byRow.showsColumnTotals)
        #expect(byRow.description.split(separator: "\n").dropLast().last?.hasPrefix("同伴") == true)
        #expect(byRow.description.hasSuffix("\nPercent of each row's Total.\n"))
        let byColumn = table.percent(by: .column)
        #expect(!byColumn.showsRowTotals && byColumn.showsColumnTotals)
        #expect(!byColumn.description.split(separator: "\n")[0].contains("Total"))
        #expect(table.percent(by: .all).showsTotals)
    }

    @Test func shareOfNothingIsUndefined() throws {
        let table = try ResultTable(keyName: "k", rowLabels: ["a", "b"], columnLabels: ["x"], counts: [[0], [0]])
        let percent = table.percent(by: .column)
        #expect(percent.value(row: 0, column: 0).doubleValue.isNaN)
        #expect(percent.rendered(as: .csv) == "k,x\r\na,NA\r\nb,NA\r\n# Percent of each column's Total.\r\n")
        #expect(percent.rendered(as: .json).contains("\"x\": null"))
        #expect(percent.rendered(as: .json).contains("\"totals\": {\"rows\": [null, null], \"columns\": {\"x\": null}, \"all\": null}"))
    }

    @Test func sortsByColumnTotalOrKey() throws {
        let table = try Self.sample()
        #expect(try table.sorted(by: "1", descending: true).rowLabels == ["同伴", "PW", "SU"])
        #expect(try table.sorted(by: "1").rowLabels == ["SU", "PW", "同伴"])
        #expect(try table.sorted(by: "Total", descending: true).rowLabels == ["PW", "同伴", "SU"])
        #expect(try table.sorted(by: "participant.role", descending: true).rowLabels == ["同伴", "SU", "PW"])
        #expect(throws: ResultTableError.self) { try table.sorted(by: "nope") }
    }

    @Test func sortOrdersNumbersInsideLabelsByValue() throws {
        let table = try ResultTable(
            keyName: "bct.id", rowLabels: ["1.10", "17.1", "1.2", "1.1"], columnLabels: ["n"], counts: [[1], [2], [3], [4]])
        #expect(try table.sorted(by: "bct.id").rowLabels == ["1.1", "1.2", "1.10", "17.1"])
    }

    @Test func topKeepsTheFirstRows() throws {
        let table = try Self.sample().sorted(by: "Total", descending: true)
        #expect(try table.top(2).rowLabels == ["PW", "同伴"])
        #expect(try table.top(10).rowCount == 3)
        #expect(try table.top(0).rowCount == 0)
        #expect(throws: ResultTableError.self) { try table.top(-1) }
    }

    @Test func rendersAlignedTextCountingWideCharactersTwice() throws {
        let text = try Self.sample().description
        let expected = """
            participant.role  1  3  17  Total
            ----------------  -  -  --  -----
            PW                2  3   1      6
            SU                0  0   1      1
            同伴              4  0   0      4
            ----------------  -  -  --  -----
            Total             6  3   2     11

            """
        #expect(text == expected)
        // Every line is equally wide on screen.
        let widths = Set(text.split(separator: "\n").map { DisplayWidth.of(String($0)) })
        #expect(widths.count == 1)
    }

    @Test func measuresDisplayWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("世界") == 4)
        #expect(DisplayWidth.of("Cafe\u{301}") == 4)
        #expect(DisplayWidth.of("🌱") == 2)
        #expect(DisplayWidth.of("👩‍👩‍👧") == 2)
        #expect(DisplayWidth.of("ｈｉ") == 4)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)
    }

    @Test func percentagesPrintWithOneDecimal() throws {
        let table = try ResultTable(keyName: "k", rowLabels: ["a"], columnLabels: ["x", "y"], counts: [[1, 2]])
        let text = table.percent(by: .row).description
        #expect(text.contains("33.3"))
        #expect(text.contains("66.7"))
        #expect(text.contains("100.0"))
    }

    @Test func writesRFC4180CSV() throws {
        let table = try ResultTable(
            keyName: "code, label", rowLabels: ["say \"hi\"", "two\nlines", " padded"], columnLabels: ["n"],
            counts: [[1], [2], [3]])
        let csv = table.rendered(as: .csv)
        #expect(csv == "\"code, label\",n\r\n\"say \"\"hi\"\"\",1\r\n\"two\nlines\",2\r\n\" padded\",3\r\n")
    }

    @Test func writesTSVJSONAndMarkdown() throws {
        let table = try Self.sample()
        #expect(table.rendered(as: .tsv).hasPrefix("participant.role\t1\t3\t17\nPW\t2\t3\t1\n"))
        let json = table.rendered(as: .json)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(decoded?.count == 3)
        #expect(decoded?.first?["participant.role"] as? String == "PW")
        #expect(decoded?.first?["17"] as? Int == 1)
        let markdown = table.rendered(as: .markdown)
        #expect(markdown.hasPrefix("| participant.role | 1 | 3 | 17 | Total |\n| :--- | ---: | ---: | ---: | ---: |\n"))
        #expect(markdown.hasSuffix("| Total | 6 | 3 | 2 | 11 |\n"))
    }

    @Test func markdownEscapesPipes() throws {
        let table = try ResultTable(keyName: "k", rowLabels: ["a|b"], columnLabels: ["n"], counts: [[1]])
        #expect(table.rendered(as: .markdown).contains("| a\\|b | 1 |"))
    }

    @Test func writeChoosesTheFormatFromTheExtension() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try Self.sample()
        for (name, format) in [("t.csv", ResultTable.Format.csv), ("t.TSV", .tsv), ("t.json", .json), ("t.md", .markdown), ("t.txt", .text)] {
            let url = directory.appendingPathComponent(name)
            try table.write(to: url)
            #expect(try String(contentsOf: url, encoding: .utf8) == table.rendered(as: format))
        }
        #expect(throws: ResultTableError.unknownFormat(fileName: "t.xlsx")) {
            try table.write(to: directory.appendingPathComponent("t.xlsx"))
        }
        #expect(throws: ResultTableError.self) {
            try table.write(to: directory.appendingPathComponent("missing/t.csv"))
        }
    }

    @Test(.enabled(if: TableInterop.hasPandas, "needs python3 with pandas"))
    func csvOpensInPandasWithoutOptions() throws {
        let table = try ResultTable(
            keyName: "code, label", rowLabels: ["say \"hi\"", "two\nlines", "同伴"], columnLabels: ["n", "share"],
            counts: [[1, 2], [3, 4], [5, 6]]).percent(by: .row)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pandas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("t.csv")
        try table.write(to: url)
        let script = """
            import json, sys, pandas
            frame = pandas.read_csv(sys.argv[1])
            print(json.dumps({"columns": list(frame.columns), "keys": list(frame.iloc[:, 0]), "n": list(frame["n"])}))
            """
        let output = try TableInterop.python(script, url.path)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(decoded["columns"] as? [String] == ["code, label", "n", "share"])
        #expect(decoded["keys"] as? [String] == ["say \"hi\"", "two\nlines", "同伴"])
        let shares = try #require(decoded["n"] as? [Double])
        #expect(zip(shares, [100.0 / 3, 300.0 / 7, 500.0 / 11]).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}

/// Runs python3 for interoperability checks.
enum TableInterop {
    static let hasPandas: Bool = (try? python("import pandas")) != nil

    /// Standard output of a python3 script; throws when python3 is missing or the script fails.
    static func python(_ script: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "python3 exited \(process.terminationStatus)"])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
