import Foundation
import PeerScript
import Testing

@Suite("Notebook cells: values, errors and rich output", .timeLimit(.minutes(2)))
struct NotebookCellTests {
    private func value(_ engine: ReplEngine, _ source: String) throws -> RichOutput? {
        try engine.runCell(source).get()
    }

    @Test func aFinalExpressionIsTheCellsValue() throws {
        let engine = try makeReplEngine()
        #expect(try value(engine, "1 + 1")?.data == ["text/plain": "2"])
        #expect(try value(engine, "x = 20\ny = 2\nx * y + 2")?.data == ["text/plain": "42"])
        // An expression over several lines at the end of the cell.
        #expect(try value(engine, "t = { 1, 2 }\n#t\n  + 1")?.data == ["text/plain": "3"])
        #expect(try value(engine, "z = 1") == nil)
        #expect(try value(engine, "z + 1")?.data == ["text/plain": "2"])
    }

    @Test func failuresNameTheirKindAndKeepLineNumbers() throws {
        let engine = try makeReplEngine()
        guard case .failure(let runtime) = engine.runCell("a = 1\nerror('no luck')") else {
            Issue.record("the cell did not fail")
            return
        }
        #expect(runtime.name == "LuaError")
        #expect(runtime.value == "cell:2: no luck")
        guard case .failure(let syntax) = engine.runCell("x = = 1") else {
            Issue.record("the cell compiled")
            return
        }
        #expect(syntax.name == "SyntaxError")
        guard case .failure(let memory) = engine.runCell("local s = string.rep('x', 1 << 31)") else {
            Issue.record("the allocation was not refused")
            return
        }
        #expect(memory.name == "MemoryError")
        #expect(try value(engine, "a")?.data == ["text/plain": "1"])
    }

    @Test func theTimeLimitHoldsForEachCell() throws {
        let engine = try makeReplEngine(timeout: 1)
        guard case .failure(let timeout) = engine.runCell("n = 0\nwhile true do n = n + 1 end") else {
            Issue.record("the runaway loop was not stopped")
            return
        }
        #expect(timeout.name == "TimeoutError")
        // The next cell gets a full second of its own, and what ran before stays defined.
        #expect(try value(engine, "n > 0")?.data == ["text/plain": "true"])
    }

    @Test func completenessFollowsTheReplsRule() throws {
        let engine = try makeReplEngine()
        #expect(engine.completeness(of: "function f()") == .incomplete)
        #expect(engine.completeness(of: "t = {") == .incomplete)
        #expect(engine.completeness(of: "x = 1\nx") == .complete)
        #expect(engine.completeness(of: "x = = 1") == .invalid)
        #expect(engine.completeness(of: ":help") == .complete)
    }

    @Test func tablesChartsAndReportsShowRichly() throws {
        let engine = try makeReplEngine()
        let table = try value(engine, "t = corpus.codings():crosstab('participant.role', 'case.sector')\nt")
        #expect(table?.data["text/html"]?.contains("<tfoot><tr><th scope=\"row\">Total</th>") == true)
        #expect(table?.data["text/plain"]?.contains("Total") == true)
        let chart = try value(engine, "t:plot{ kind = 'bar', title = 'By role' }")
        #expect(chart?.data["image/svg+xml"]?.contains("<svg") == true)
        #expect(chart?.data["text/plain"] == "Chart(bar: By role)")
        let report = try value(engine, "r = report.new{ title = 'Roles' }\nr:table(t)\nr")
        #expect(report?.data["text/html"]?.hasPrefix("<!DOCTYPE html>") == true)
        // Several values show as text, the REPL's way.
        #expect(try value(engine, "t, 1")?.data.keys.sorted() == ["text/plain"])
    }

    @Test func quotesShowAsMarkdown() throws {
        let engine = try makeReplEngine()
        let quotes = try value(engine, "q = corpus.codings():where{ ['bct.id'] = '3.1' }:quotes{}\nreturn { q[1] }")
        let markdown = try #require(quotes?.data["text/markdown"])
        #expect(markdown.hasPrefix("> "))
        #expect(markdown.contains("— *DOC-"))
        // A plain list of tables is no quote.
        #expect(try value(engine, "{ { text = 1 } }")?.data["text/markdown"] == nil)
    }

    @Test func displayShowsValuesBeforeTheCellEnds() throws {
        let engine = try makeReplEngine()
        let shown = ShownOutputs()
        try engine.enableDisplay { shown.items.append($0) }
        let result = engine.runCell("display(corpus.codings():crosstab('participant.role', 'case.sector'), 7)\nerror('after')")
        #expect(shown.items.count == 2)
        #expect(shown.items.first?.data["text/html"]?.contains("<table>") == true)
        #expect(shown.items.last?.data == ["text/plain": "7"])
        guard case .failure = result else {
            Issue.record("the cell went on past its error")
            return
        }
    }

    @Test func displayOutlivesOpeningAnotherProject() throws {
        let folder = try TemporaryFolder()
        let project = folder.url.appendingPathComponent("study.peerdb").path
        let created = try PeerScriptCLI.run(["init", project])
        #expect(created.status == 0, "\(created.stderr)")
        let engine = try makeReplEngine()
        let shown = ShownOutputs()
        try engine.enableDisplay { shown.items.append($0) }
        #expect(try value(engine, ":project " + project)?.data["text/plain"]?.hasPrefix("Opened project") == true)
        _ = try value(engine, "display(corpus.size and 1 or 0)")
        #expect(shown.items.map(\.data) == [["text/plain": "1"]])
    }

    @Test func documentationIsWhatHelpShows() throws {
        let engine = try makeReplEngine()
        #expect(engine.documentation(for: "corpus.codings")?.contains("corpus.codings") == true)
        #expect(engine.documentation(for: "no_such_name") == nil)
    }
}

private final class ShownOutputs: @unchecked Sendable {
    var items: [RichOutput] = []
}
