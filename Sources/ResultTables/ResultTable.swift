/// A table of numbers with labelled rows and columns: what a corpus query or a statistic
/// returns, ready to be printed, reshaped, or written to a file.
///
/// Each row is identified by one or more key labels (one per entry of `keyNames`): a crosstab
/// has a single key (the row field's value), a `countBy` over two fields has two. Cells are
/// stored row by row. Totals are never stored; they are summed from the cells when shown.
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

    /// Sum of each row's cells, in row order.
    public var rowTotals: [Number] {
        (0..<rowCount).map { Self.sum(values(row: $0)) }
    }

    /// Sum of each column's cells, in column order.
    public var columnTotals: [Number] {
        (0..<columnCount).map { column in
            Self.sum((0..<rowCount).lazy.map { value(row: $0, column: column) })
        }
    }

    /// Sum of all cells.
    public var grandTotal: Number { Self.sum(cells) }

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
    func selectingRows(_ order: [Int]) -> ResultTable {
        var copy = self
        copy.rowKeys = order.map { rowKeys[$0] }
        copy.cells = order.flatMap { values(row: $0) }
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
