import CorpusQuery
import LuaBridge
import ResultTables

/// Builds a ``ResultTable`` from Lua data, for `Table.new` and `Table.from`.
///
/// Columns are named in order. The leading columns whose every cell is a string label the rows
/// (they are the table's keys); every other cell must be a number, so the table prints, sorts,
/// plots and writes like one a query returns. A missing value is written `0/0` (NaN, shown as
/// NA): a row may not leave a cell out, so a short row is an error rather than a shifted one.
struct TableFromLua {
    /// One column as given: its label and, optionally, its own decimals.
    struct Column {
        let label: String
        let decimals: Int?
    }

    /// What a cell holds once read: a label or a number.
    enum Cell {
        case text(String)
        case number(ResultTable.Number)
    }

    let function: String
    var columns: [Column] = []
    var rows: [[Cell]] = []
    /// How many leading columns label the rows; nil to take every leading all-text column.
    var keyCount: Int?
    var title: String?
    var decimals = 1
    var totals = false

    /// The options both functions take besides the data.
    static let commonOptions = ["keys", "title", "decimals", "totals"]

    init(function: String) { self.function = function }

    func failure(_ message: String) -> LuaScriptError {
        LuaScriptError("\(function): \(message)")
    }

    // MARK: Options

    /// Reads `columns`: labels, or `{ label, decimals = n }` tables; at least one, none repeated.
    mutating func readColumns(_ value: LuaValue?) throws {
        guard let value else { throw failure("'columns' is missing: give the column labels in order, such as columns = { \"role\", \"n\" }") }
        guard let items = value.arrayValues, !items.isEmpty, items.count == Self.entryCount(value) else {
            throw failure("'columns' must be a non-empty list of column labels, got \(value.typeName)")
        }
        columns = try items.enumerated().map { try column($1, position: $0 + 1) }
        var seen = Set<String>()
        if let repeated = columns.first(where: { !seen.insert($0.label).inserted }) {
            throw failure("column '\(repeated.label)' is named twice; each column needs its own label")
        }
    }

    private func column(_ value: LuaValue, position: Int) throws -> Column {
        if let label = value.stringValue, case .string = value { return Column(label: label, decimals: nil) }
        guard case .table(let entries) = value, let label = entries[.integer(1)]?.stringValue, case .string = entries[.integer(1)]! else {
            throw failure("column \(position) must be a label (a string) or { \"label\", decimals = n }, got \(value.typeName)")
        }
        for key in entries.keys where key != .integer(1) && key != .string("decimals") {
            throw failure("column '\(label)' has the field \(key), but a column takes only its label and 'decimals'")
        }
        let decimals = try entries[.string("decimals")].map { try digits($0, for: "decimals of column '\(label)'") }
        return Column(label: label, decimals: decimals)
    }

    /// Reads `keys`, `title`, `decimals` and `totals`.
    mutating func readCommonOptions(_ options: [String: LuaValue]) throws {
        if let keys = options["keys"] {
            guard let count = keys.intValue, case .integer = keys, (0...columns.count).contains(count) else {
                throw failure("'keys' must be how many leading columns label the rows, 0 to \(columns.count), got \(keys)")
            }
            keyCount = count
        }
        if let title = options["title"] {
            guard case .string(let text) = title else { throw failure("'title' must be a string, got \(title.typeName)") }
            self.title = text
        }
        if let decimals = options["decimals"] { self.decimals = try digits(decimals, for: "'decimals'") }
        if let totals = options["totals"] {
            guard case .boolean(let flag) = totals else { throw failure("'totals' must be true or false, got \(totals.typeName)") }
            self.totals = flag
        }
    }

    private func digits(_ value: LuaValue, for name: String) throws -> Int {
        guard case .integer(let count) = value, (0...15).contains(count) else {
            throw failure("\(name) must be a whole number from 0 to 15, got \(value)")
        }
        return count
    }

