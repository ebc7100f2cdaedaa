import Foundation
import LuaBridge
import ResultTables

/// A result table as Lua sees it (`Table`).
final class TableObject: LuaBoxed<ResultTable> {}

/// The `Table` class: results of counting queries, printable and writable.
enum TableAPI {
    /// The `Table` global: tables made from Lua data.
    static func tableModule(_ context: APIContext) -> APIModule {
        let module = APIModule("Table", """
            Makes a `Table` from figures computed in Lua, so they print, sort, write, plot and \
            go into reports like a query's. The leading columns whose every cell is a string \
            label the rows (set `keys` to say how many); every other cell is a number, and a \
            missing number is written 0/0 (NaN, shown as NA). Each row gives every cell: a short \
            row, a table or boolean in a cell, or text where a number belongs is an error naming \
            the row and column. Options of both: `keys` (how many leading columns label the \
            rows), `title`, `decimals` (for every number column, default 1) and `totals` \
            (print a Total row and column, default false: figures computed in Lua are not \
            always summable). A column is a label, or `{ "label", decimals = n }`.
            """)
        module.function(APIDoc("new", "Makes a table from column labels and rows of cells in column order.",
                               parameters: [.init("spec", "{columns: (string|table)[], rows: any[][], keys: integer?, title: string?, decimals: integer?, totals: boolean?}",
                                                  "the columns, the rows, and the options")],
                               returns: [.init("Table", "the table")],
                               example: #"print(Table.new{ columns = { "role", "n", { "share", decimals = 2 } }, rows = { { "PW", 12, 0.6 }, { "SU", 8, 0.4 } } })"#)) { call in
            let spec = try readable { try call.table(1) }
            call.stack.push(object: TableObject(try TableFromLua.new(spec, limits: context.limits)))
            return 1
        }
        module.function(APIDoc("from", """
            Makes a table from a list of records with the same fields, one row per record. The \
            columns are the first record's fields holding text, sorted (plain string order), then \
            its other fields, sorted; or the `columns` option, which also picks and orders them.
            """,
                               parameters: [.init("records", "table[]", "the records"),
                                            .init("options", "{columns: (string|table)[]?, keys: integer?, title: string?, decimals: integer?, totals: boolean?}?",
                                                  "the columns and options as for Table.new")],
                               returns: [.init("Table", "the table")],
                               example: #"print(Table.from({ { role = "PW", n = 12 }, { role = "SU", n = 8 } }, { columns = { "role", "n" } }))"#)) { call in
            let records = try readable { try call.table(1) }
            // Not a ternary: LuaValue takes the nil literal, which would turn "no options" into `.nil`.
            var options: LuaValue?
            if !call.isNil(2) { options = try readable { try call.table(2) } }
            call.stack.push(object: TableObject(try TableFromLua.from(records, options, limits: context.limits)))
            return 1
        }
        return module
    }

    /// Runs a copy from Lua, naming the function when the data cannot be copied (nested too
    /// deeply, or holding itself).
    private static func readable(_ copy: () throws -> LuaValue) throws -> LuaValue {
        do {
            return try copy()
        } catch let error as LuaValueError {
            throw LuaScriptError("cells must be strings or numbers, and the data cannot be read: \(error)")
        }
    }

    static func tableClass(_ context: APIContext) -> APIClass<TableObject> {
        let table = APIClass<TableObject>("Table", """
            A table of counts or shares: labelled rows, labelled columns and numeric cells. \
            `print(t)` shows it aligned with totals.
            """)
            .field(.field("columns", "string[]", "The column labels, in order.")) { t, call in push(t.value.columnLabels, call) }
            .field(.field("row_labels", "string[]", "The row labels, in order (keys joined by \" / \" when a row has several).")) { t, call in push(t.value.rowLabels, call) }
            .field(.field("keys", "string[]", "The names of the fields that label the rows.")) { t, call in push(t.value.keyNames, call) }
            .field(.field("title", "string?", "The table's title, when it has one.")) { t, call in push(t.value.title, call) }
            .field(.field("notes", "string[]", "Lines printed under the table: what its totals count, what its percentages are shares of, which units it leaves out.")) { t, call in push(t.value.notes, call) }
            .method(APIDoc("percent", """
                Turns each cell into a percentage of its row's, its column's or the table's Total \
                (for counts of distinct units, the distinct units there), or with base = "group" \
                of the row's (column's) own group: every unit with that value, counted or not \
                (13 of 20 peer workers: 65). The table's notes say which base it used.
                """,
                           parameters: [.init(options: percentOptions)],
                           returns: [.init("Table", "a new table of percentages")],
                           example: #"print(t:percent{ of = "row", base = "group" })"#)) { t, call in
                let options = try percentOptions.read(call, 2)
                let by = options.string("of").flatMap(ResultTable.PercentBase.init(rawValue:)) ?? .row
                let base = options.string("base").flatMap(ResultTable.PercentDenominator.init(rawValue:)) ?? .total
                do {
                    call.stack.push(object: TableObject(try t.value.percent(by: by, of: base)))
                } catch let error as ResultTableError {
                    throw call.argumentError(2, error.description)
                }
                return 1
            }
            .method(APIDoc("sort", "Orders the rows by a column's values, by the row totals (\"Total\"), or by a key's labels.",
                           parameters: [.init("column", "string", "a column label, \"Total\", or a key name"),
                                        .init("order", "\"asc\"|\"desc\"?", "ascending (default) or descending")],
                           returns: [.init("Table", "a new, reordered table")],
                           example: #"print(t:sort("Total", "desc"))"#)) { t, call in
                let column = try call.string(2)
                let order = try call.optionalString(3) ?? "asc"
                guard order == "asc" || order == "desc" else {
                    throw call.argumentError(3, "order must be \"asc\" or \"desc\", not \"\(order)\"")
                }
                call.stack.push(object: TableObject(try t.value.sorted(by: column, descending: order == "desc")))
                return 1
            }
            .method(APIDoc("top", "Keeps the first n rows; sort first to keep the largest.",
                           parameters: [.init("n", "integer", "how many rows to keep")],
                           returns: [.init("Table", "a new table of at most n rows")],
                           example: #"print(t:sort("Total", "desc"):top(5))"#)) { t, call in
                call.stack.push(object: TableObject(try t.value.top(try call.integer(2))))
                return 1
            }
            .method(APIDoc("cell", "Reads one cell by row label and column label.",
                           parameters: [.init("row", "string", "the row's label"), .init("column", "string", "the column's label")],
                           returns: [.init("number", "the cell's value")],
                           example: #"print(t:cell("PW", "17"))"#)) { t, call in
                pushNumber(try t.value.cell(try call.string(2), try call.string(3)), call)
                return 1
            }
            .method(APIDoc("rows", """
                Iterates over the rows. By default each row is one record: key names to labels, \
                column labels to values, and `Total` to the row's total; when two of those names \
                are the same (a column labelled like a key, or "Total"), this refuses rather than \
                let one hide the other. With `shape = "parts"` each row is \
                `{label = …, keys = {name = label}, values = {column = value}, total = …}`, \
                which never clashes. A share of nothing is nil.
                """,
                           parameters: [.init(options: rowsOptions)],
                           returns: [.init("fun(): table?", "an iterator for a generic for")],
                           example: #"for row in t:rows() do print(row["participant.role"], row.Total) end"#)) { t, call in
                let shape = try rowsOptions.read(call, 2).string("shape") ?? "record"
                let table = t.value
                if shape == "record", let clash = clashingName(in: table) {
                    throw LuaScriptError("t:rows(): '\(clash)' names two things in each row record (a key, a column or the Total), "
                        + "so one would hide the other; use t:rows{ shape = \"parts\" }, which keeps keys, values and total apart")
                }
                var next = 0
                call.stack.pushFunction(named: "rows iterator") { call in
                    guard next < table.rowCount else { return 0 }
                    if shape == "parts" { pushRowParts(next, of: table, call) } else { pushRow(next, of: table, call) }
                    next += 1
                    return 1
                }
                return 1
            }
            .method(APIDoc("markdown", "The table as a GitHub-flavoured Markdown table, as `t:write(\"x.md\")` writes it.",
                           returns: [.init("string", "the Markdown, ending with a newline")],
                           example: ##"peerscript.write("table.md", "# Counts\n\n" .. t:markdown())"##)) { t, call in
                push(t.value.rendered(as: .markdown), call)
            }
            .method(APIDoc("write", """
                Writes the table to a file in the output folder; the extension chooses the format: \
                .csv (RFC 4180), .tsv, .json, .md (Markdown) or .txt (as printed). The table's notes \
                follow in each: as lines starting with `#` in CSV and TSV, and in JSON, where a \
                table with notes is an object `{rows, totals, notes}` rather than an array of rows.
                """,
                           parameters: [.init("name", "string", "the file's name, relative to the output folder")],
                           returns: [.init("string", "the full path written")],
                           example: #"t:write("bcts_by_role.csv")"#)) { t, call in
                try write(t.value, call, context)
            }
        table.luaClass.toString { $0.value.rendered(as: .text) }
        table.luaClass.length { $0.value.rowCount }
        ChartsAPI.addMethods(to: table)
        return table
    }

    /// Writes `table` to the output-folder file named by argument 2 and pushes the full path.
    static func write(_ table: ResultTable, _ call: LuaCall, _ context: APIContext) throws -> Int32 {
        let url = try context.output.write(try call.string(2)) { url in
            guard let format = ResultTable.Format(fileExtension: url.pathExtension) else {
                throw ResultTableError.unknownFormat(fileName: url.lastPathComponent)
            }
            return Data(table.rendered(as: format).utf8)
        }
        call.stack.push(url.path)
        return 1
    }

    /// The first name that a row record would use twice, if any.
    static func clashingName(in table: ResultTable) -> String? {
        var seen = Set<String>()
        return (table.keyNames + table.columnLabels + [ResultTable.totalLabel]).first { !seen.insert($0).inserted }
    }

    /// Pushes row `index` as `{label, keys = {…}, values = {…}, total}`.
    private static func pushRowParts(_ index: Int, of table: ResultTable, _ call: LuaCall) {
        let stack = call.stack
        stack.pushTable(fields: 4)
        stack.push(table.rowLabels[index])
        stack.setField("label", inTableAt: -2)
        stack.pushTable(fields: table.keyNames.count)
        for (name, label) in zip(table.keyNames, table.rowKeys[index]) {
            stack.push(label)
            stack.setField(name, inTableAt: -2)
        }
        stack.setField("keys", inTableAt: -2)
        stack.pushTable(fields: table.columnCount)
        for (column, label) in table.columnLabels.enumerated() {
            pushNumber(table.value(row: index, column: column), call)
            stack.setField(label, inTableAt: -2)
        }
        stack.setField("values", inTableAt: -2)
        pushNumber(table.rowTotals[index], call)
        stack.setField("total", inTableAt: -2)
    }

    /// Pushes row `index` as a table: key names to labels, column labels to values, and `Total`.
    private static func pushRow(_ index: Int, of table: ResultTable, _ call: LuaCall) {
        let stack = call.stack
        stack.pushTable(fields: table.keyNames.count + table.columnCount + 1)
        for (name, label) in zip(table.keyNames, table.rowKeys[index]) {
            stack.push(label)
            stack.setField(name, inTableAt: -2)
        }
        for (column, label) in table.columnLabels.enumerated() {
            pushNumber(table.value(row: index, column: column), call)
            stack.setField(label, inTableAt: -2)
        }
        pushNumber(table.rowTotals[index], call)
        stack.setField(ResultTable.totalLabel, inTableAt: -2)
    }

    /// Pushes a cell as a Lua integer or float; a share whose base is zero has no value: nil.
    static func pushNumber(_ number: ResultTable.Number, _ call: LuaCall) {
        if let integer = number.intValue {
            call.stack.push(integer)
        } else if number.doubleValue.isNaN {
            call.stack.pushNil()
        } else {
            call.stack.push(number.doubleValue)
        }
    }

    /// The options of `Table:rows`.
    static let rowsOptions = OptionSchema([
        .init("shape", .choice(["record", "parts"]),
              "each row as one flat record, or as {label, keys, values, total}, which never clashes", default: "record"),
    ])

    /// The options of `Table:percent`.
    static let percentOptions = OptionSchema([
        .init("of", .choice(ResultTable.PercentBase.allCases.map(\.rawValue)), "what each cell is a share of: its row, its column or the whole table", default: "row"),
        .init("base", .choice(ResultTable.PercentDenominator.allCases.map(\.rawValue)),
              "the whole: the Total (distinct units) or the group's own units (every unit with the row's or column's value, counted or not; needs a count whose units each have one value of that field)",
              default: "total"),
    ])

}
