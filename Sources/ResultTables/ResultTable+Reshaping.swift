extension ResultTable {
    /// What a percentage is a share of.
    public enum PercentBase: String, Sendable, CaseIterable {
        /// Each cell as a share of its row's total.
        case row
        /// Each cell as a share of its column's total.
        case column = "col"
        /// Each cell as a share of the grand total.
        case all
    }

    /// The same table with every cell turned into a percentage of its row total, column total
    /// or grand total. A cell whose base is zero has no defined share and becomes `nan`
    /// (printed as `NA`, written to JSON as `null`). Only totals that add up to something
    /// stay shown: by row, the Total column (100 each); by column, the Total row.
    public func percent(by base: PercentBase) -> ResultTable {
        let rowTotals = self.rowTotals.map(\.doubleValue)
        let columnTotals = self.columnTotals.map(\.doubleValue)
        let grandTotal = self.grandTotal.doubleValue
        var table = mappingCells { row, column, value in
            let whole: Double
            switch base {
            case .row: whole = rowTotals[row]
            case .column: whole = columnTotals[column]
            case .all: whole = grandTotal
            }
            return .double(whole == 0 ? .nan : value.doubleValue * 100 / whole)
        }
        table.decimals = 1
        table.columnDecimals = [:]
        table.showsRowTotals = showsRowTotals && base != .column
        table.showsColumnTotals = showsColumnTotals && base != .row
        return table
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
