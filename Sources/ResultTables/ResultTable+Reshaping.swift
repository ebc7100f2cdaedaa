extension ResultTable {
    /// What a percentage is a share of.
    public enum PercentBase: String, Sendable, CaseIterable {
        /// Each cell as a share of its row's total.
        case row
        /// Each cell as a share of its column's total.
        case column
        /// Each cell as a share of the grand total.
        case all
    }

    /// What the whole of a percentage is.
    public enum PercentDenominator: String, Sendable, CaseIterable {
        /// The row's, column's or table's Total (for corpus counts: its distinct units).
        case total
        /// The row's or column's own group: every unit with its value (every participant of
        /// the row's role, say), whether or not it is in any cell. Only for counts of units
        /// that each have one value of that field.
        case group
    }

    /// The same table with every cell turned into a percentage of its row total, column total
    /// or grand total. A cell whose base is zero has no defined share and becomes `nan`
    /// (printed as `NA`, written to JSON as `null`). Only totals that add up to something
    /// stay shown: by row, the Total column; by column, the Total row. For a table of distinct
    /// units the totals are the counted ones, so a row's shares can add up to more than 100.
    public func percent(by base: PercentBase) -> ResultTable {
        // The total denominator always exists.
        (try? percent(by: base, of: .total)) ?? self
    }

    /// `percent(by:)` with a choice of denominator. Throws `ResultTableError.invalidArgument`
    /// when `.group` is asked of a table that has no group sizes on that side, or with `.all`.
    public func percent(by base: PercentBase, of denominator: PercentDenominator) throws -> ResultTable {
        let rowWholes: [Double], columnWholes: [Double], grandWhole: Double
        switch (base, denominator) {
        case (_, .total), (.all, _):
            guard denominator == .total else {
                throw ResultTableError.invalidArgument("a share of each group needs by = \"row\" or \"col\", not \"all\"")
            }
            rowWholes = rowTotals.map(\.doubleValue)
            columnWholes = columnTotals.map(\.doubleValue)
            grandWhole = grandTotal.doubleValue
        case (.row, .group):
            rowWholes = try groupSizes(rowGroupSizes, side: "row", keys: keyNames)
            columnWholes = columnTotals.map(\.doubleValue)
            grandWhole = rowWholes.reduce(0, +)
        case (.column, .group):
            columnWholes = try groupSizes(columnGroupSizes, side: "column", keys: ["the column field"])
            rowWholes = rowTotals.map(\.doubleValue)
            grandWhole = columnWholes.reduce(0, +)
        }
        func share(_ value: Number, of whole: Double) -> Number {
            .double(whole == 0 ? .nan : value.doubleValue * 100 / whole)
        }
        var table = mappingCells { row, column, value in
            switch base {
            case .row: share(value, of: rowWholes[row])
            case .column: share(value, of: columnWholes[column])
            case .all: share(value, of: grandWhole)
            }
        }
        let totals = CountedTotals(
            rows: zip(rowTotals, base == .row ? rowWholes : Array(repeating: grandWhole, count: rowCount)).map(share),
            columns: zip(columnTotals, base == .column ? columnWholes : Array(repeating: grandWhole, count: columnCount)).map(share),
            all: share(grandTotal, of: grandWhole))
        try table.setCountedTotals(totals)
        table.decimals = 1
        table.columnDecimals = [:]
        table.showsRowTotals = showsRowTotals && base != .column
        table.showsColumnTotals = showsColumnTotals && base != .row
        table.notes.append(percentNote(by: base, of: denominator))
        return table
    }

    /// The group sizes of one side as numbers, or an error saying why there are none.
    private func groupSizes(_ sizes: [Number]?, side: String, keys: [String]) throws -> [Double] {
        guard let sizes else {
            throw ResultTableError.invalidArgument("""
                this table has no group sizes for its \(side)s: a share of each group needs a corpus count \
                whose units each have one value of \(keys.joined(separator: ", ")); use base = "total"
                """)
        }
        return sizes.map(\.doubleValue)
    }

    /// The line that says what the percentages are shares of.
    private func percentNote(by base: PercentBase, of denominator: PercentDenominator) -> String {
        let units = countedUnit.map { "distinct \($0)" }
        switch (base, denominator) {
        case (.row, .total):
            return "Percent of each row's Total" + (units.map { " (\($0) in the row)" } ?? "") + "."
        case (.column, .total):
            return "Percent of each column's Total" + (units.map { " (\($0) in the column)" } ?? "") + "."
        case (.all, _):
            return "Percent of the table's Total" + (units.map { " (\(grandTotal) \($0))" } ?? "") + "."
        case (.row, .group):
            return "Percent of each row's own group: all \(countedUnit ?? "units") with its \(keyNames.joined(separator: " / ")), counted or not."
        case (.column, .group):
            return "Percent of each column's own group: all \(countedUnit ?? "units") with its value, counted or not."
        }
    }

    /// The rows reordered by one column's values (ties keep their order). `column` is a column
    /// label, "Total" for the row totals, or a key name to order by that key's labels (numbers
    /// inside labels compare by value, so `1.2` comes before `1.10`). `nan` cells go last.
    /// Throws `ResultTableError.unknownColumn` for any other name.
    public func sorted(by column: String, descending: Bool = false) throws -> ResultTable {
        let order: [Int]
        if let columnIndex = columnLabels.firstIndex(of: column) {
            order = rowOrder(descending: descending) { value(row: $0, column: columnIndex).doubleValue }
        } else if let keyIndex = keyNames.firstIndex(of: column) {
            order = rowKeys.indices.sorted { left, right in
                let ordering = NaturalOrder.compare(rowKeys[left][keyIndex], rowKeys[right][keyIndex])
                if ordering == 0 { return left < right }
                return descending ? ordering > 0 : ordering < 0
            }
        } else if column == Self.totalLabel {
            let totals = rowTotals.map(\.doubleValue)
            order = rowOrder(descending: descending) { totals[$0] }
        } else {
            throw ResultTableError.unknownColumn(column, available: keyNames + columnLabels)
        }
        return selectingRows(order)
    }

    /// The first `count` rows (all of them when there are fewer). Sort first to get the largest.
    /// Throws `ResultTableError.invalidArgument` when `count` is negative.
    public func top(_ count: Int) throws -> ResultTable {
        guard count >= 0 else {
            throw ResultTableError.invalidArgument("top needs a count of zero or more, not \(count)")
        }
        return selectingRows(Array(0..<min(count, rowCount)))
    }

    /// A stable ordering of row indices by a numeric key, with `nan` always last.
    private func rowOrder(descending: Bool, key: (Int) -> Double) -> [Int] {
        let keys = (0..<rowCount).map(key)
        return (0..<rowCount).sorted { left, right in
            let a = keys[left], b = keys[right]
            if a.isNaN || b.isNaN {
                if a.isNaN == b.isNaN { return left < right }
                return b.isNaN
            }
            if a == b { return left < right }
            return descending ? a > b : a < b
        }
    }
}