    /// How many entries a copied table has, to tell a list from a list with other keys.
    static func entryCount(_ value: LuaValue) -> Int {
        if case .table(let entries) = value { return entries.count }
        return 0
    }

    // MARK: Cells

    /// A cell read from Lua: a string or a number; anything else is refused by position.
    func cell(_ value: LuaValue?, row: Int, column: Int) throws -> Cell {
        let place = "row \(row), column '\(columns[column].label)'"
        switch value {
        case .string(let text)?: return .text(text)
        case .integer(let number)?: return .number(.int(number))
        case .number(let number)?: return .number(.double(number))
        case nil, .nil?:
            throw failure("\(place) is missing: every row gives all \(columns.count) cells (write 0/0 for a missing number)")
        case let other?:
            throw failure("\(place) holds a \(other.typeName); cells must be strings (labels) or numbers")
        }
    }

    // MARK: Building

    /// The table, with keys as given or found, checked against the memory limit first.
    func table(limits: RunLimits) throws -> ResultTable {
        try limits.checkMemory(forResultOf: rows.count * columns.count * 24)
        let keys = keyCount ?? leadingTextColumns()
        var rowKeys: [[String]] = []
        var cells: [ResultTable.Number] = []
        rowKeys.reserveCapacity(rows.count)
        cells.reserveCapacity(rows.count * (columns.count - keys))
        for (index, row) in rows.enumerated() {
            rowKeys.append(try row[..<keys].enumerated().map { try label($1, row: index + 1, column: $0) })
            cells += try row[keys...].enumerated().map { try number($1, row: index + 1, column: keys + $0) }
        }
        if totals, keys == 0 { throw failure("'totals' needs at least one label column to write 'Total' in") }
        var table = try ResultTable(keyNames: columns[..<keys].map(\.label), rowKeys: rowKeys,
                                    columnLabels: columns[keys...].map(\.label), cells: cells,
                                    showsTotals: totals, title: title, decimals: decimals)
        for column in columns[keys...] { table.columnDecimals[column.label] = column.decimals }
        return table
    }

    /// The leading columns in which every row holds text.
    private func leadingTextColumns() -> Int {
        var count = 0
        while count < columns.count, rows.allSatisfy({ if case .text = $0[count] { true } else { false } }) {
            count += 1
        }
        return rows.isEmpty ? 0 : count
    }

    private func label(_ cell: Cell, row: Int, column: Int) throws -> String {
        guard case .text(let text) = cell else {
            throw failure("row \(row), column '\(columns[column].label)' is a number, but the first \(keyCount ?? 0) columns label the rows and take strings")
        }
        return text
    }

    private func number(_ cell: Cell, row: Int, column: Int) throws -> ResultTable.Number {
        switch cell {
        case .number(let number): return number
        case .text(let text):
            throw failure("row \(row), column '\(columns[column].label)' holds the text \"\(text.prefix(40))\" where a number belongs; "
                + "label columns come first (set 'keys' to say how many), and every later cell is a number")
        }
    }
}

extension TableFromLua {
    /// `Table.new{ columns = {…}, rows = {{…}, …}, … }`: rows as lists of cells in column order.
    static func new(_ spec: LuaValue, limits: RunLimits) throws -> ResultTable {
        var builder = TableFromLua(function: "Table.new")
        let options = try builder.options(spec, allowed: ["columns", "rows"] + commonOptions)
        try builder.readColumns(options["columns"])
        try builder.readCommonOptions(options)
        guard let rows = options["rows"] else { throw builder.failure("'rows' is missing: give a list of rows, each a list of cells") }
        for (index, row) in try builder.list(rows, named: "'rows'").enumerated() {
            guard let cells = row.arrayValues, cells.count == entryCount(row) else {
                throw builder.failure("row \(index + 1) must be a list of cells in column order, got \(row.typeName == "table" ? "a table with a gap or named fields" : row.typeName)")
            }
            guard cells.count == builder.columns.count else {
                throw builder.failure("row \(index + 1) has \(count(cells.count, "cell")) but there are \(count(builder.columns.count, "column")) (write 0/0 for a missing number)")
            }
            builder.rows.append(try cells.indices.map { try builder.cell(cells[$0], row: index + 1, column: $0) })
        }
        return try builder.table(limits: limits)
    }

