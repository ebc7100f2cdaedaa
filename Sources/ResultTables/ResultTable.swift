/// A table of numbers with labelled rows and columns: what a corpus query or a statistic
/// returns, ready to be printed, reshaped, or written to a file.
///
/// Each row is identified by one or more key labels (one per entry of `keyNames`): a crosstab
/// has a single key (the row field's value), a `countBy` over two fields has two. Cells are
/// stored row by row. Totals are summed from the cells, except in tables of distinct units
/// (corpus counts), which carry the totals they were counted with: a participant in three
/// columns of a row counts once in that row's Total, so the Total is not the sum of the row.
public struct ResultTable: Sendable, Hashable {
    /// One cell: a whole-number count or a measured quantity such as a percentage.
    public enum Number: Sendable, Hashable, CustomStringConvertible {
        /// A count.
        case int(Int)
        /// A real-valued quantity; `nan` marks a value that is undefined (a share of nothing).
        case double(Double)

        /// The value as a `Double`, whichever case holds it.
        public var doubleValue: Double {
            switch self {
            case let .int(value): Double(value)
            case let .double(value): value
            }
        }

        /// The count, or nil for a real-valued cell.
        public var intValue: Int? {
            if case let .int(value) = self { return value }
            return nil
        }

        /// The shortest text that reads back as the same value (`12`, `33.33333333333333`, `nan`).
        public var description: String {
            switch self {
            case let .int(value): String(value)
            case let .double(value): String(value)
            }
        }
    }

    /// A heading printed above the table, if any.
    public var title: String?
    /// The headers of the label columns, one per key (e.g. `["participant.role"]`).
    public private(set) var keyNames: [String]
    /// The key labels of each row, in display order; each has `keyNames.count` entries.
    public private(set) var rowKeys: [[String]]
    /// The labels of the numeric columns, in display order.
    public private(set) var columnLabels: [String]
    /// The cell values, row by row (`rowCount × columnCount` entries).
    public private(set) var cells: [Number]
    /// Whether printed forms (text, Markdown) add a Total column holding each row's sum.
    public var showsRowTotals: Bool
    /// Whether printed forms (text, Markdown) add a Total row holding each column's sum.
    public var showsColumnTotals: Bool
    /// Digits after the decimal point when real-valued cells are printed as text or Markdown.
    /// Machine-readable formats always write the full value.
    public var decimals: Int
    /// Digits after the decimal point for the columns named here, in place of `decimals`.
    public var columnDecimals: [String: Int] = [:]
    /// Totals counted rather than summed, when the table has them (see `CountedTotals`).
    public internal(set) var countedTotals: CountedTotals?
    /// For each row, the number of units of its group (every participant of the row's role,
    /// say, counted or not), when each counted unit has exactly one row value; the base of
    /// `percent(by: .row, base: .group)`.
    public internal(set) var rowGroupSizes: [Number]?
    /// The same per column, for `percent(by: .column, base: .group)`.
    public internal(set) var columnGroupSizes: [Number]?
    /// Lines printed under the table and written with it: what the cells and totals count,
    /// what a percentage is a share of, which rows were left out.
    public var notes: [String] = []
    /// What the cells count, for corpus counts ("participants", "codings"); nil otherwise.
    public var countedUnit: String?

    /// Totals of a table of distinct units, counted with the cells: each is the number of
    /// distinct units in its row, in its column, or in the whole table.
    public struct CountedTotals: Sendable, Hashable {
        /// One per row, in row order.
        public var rows: [Number]
        /// One per column, in column order.
        public var columns: [Number]
        /// Over the whole table.
        public var all: Number

        /// Totals from their parts.
        public init(rows: [Number], columns: [Number], all: Number) {
            self.rows = rows
            self.columns = columns
            self.all = all
        }
    }

    /// Makes a table from its parts; throws `ResultTableError.shapeMismatch` when the number of
    /// cells or of keys in a row does not fit the labels.
    public init(
        keyNames: [String], rowKeys: [[String]], columnLabels: [String], cells: [Number],
        showsTotals: Bool = true, title: String? = nil, decimals: Int = 1
    ) throws {
        guard cells.count == rowKeys.count * columnLabels.count else {
            throw ResultTableError.shapeMismatch(
                "\(cells.count) cells do not fill \(rowKeys.count) rows × \(columnLabels.count) columns")
        }
        if let row = rowKeys.firstIndex(where: { $0.count != keyNames.count }) {
            throw ResultTableError.shapeMismatch(
                "row \(row + 1) has \(rowKeys[row].count) keys but the table names \(keyNames.count)")
        }
        self.keyNames = keyNames
        self.rowKeys = rowKeys
        self.columnLabels = columnLabels
        self.cells = cells
        self.showsRowTotals = showsTotals
        self.showsColumnTotals = showsTotals
        self.title = title
        self.decimals = max(0, decimals)
    }

    /// Makes a table of counts with one label per row from nested arrays (`counts[row][column]`);
    /// throws `ResultTableError.shapeMismatch` when a row has the wrong length.
    public init(
        keyName: String, rowLabels: [String], columnLabels: [String], counts: [[Int]],
        showsTotals: Bool = true, title: String? = nil
    ) throws {
        guard counts.count == rowLabels.count,
              counts.allSatisfy({ $0.count == columnLabels.count })
        else {
            throw ResultTableError.shapeMismatch(
                "expected \(rowLabels.count) rows of \(columnLabels.count) counts")
        }
        try self.init(
            keyNames: [keyName], rowKeys: rowLabels.map { [$0] }, columnLabels: columnLabels,
            cells: counts.flatMap { $0.map(Number.int) }, showsTotals: showsTotals, title: title)
    }

