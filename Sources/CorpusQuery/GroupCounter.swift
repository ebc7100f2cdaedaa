/// How one grouping field is read from a fact row.
enum GroupAccess {
    /// One value per fact row: `codes[join[row]]`, where a nil array means "the index itself".
    case single(join: [Int32]?, codes: [Int32]?)
    /// Several values per fact row: `codes[lists.values[e]]` for each entry `e` of the row;
    /// `codes` is -1 for entries a filter removed.
    case list(lists: RowLists, codes: [Int32])

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

/// Counts distinct units per combination of field values ("cells"). Each unit counts at most
/// once per cell however many of its rows or list entries land there.
struct GroupCounter {
    let fields: [GroupAccess]
    /// Number of distinct values of each field (value codes run from 0 to size - 1).
    let sizes: [Int]

    /// Cells above this many are counted in a hash table rather than a flat array.
    static let denseCellLimit = 1 << 22

    /// Non-empty cells as (value code per field, count).
    func count(_ visit: Visit) -> [(codes: [Int32], count: Int)] {
        var cells = 1
        for size in sizes {
            let (product, overflow) = cells.multipliedReportingOverflow(by: max(size, 1))
            cells = overflow ? Int.max : product
        }
        if cells <= Self.denseCellLimit && fields.filter(\.isList).count <= 1 {
            return countDense(visit, cells: cells)
        }
        return countHashed(visit)
    }

    // MARK: Flat array of cells

    /// Strides of the mixed-radix cell number, first field slowest.
    private var strides: [Int] {
        var strides = [Int](repeating: 1, count: sizes.count)
        for index in stride(from: sizes.count - 2, through: 0, by: -1) {
            strides[index] = strides[index + 1] * max(sizes[index + 1], 1)
        }
        return strides
    }

    private func countDense(_ visit: Visit, cells: Int) -> [(codes: [Int32], count: Int)] {
        let strides = self.strides
        // The cell number of each visited row from its single-valued fields (-1: a value is missing).
        var base = [Int32](repeating: 0, count: visit.count)
        var listField: (lists: RowLists, codes: [Int32], stride: Int32)?
        for (index, field) in fields.enumerated() {
            switch field {
            case let .single(join, codes):
                Self.accumulate(&base, visit: visit, join: join, codes: codes, stride: Int32(strides[index]))
            case let .list(lists, codes):
                listField = (lists, codes, Int32(strides[index]))
            }
        }
        var counts = [Int32](repeating: 0, count: cells)
        if let listField {
            Self.countLists(base, visit: visit, lists: listField.lists, codes: listField.codes,
                            stride: listField.stride, into: &counts)
        } else if let units = visit.units {
            Self.countUnits(base, units: units, into: &counts)
        } else {
            for cell in base where cell >= 0 { counts[Int(cell)] += 1 }
        }
        var result: [(codes: [Int32], count: Int)] = []
        for (cell, count) in counts.enumerated() where count > 0 {
            result.append((strides.indices.map { Int32(cell / strides[$0] % max(sizes[$0], 1)) }, Int(count)))
        }
        return result
    }

    /// Adds `code × stride` of one single-valued field to each row's cell number.
    private static func accumulate(_ base: inout [Int32], visit: Visit, join: [Int32]?, codes: [Int32]?, stride: Int32) {
        for position in 0..<visit.count where base[position] >= 0 {
            let row = visit.row(position)
            let target = join.map { $0[Int(row)] } ?? row
            guard target >= 0 else { base[position] = -1; continue }
            let code = codes.map { $0[Int(target)] } ?? target
            base[position] = code < 0 ? -1 : base[position] &+ code &* stride
        }
    }

    /// Counts each (unit, cell) once, for single-valued fields when units span several rows.
    private static func countUnits(_ base: [Int32], units: [Int32], into counts: inout [Int32]) {
        var stamps = [Int32](repeating: -1, count: counts.count)
        for position in base.indices {
            let cell = Int(base[position])
            guard cell >= 0, stamps[cell] != units[position] else { continue }
            stamps[cell] = units[position]
            counts[cell] += 1
        }
    }

    /// Counts each (unit, cell) once when one field is a list: every surviving entry of a row
    /// adds its code to the row's cell number.
    private static func countLists(
        _ base: [Int32], visit: Visit, lists: RowLists, codes: [Int32], stride: Int32, into counts: inout [Int32]
    ) {
        var stamps = [Int32](repeating: -1, count: counts.count)
        let offsets = lists.offsets, values = lists.values
        for position in 0..<visit.count {
            let start = base[position]
            guard start >= 0 else { continue }
            let row = Int(visit.row(position))
            let unit = visit.units?[position] ?? Int32(truncatingIfNeeded: position)
            for entry in Int(offsets[row])..<Int(offsets[row + 1]) {
                let code = codes[Int(values[entry])]
                guard code >= 0 else { continue }
                let cell = Int(start &+ code &* stride)
                guard stamps[cell] != unit else { continue }
                stamps[cell] = unit
                counts[cell] += 1
            }
        }
    }

    // MARK: Hash table of cells

    /// The general path: any number of list fields, any number of cells. Cells are keyed by
    /// their value codes; each unit's cells are collected, de-duplicated, then counted.
    private func countHashed(_ visit: Visit) -> [(codes: [Int32], count: Int)] {
        var counts: [[Int32]: Int] = [:]
        var unitCells = Set<[Int32]>()
        var currentUnit: Int32 = -1
        var choices: [[Int32]] = Array(repeating: [], count: fields.count)
        func flush() {
            for cell in unitCells { counts[cell, default: 0] += 1 }
            unitCells.removeAll(keepingCapacity: true)
        }
        for position in 0..<visit.count {
            let row = visit.row(position)
            let unit = visit.units?[position] ?? Int32(truncatingIfNeeded: position)
            if unit != currentUnit {
                flush()
                currentUnit = unit
            }
            guard collectValues(row, into: &choices) else { continue }
            Self.forEachCombination(choices) { unitCells.insert($0) }
        }
        flush()
        return counts.map { ($0.key, $0.value) }
    }

    /// The values each field has for one row; false when some field has none.
    private func collectValues(_ row: Int32, into choices: inout [[Int32]]) -> Bool {
        for (index, field) in fields.enumerated() {
            choices[index].removeAll(keepingCapacity: true)
            switch field {
            case let .single(join, codes):
                let target = join.map { $0[Int(row)] } ?? row
                guard target >= 0 else { return false }
                let code = codes.map { $0[Int(target)] } ?? target
                if code >= 0 { choices[index].append(code) }
            case let .list(lists, codes):
                for entry in lists[Int(row)] where codes[Int(entry)] >= 0 {
                    choices[index].append(codes[Int(entry)])
                }
            }
            if choices[index].isEmpty { return false }
        }
        return true
    }

    /// Calls `body` with every way of picking one value per field.
    private static func forEachCombination(_ choices: [[Int32]], _ body: ([Int32]) -> Void) {
        var picked = choices.map { $0[0] }
        var positions = [Int](repeating: 0, count: choices.count)
        while true {
            body(picked)
            var field = choices.count - 1
            while field >= 0 {
                positions[field] += 1
                if positions[field] < choices[field].count {
                    picked[field] = choices[field][positions[field]]
                    break
                }
                positions[field] = 0
                picked[field] = choices[field][0]
                field -= 1
            }
            if field < 0 { return }
        }
    }
}
