/// How one grouping field is read from a fact row.
enum GroupAccess {
    /// One value per fact row: `codes[join[row]]`, where a nil array means "the index itself".
    case single(join: [Int32]?, codes: [Int32]?)
    /// Several values per fact row: `codes[lists.values[e]]` for each entry `e` of the row;
    /// `codes` is -1 for entries a filter removed. `masked`: a filter applies to the level, so
    /// a row without entries is one the filter removes, not one with a missing value.
    case list(lists: RowLists, codes: [Int32], masked: Bool)

    var isList: Bool {
        if case .list = self { return true }
        return false
    }
}

/// The fact rows to count, in the order they are visited, and the unit each one belongs to.
/// When `units` is nil every row is its own unit; otherwise rows of one unit are adjacent,
/// which lets the counter see each (unit, cell) pair once without a hash set.
struct Visit {
    /// Fact rows in visiting order; nil for all rows `0..<count` in order.
    let rows: [Int32]?
    let count: Int
    /// Unit of each visiting position; nil when every row is its own unit.
    let units: [Int32]?

    @inline(__always)
    func row(_ position: Int) -> Int32 {
        guard let rows else { return Int32(truncatingIfNeeded: position) }
        return rows[position]
    }

    /// Rows grouped by unit with a counting sort; rows without a unit (-1) are dropped.
    static func grouped(rows: [Int32]?, factCount: Int, unitOf: [Int32], unitCount: Int) -> Visit {
        var starts = [Int32](repeating: 0, count: unitCount + 1)
        func each(_ body: (Int32) -> Void) {
            if let rows { rows.forEach(body) } else { for row in 0..<Int32(factCount) { body(row) } }
        }
        each { row in
            let unit = unitOf[Int(row)]
            if unit >= 0 { starts[Int(unit) + 1] += 1 }
        }
        for unit in 0..<unitCount { starts[unit + 1] += starts[unit] }
        let total = Int(starts[unitCount])
        var ordered = [Int32](repeating: 0, count: total)
        var units = [Int32](repeating: 0, count: total)
        var next = starts
        each { row in
            let unit = unitOf[Int(row)]
            guard unit >= 0 else { return }
            let position = Int(next[Int(unit)])
            ordered[position] = row
            units[position] = unit
            next[Int(unit)] += 1
        }
        return Visit(rows: ordered, count: total, units: units)
    }
}