    /// `Table.from(records, options)`: one record per row, fields named by the columns.
    static func from(_ records: LuaValue, _ options: LuaValue?, limits: RunLimits) throws -> ResultTable {
        var builder = TableFromLua(function: "Table.from")
        let given = try options.map { try builder.options($0, allowed: ["columns"] + commonOptions) } ?? [:]
        let list = try builder.list(records, named: "the records")
        let explicit = given["columns"] != nil
        if explicit {
            try builder.readColumns(given["columns"])
        } else {
            guard let first = list.first else {
                throw builder.failure("with no records, give the columns: Table.from({}, { columns = { … } })")
            }
            builder.columns = try builder.defaultColumns(first)
        }
        try builder.readCommonOptions(given)
        let labels = builder.columns.map(\.label)
        for (index, record) in list.enumerated() {
            let fields = try builder.fields(of: record, record: index + 1)
            if !explicit, let extra = fields.first(where: { !labels.contains($0) }) {
                throw builder.failure("record \(index + 1) has the field '\(extra)', which record 1 does not: every record needs the same fields")
            }
            guard case .table(let entries) = record else { continue }
            builder.rows.append(try labels.indices.map { column in
                guard let value = entries[.string(labels[column])] else {
                    throw builder.failure("record \(index + 1) has no field '\(labels[column])' (write 0/0 for a missing number)")
                }
                return try builder.cell(value, row: index + 1, column: column)
            })
        }
        return try builder.table(limits: limits)
    }

    /// "1 cell", "3 cells".
    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// A table of named options, refusing names the function does not take.
    private func options(_ value: LuaValue, allowed: [String]) throws -> [String: LuaValue] {
        guard case .table(let entries) = value else { throw failure("expected a table of options, got \(value.typeName)") }
        var options: [String: LuaValue] = [:]
        for (key, entry) in entries {
            guard case .string(let name) = key, allowed.contains(name) else {
                let shown = key.stringValue ?? "\(key)"
                throw failure("unknown option '\(shown)'" + hint(shown, allowed) + "; the options are " + allowed.joined(separator: ", "))
            }
            options[name] = entry
        }
        return options
    }

    /// A Lua list, refusing other values and lists with gaps or named fields.
    private func list(_ value: LuaValue, named name: String) throws -> [LuaValue] {
        guard let items = value.arrayValues, items.count == Self.entryCount(value) else {
            throw failure("\(name) must be a list, got \(value.typeName == "table" ? "a table with a gap or named fields" : value.typeName)")
        }
        return items
    }

    /// The first record's fields: those holding text (the labels) sorted, then the others sorted.
    private func defaultColumns(_ first: LuaValue) throws -> [Column] {
        let names = try fields(of: first, record: 1)
        guard case .table(let entries) = first else { return [] }
        func isText(_ name: String) -> Bool { if case .string? = entries[.string(name)] { true } else { false } }
        return names.sorted { (isText($0) ? 0 : 1, $0) < (isText($1) ? 0 : 1, $1) }.map { Column(label: $0, decimals: nil) }
    }

    /// The field names of a record, which must all be strings.
    private func fields(of record: LuaValue, record index: Int) throws -> [String] {
        guard case .table(let entries) = record else {
            throw failure("record \(index) must be a table of fields, got \(record.typeName)")
        }
        return try entries.keys.map { key in
            guard case .string(let name) = key else {
                throw failure("record \(index) has the key \(key.intValue.map(String.init) ?? key.typeName); record fields are named by strings")
            }
            return name
        }
    }
}
