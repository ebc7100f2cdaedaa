import Foundation
import LuaBridge
import PeerSupport

/// A result table as Lua sees it (`Table`).
final class TableObject {
    let table: ResultTable
    init(_ table: ResultTable) { self.table = table }
}

/// The `Table` class: results of counting queries, printable and writable.
enum TableAPI {
    static func tableClass(_ context: APIContext) -> APIClass<TableObject> {
        let table = APIClass<TableObject>("Table", """
            A table of counts or shares: labelled rows, labelled columns and numeric cells. \
            `print(t)` shows it aligned with totals.
            """)
            .field(.field("columns", "string[]", "The column labels, in order.")) { t, call in
                call.stack.push(t.table.columnLabels)
                return 1
            }
            .field(.field("row_labels", "string[]", "The row labels, in order (keys joined by \" / \" when a row has several).")) { t, call in
                call.stack.push(t.table.rowLabels)
                return 1
            }
            .field(.field("keys", "string[]", "The names of the fields that label the rows.")) { t, call in
                call.stack.push(t.table.keyNames)
                return 1
            }
            .field(.field("title", "string?", "The table's title, when it has one.")) { t, call in push(t.table.title, call) }
            .field(.field("notes", "string[]", "Lines printed under the table: what its totals count, what its percentages are shares of, which units it leaves out.")) { t, call in
                call.stack.push(t.table.notes)
                return 1
            }
            .method(APIDoc("percent", """
                Turns each cell into a percentage of its row's, its column's or the table's Total \
                (for counts of distinct units, the distinct units there), or with base = "group" \
                of the row's (column's) own group: every unit with that value, counted or not \
                (13 of 20 peer workers: 65). The table's notes say which base it used.
                """,
                           parameters: [.init("options", "{by: \"row\"|\"col\"|\"all\", base: \"total\"|\"group\"}?", "what the share is of (default by \"row\", base \"total\"); base \"group\" needs a count whose units each have one value of the row (column) field")],
                           returns: [.init("Table", "a new table of percentages")],
                           example: #"print(t:percent{ by = "row", base = "group" })"#)) { t, call in
                let options = try call.options(2)
                let name = try call.stringOption(options, "by") ?? "row"
                guard let by = ResultTable.PercentBase(rawValue: name) else {
                    throw call.argumentError(2, "'by' must be \"row\", \"col\" or \"all\", not \"\(name)\"")
                }
                let baseName = try call.stringOption(options, "base") ?? "total"
                guard let base = ResultTable.PercentDenominator(rawValue: baseName) else {
                    throw call.argumentError(2, "'base' must be \"total\" or \"group\", not \"\(baseName)\"")
                }
                do {
                    call.stack.push(object: TableObject(try t.table.percent(by: by, of: base)))
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
                call.stack.push(object: TableObject(try t.table.sorted(by: column, descending: order == "desc")))
                return 1
            }
            .method(APIDoc("top", "Keeps the first n rows; sort first to keep the largest.",
                           parameters: [.init("n", "integer", "how many rows to keep")],
                           returns: [.init("Table", "a new table of at most n rows")],
                           example: #"print(t:sort("Total", "desc"):top(5))"#)) { t, call in
                call.stack.push(object: TableObject(try t.table.top(try call.integer(2))))
                return 1
            }
            .method(APIDoc("cell", "Reads one cell by row label and column label.",
                           parameters: [.init("row", "string", "the row's label"), .init("column", "string", "the column's label")],
                           returns: [.init("number", "the cell's value")],
                           example: #"print(t:cell("PW", "17"))"#)) { t, call in
                pushNumber(try t.table.cell(try call.string(2), try call.string(3)), call)
                return 1
            }
            .method(APIDoc("rows", "Iterates over the rows: each is a table keyed by the key names and column labels.",
                           returns: [.init("fun(): table?", "an iterator for a generic for")],
                           example: #"for row in t:rows() do print(row["participant.role"], row.Total) end"#)) { t, call in
                let table = t.table
                var next = 0
                call.stack.pushFunction(named: "rows iterator") { call in
                    guard next < table.rowCount else { return 0 }
                    pushRow(next, of: table, call)
                    next += 1
                    return 1
                }
                return 1
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
                try write(t.table, call, context)
            }
        table.luaClass.toString { $0.table.rendered(as: .text) }
        table.luaClass.length { $0.table.rowCount }
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
}
