import Charts
import Foundation
import LuaBridge
import ResultTables

/// A chart as Lua sees it (`Chart`).
final class ChartObject: LuaBoxed<Chart> {}

/// A report being written (`Report`); its methods add to it, so it holds a mutable value.
final class ReportObject {
    var report: Report
    init(_ report: Report) { self.report = report }
}

/// Charts of result tables (`t:plot{…}` and the `Chart` class) and the `report` module with
/// the `Report` class it returns.
enum ChartsAPI {
    static func classes(_ context: APIContext) -> [APIClassRegistration] {
        [chartClass(context), reportClass(context)]
    }

    // MARK: plotting

    /// The options of `Table:plot`.
    static let plotOptions = OptionSchema([
        .init("kind", .choice(Chart.Kind.allCases.map(\.rawValue)), "the kind of chart", default: "heatmap"),
        .init("title", .string, "the heading drawn above the chart", default: "the table's title"),
        .init("labels", .custom(luaType: "table<string, string>"), "display names for row and column labels, such as { [\"3\"] = \"3. Social support\" }"),
    ])

    /// The options of `report.new`.
    static let reportOptions = OptionSchema([
        .init("title", .string, "the report's title (required)"),
    ])

    /// Adds `plot` to the `Table` class.
    static func addMethods(to tableClass: APIClass<TableObject>) {
        tableClass.method(APIDoc("plot", """
            Draws the table as a chart: a heatmap, side-by-side or stacked horizontal bars, or, \
            for a co-occurrence table, a matrix or a network. Write it with `chart:write` or add \
            it to a report.
            """,
                                 parameters: [.init(options: plotOptions)],
                                 returns: [.init("Chart", "the chart")],
                                 example: #"t:plot{ kind = "stacked_bar", title = "Techniques by role", labels = { ["3"] = "3. Social support" } }:write("by_role.svg")"#)) { t, call in
            let options = try plotOptions.read(call, 2)
            let kind = try Chart.Kind(named: options.string("kind") ?? Chart.Kind.heatmap.rawValue)
            let chart = try Chart(kind: kind, table: t.value, title: options.string("title"),
                                  labels: try labelsOption(options["labels"], call))
            call.stack.push(object: ChartObject(chart))
            return 1
        }
    }

    static func chartClass(_ context: APIContext) -> APIClassRegistration {
        APIClass<ChartObject>("Chart", """
            A chart of a table, drawn as standalone SVG with readable labels (long ones shortened, \
            the full text on hover), a legend, and colours that colour-blind readers can tell apart.
            """)
            .field(.field("kind", "string", "\"heatmap\", \"bar\", \"stacked_bar\", \"matrix\" or \"network\".")) { c, call in
                push(c.value.kind.rawValue, call)
            }
            .field(.field("title", "string?", "The heading drawn above the chart, if any.")) { c, call in push(c.value.title, call) }
            .method(APIDoc("svg", "The chart as SVG text.", returns: [.init("string", "a standalone SVG document")],
                           example: #"local text = t:plot():svg()"#)) { c, call in
                push(c.value.svg, call)
            }
            .method(APIDoc("write", "Writes the chart as an SVG file in the output folder, replacing any file of that name.",
                           parameters: [.init("name", "string", "the file's name, relative to the output folder, such as \"by_role.svg\"")],
                           returns: [.init("string", "the full path written")],
                           example: #"t:plot{ kind = "heatmap" }:write("by_role.svg")"#)) { c, call in
                let url = try context.output.write(Data(c.value.svg.utf8), to: try call.string(2))
                return push(url.path, call)
            }
            .withString { "Chart(\($0.value.kind.rawValue)\($0.value.title.map { ": " + $0 } ?? ""))" }
    }

    // MARK: report

    static func reportModule(_ context: APIContext) -> APIModule {
        let module = APIModule("report", """
            Reports: headings, text, tables and charts gathered into one HTML file that needs \
            nothing else to open or print.
            """)
        module.function(APIDoc("new", "Starts an empty report.",
                               parameters: [.init(options: reportOptions, "the report's options; a title is required")],
                               returns: [.init("Report", "the report, to add to and then write")],
                               example: #"local r = report.new{ title = "Peer support techniques" }"#)) { call in
            guard let title = try reportOptions.read(call, 1).string("title") else {
                throw call.argumentError(1, #"a report needs a title: report.new{ title = "…" }"#)
            }
            call.stack.push(object: ReportObject(Report(title: title)))
            return 1
        }
        return module
    }

    /// Argument 2 of `r:table`: a Table, an agreement result, or a plain table read as `Table.new`.
    private static func reportedTable(_ call: LuaCall, _ context: APIContext) throws -> ResultTable {
        if let agreement = call.optionalObject(2, as: AgreementObject.self) { return agreement.table }
        if let table = call.optionalObject(2, as: TableObject.self) { return table.value }
        guard call.typeName(2) == "table" else {
            throw call.argumentError(2, "Table expected, got \(call.typeName(2)); a query returns one, and Table.new or Table.from makes one from Lua data")
        }
        return try TableFromLua.new(try call.table(2), limits: context.limits)
    }

    static func reportClass(_ context: APIContext) -> APIClassRegistration {
        APIClass<ReportObject>("Report", """
            A report being written. Each method but `write` adds a block at the end and returns \
            the report, so calls can be chained.
            """)
            .field(.field("title", "string", "The report's title.")) { r, call in push(r.report.title, call) }
            .method(APIDoc("heading", "Adds a heading.",
                           parameters: [.init("text", "string", "the heading"),
                                        .init("level", "integer?", "1 for a section (default), 2 or 3 for subsections")],
                           returns: [.init("Report", "the report")],
                           example: #"r:heading("Techniques by role")"#)) { r, call in
                try r.report.addHeading(try call.string(2), level: try call.optionalInteger(3) ?? 1)
                return pushSelf(call)
            }
            .method(APIDoc("text", "Adds text; a blank line starts a new paragraph. The text is shown as written, never as markup.",
                           parameters: [.init("text", "string", "the text")],
                           returns: [.init("Report", "the report")],
                           example: #"r:text("Counts are codings of the synthetic demo corpus.")"#)) { r, call in
                r.report.addText(try call.string(2))
                return pushSelf(call)
            }
            .method(APIDoc("table", """
                Adds a table, with its title as caption, totals when the table shows them, and its \
                notes under it. A plain Lua table is read as `Table.new` reads its argument.
                """,
                           parameters: [.init("table", "Table|Agreement|table", "the table, an agreement result's table, or the spec of a Table.new")],
                           returns: [.init("Report", "the report")],
                           example: #"r:table(corpus.codings():crosstab("participant.role", "bct.group"))"#)) { r, call in
                r.report.addTable(try reportedTable(call, context))
                return pushSelf(call)
            }
            .method(APIDoc("chart", "Adds a chart.",
                           parameters: [.init("chart", "Chart", "the chart, from `t:plot{…}`")],
                           returns: [.init("Report", "the report")],
                           example: #"r:chart(t:plot{ kind = "heatmap" })"#)) { r, call in
                r.report.addChart(try call.object(2, as: ChartObject.self).value)
                return pushSelf(call)
            }
            .method(APIDoc("write", "Writes the report as one HTML file in the output folder, replacing any file of that name.",
                           parameters: [.init("name", "string", "the file's name, relative to the output folder, such as \"report.html\"")],
                           returns: [.init("string", "the full path written")],
                           example: #"r:write("report.html")"#)) { r, call in
                let url = try context.output.write(Data(r.report.html.utf8), to: try call.string(2))
                return push(url.path, call)
            }
            .withString { "Report(\($0.report.title), \($0.report.blocks.count) blocks)" }
    }

    // MARK: helpers

    /// The `labels` option as a map from label to display name; whole-number keys are read as
    /// the labels they print as (`[3]` and `["3"]` both rename group 3).
    private static func labelsOption(_ value: LuaValue?, _ call: LuaCall) throws -> [String: String] {
        guard let value else { return [:] }
        guard case .table(let entries) = value else {
            throw LuaScriptError("option 'labels' of '\(call.functionName)' must be a table of label = \"display name\"")
        }
        var labels: [String: String] = [:]
        for (key, name) in entries {
            guard let label = key.stringValue ?? key.intValue.map(String.init), let display = name.stringValue else {
                throw LuaScriptError("option 'labels' of '\(call.functionName)' must map labels to strings")
            }
            labels[label] = display
        }
        return labels
    }

    /// Returns the object a method was called on, so calls can be chained.
    private static func pushSelf(_ call: LuaCall) -> Int32 {
        call.stack.pushValue(at: 1)
        return 1
    }
}
