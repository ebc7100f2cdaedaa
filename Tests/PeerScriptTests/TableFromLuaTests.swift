import Foundation
import LuaBridge
@testable import PeerScript
import StudyModel
import Testing

/// `Table.new` and `Table.from`: figures computed in Lua become Tables that print, write, plot
/// and go into reports like a query's, and bad data is refused by row and column.
@Suite("Tables from Lua data", .timeLimit(.minutes(3)))
struct TableFromLuaTests {
    private let folder: TemporaryFolder
    private let session: ScriptSession

    init() throws {
        folder = try TemporaryFolder()
        var options = ScriptOptions()
        options.outputFolder = folder.url
        session = try ScriptSession(options: options, scriptFolder: nil)
        session.context.notice = { _ in }
    }

    private func failure(_ source: String) -> String? { session.failure(of: source) }

    private static let roles = #"Table.new{ columns = { "role", "n", { "share", decimals = 2 } }, rows = { { "PW", 12, 0.6 }, { "SU", 8, 0/0 } } }"#

    @Test func aTableFromRowsPrintsSortsAndWritesLikeANativeOne() throws {
        let values = try session.evaluate("""
            local t = \(Self.roles)
            return tostring(t), tostring(t:sort("n")), t:cell("PW", "share"), t:write("roles.csv"), t:markdown(), #t, t.keys[1]
            """)
        #expect(values[0] == "role   n  share\n----  --  -----\nPW    12   0.60\nSU     8     NA\n")
        #expect(values[1].stringValue?.contains("SU     8     NA\nPW    12   0.60") == true)
        #expect(values[2] == 0.6)
        let csv = try String(contentsOfFile: try #require(values[3].stringValue), encoding: .utf8)
        #expect(csv == "role,n,share\r\nPW,12,0.6\r\nSU,8,NA\r\n")
        #expect(values[4] == "| role | n | share |\n| :--- | ---: | ---: |\n| PW | 12 | 0.60 |\n| SU | 8 | NA |\n")
        #expect(values[5] == 2)
        #expect(values[6] == "role")
    }

    @Test func totalsAndTitleAreOptIn() throws {
        let values = try session.evaluate(#"""
            return tostring(Table.new{ columns = { "role", "n" }, rows = { { "PW", 12 }, { "SU", 8 } }, totals = true, title = "Counts" })
            """#)
        #expect(values[0] == "Counts\nrole    n\n-----  --\nPW     12\nSU      8\n-----  --\nTotal  20\n")
    }

    @Test func recordsGiveTextFieldsFirstThenTheOthersSorted() throws {
        let values = try session.evaluate(#"""
            local t = Table.from({ { role = "PW", n = 12, alpha = 0.5 }, { role = "SU", n = 8, alpha = 0.25 } })
            local chosen = Table.from({ { role = "PW", n = 12, alpha = 0.5 } }, { columns = { "role", "n" } })
            return table.concat(t.keys, ","), table.concat(t.columns, ","), table.concat(chosen.columns, ",")
            """#)
        #expect(values == ["role", "alpha,n", "n"])
    }

    @Test func luaTablesGoIntoReportsAndCharts() throws {
        let values = try session.evaluate("""
            local t = \(Self.roles)
            local r = report.new{ title = "Figures" }
            r:table(t)
            r:table{ columns = { "pair", "kappa" }, rows = { { "A – B", 0.5 } } }
            r:chart(t:plot{ kind = "bar" })
            return r:write("figures.html")
            """)
        let html = try String(contentsOfFile: try #require(values.first?.stringValue), encoding: .utf8)
        #expect(html.components(separatedBy: "<table").count == 3)
        #expect(html.contains("A – B"))
        #expect(html.contains("<svg"))
    }

    @Test(arguments: [
        (#"Table.new{ columns = { "a", "b" }, rows = { { "x" } } }"#, "Table.new: row 1 has 1 cell but there are 2 columns"),
        (#"Table.new{ columns = { "a", "b" }, rows = { { "x", 1 }, { "y", 1, 2 } } }"#, "Table.new: row 2 has 3 cells but there are 2 columns"),
        (#"Table.new{ columns = { "a", "b" }, rows = { { "x", {} } } }"#, "Table.new: row 1, column 'b' holds a table; cells must be strings (labels) or numbers"),
        (#"Table.new{ columns = { "a", "b" }, rows = { { "x", true } } }"#, "Table.new: row 1, column 'b' holds a boolean"),
        (#"Table.new{ columns = { "a", "b" }, rows = { { "x", print } } }"#, "Table.new: row 1, column 'b' holds a function"),
        (#"Table.new{ columns = { "a", "b" }, rows = { { 1, "x" } } }"#, "Table.new: row 1, column 'b' holds the text \"x\" where a number belongs"),
        (#"Table.new{ columns = { "a", "b", "c" }, rows = { { "x", nil, 3 } } }"#, "Table.new: row 1 must be a list of cells in column order, got a table with a gap or named fields"),
        (#"Table.new{ columns = { "a", "a" }, rows = {} }"#, "Table.new: column 'a' is named twice"),
        (#"Table.new{ colums = { "a" }, rows = {} }"#, "Table.new: unknown option 'colums'; did you mean 'columns'?"),
        (#"Table.new{ rows = {} }"#, "Table.new: 'columns' is missing"),
        (#"Table.new{ columns = { "a" } }"#, "Table.new: 'rows' is missing"),
        (#"Table.new{ columns = { "n" }, rows = { { 1 } }, totals = true }"#, "Table.new: 'totals' needs at least one label column"),
        (#"Table.new{ columns = { "a", "b" }, rows = { { "x", 1 } }, keys = 2 }"#, "Table.new: row 1, column 'b' is a number, but the first 2 columns label the rows"),
        (#"Table.new{ columns = { { "a", decimals = -1 } }, rows = {} }"#, "Table.new: decimals of column 'a' must be a whole number from 0 to 15"),
        (#"Table.new(5)"#, "(table expected, got number)"),
        (#"Table.from({ { a = 1 }, { a = 2, b = 3 } })"#, "Table.from: record 2 has the field 'b', which record 1 does not"),
        (#"Table.from({ { a = "x", b = 1 }, { a = "y" } })"#, "Table.from: record 2 has no field 'b'"),
        (#"Table.from({})"#, "Table.from: with no records, give the columns"),
        (#"Table.from({ 5 })"#, "Table.from: record 1 must be a table of fields, got number"),
        (#"report.new{ title = "x" }:table(5)"#, "Table expected, got number; a query returns one, and Table.new or Table.from makes one from Lua data"),
    ])
    func hostileDataIsRefusedByRowAndColumn(source: String, message: String) {
        let error = failure("return " + source)
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test func nestedAndSelfContainingDataIsRefusedWithoutACrash() {
        let deep = failure("""
            local cell = {} local inner = cell
            for _ = 1, 10000 do inner[1] = {} inner = inner[1] end
            return Table.new{ columns = { "a" }, rows = { { cell } } }
            """)
        #expect(deep?.contains("nested more than") == true, "\(deep ?? "no error")")
        let cycle = failure(#"local rows = {} rows[1] = rows return Table.new{ columns = { "a" }, rows = rows }"#)
        #expect(cycle?.contains("contains itself") == true, "\(cycle ?? "no error")")
    }

    @Test func aHugeTableWithinTheMemoryLimitIsBuilt() throws {
        let values = try session.evaluate("""
            local rows = {}
            for i = 1, 200000 do rows[i] = { "r" .. i, i, i / 2 } end
            local t = Table.new{ columns = { "row", "n", "half" }, rows = rows }
            return #t, t:cell("r200000", "n")
            """)
        #expect(values == [200_000, 200_000])
    }

    @Test func aTableLargerThanTheMemoryLimitIsRefusedNotCrashed() throws {
        var options = ScriptOptions()
        options.memoryLimitMB = 48
        options.outputFolder = folder.url
        let small = try ScriptSession(options: options, scriptFolder: nil)
        do {
            _ = try small.evaluate("""
                local row = { "label" } for c = 2, 200 do row[c] = c end
                local columns = { "label" } for c = 2, 200 do columns[c] = "c" .. c end
                local rows = {} for i = 1, 20000 do rows[i] = row end
                return Table.new{ columns = columns, rows = rows }
                """)
            Issue.record("a table of 4 million cells was built under a 48 MB limit")
        } catch let error as LuaError {
            #expect(error.message.contains("memory"), "\(error.message)")
        }
    }

    /// A row record maps key names, column labels and `Total` into one table, so a column named
    /// like a key or "Total" used to overwrite it silently; now the record shape refuses, and
    /// the parts shape keeps them apart.
    @Test func rowRecordsRefuseClashesAndPartsKeepThemApart() throws {
        let clash = failure(#"""
            local t = Table.new{ columns = { "role", "Total" }, rows = { { "PW", 5 } } }
            for row in t:rows() do end
            """#)
        #expect(clash?.contains("'Total' names two things in each row record") == true, "\(clash ?? "no error")")
        let values = try session.evaluate(#"""
            local t = Table.new{ columns = { "role", "Total", "n" }, rows = { { "PW", 5, 2 } } }
            for row in t:rows{ shape = "parts" } do
              return row.label, row.keys.role, row.values.Total, row.values.n, row.total
            end
            """#)
        #expect(values == ["PW", "PW", 5, 2, 7])
        let plain = try session.evaluate(#"""
            for row in corpus.codings():crosstab("participant.role", "bct.group"):rows() do
              return row["participant.role"], row.Total
            end
            """#)
        #expect(plain[0] != .nil && plain[1] != .nil)
        #expect(failure(#"for _ in corpus.codings():count_by("participant.role"):rows{ shape = "flat" } do end"#)?
            .contains("'shape' must be \"record\" or \"parts\"") == true)
    }
}