    /// Whether printed forms show totals at all; setting it shows or hides both kinds.
    public var showsTotals: Bool {
        get { showsRowTotals || showsColumnTotals }
        set {
            showsRowTotals = newValue
            showsColumnTotals = newValue
        }
    }

    /// Number of data rows (totals not counted).
    public var rowCount: Int { rowKeys.count }
    /// Number of numeric columns (totals not counted).
    public var columnCount: Int { columnLabels.count }

    /// One label per row: the row's keys joined with " / " (just the key when there is one).
    public var rowLabels: [String] { rowKeys.map(Self.joinedLabel) }

    /// The cell at zero-based `row` and `column`.
    public func value(row: Int, column: Int) -> Number {
        cells[row * columnLabels.count + column]
    }

    /// The values of one row, in column order.
    public func values(row: Int) -> ArraySlice<Number> {
        let start = row * columnLabels.count
        return cells[start..<(start + columnLabels.count)]
    }

    /// The cell whose row label (see `rowLabels`) and column label are given. The label
    /// "Total" names the row or column total when no row or column carries that label.
    /// Throws `ResultTableError.unknownRow`/`unknownColumn`, listing the labels there are.
    public func cell(_ row: String, _ column: String) throws -> Number {
        let rowIndex = try position(ofRow: row)
        let columnIndex = try position(ofColumn: column)
        switch (rowIndex, columnIndex) {
        case let (r?, c?): return value(row: r, column: c)
        case let (r?, nil): return rowTotals[r]
        case let (nil, c?): return columnTotals[c]
        case (nil, nil): return grandTotal
        }
    }

    /// Each row's total, in row order: the counted one when the table has counted totals,
    /// else the sum of the row's cells.
    public var rowTotals: [Number] {
        countedTotals?.rows ?? (0..<rowCount).map { Self.sum(values(row: $0)) }
    }

    /// Each column's total, in column order: counted, or the sum of the column's cells.
    public var columnTotals: [Number] {
        countedTotals?.columns ?? (0..<columnCount).map { column in
            Self.sum((0..<rowCount).lazy.map { value(row: $0, column: column) })
        }
    }

    /// The total of the whole table: counted, or the sum of all cells.
    public var grandTotal: Number { countedTotals?.all ?? Self.sum(cells) }

    /// Sets counted totals and group sizes; throws `shapeMismatch` when a list does not fit
    /// the rows or columns.
    public mutating func setCountedTotals(
        _ totals: CountedTotals, rowGroupSizes: [Number]? = nil, columnGroupSizes: [Number]? = nil
    ) throws {
        guard totals.rows.count == rowCount, totals.columns.count == columnCount,
              (rowGroupSizes?.count ?? rowCount) == rowCount,
              (columnGroupSizes?.count ?? columnCount) == columnCount
        else {
            throw ResultTableError.shapeMismatch("totals or group sizes do not fit \(rowCount) rows × \(columnCount) columns")
        }
        countedTotals = totals
        self.rowGroupSizes = rowGroupSizes
        self.columnGroupSizes = columnGroupSizes
    }

    /// The label that names a total row or column.
    public static let totalLabel = "Total"

    /// Row index for a label; nil means the total row; throws when neither matches.
    private func position(ofRow label: String) throws -> Int? {
        if let index = rowKeys.firstIndex(where: { Self.joinedLabel($0) == label }) { return index }
        if label == Self.totalLabel { return nil }
        throw ResultTableError.unknownRow(label, available: rowLabels)
    }

    /// Column index for a label; nil means the total column; throws when neither matches.
    private func position(ofColumn label: String) throws -> Int? {
        if let index = columnLabels.firstIndex(of: label) { return index }
        if label == Self.totalLabel { return nil }
        throw ResultTableError.unknownColumn(label, available: columnLabels)
    }

    static func joinedLabel(_ keys: [String]) -> String {
        keys.joined(separator: " / ")
    }

    /// Adds numbers, staying whole while every term is whole.
    static func sum<S: Sequence>(_ numbers: S) -> Number where S.Element == Number {
        var whole = 0
        var real = 0.0
        var isWhole = true
        for number in numbers {
            switch number {
            case let .int(value): whole += value
            case let .double(value): real += value; isWhole = false
            }
        }
        return isWhole ? .int(whole) : .double(real + Double(whole))
    }

    /// Rebuilds the table with rows taken in the given order (indices may be repeated or left out).
    /// Counted totals follow their rows; the column totals still count every row, so a
    /// table that loses rows says so.
    func selectingRows(_ order: [Int]) -> ResultTable {
        var copy = self
        copy.rowKeys = order.map { rowKeys[$0] }
        copy.cells = order.flatMap { values(row: $0) }
        copy.rowGroupSizes = rowGroupSizes.map { sizes in order.map { sizes[$0] } }
        if let totals = countedTotals {
            copy.countedTotals?.rows = order.map { totals.rows[$0] }
            let left = rowCount - Set(order).count
            if left > 0 {
                copy.notes.append("The Total row counts all rows, including \(left) not shown.")
            }
        }
        return copy
    }

    /// Rebuilds the table with each cell replaced.
    func mappingCells(_ transform: (_ row: Int, _ column: Int, _ value: Number) -> Number) -> ResultTable {
        var copy = self
        copy.cells = cells.indices.map { index in
            transform(index / columnCount, index % columnCount, cells[index])
        }
        return copy
    }
}
