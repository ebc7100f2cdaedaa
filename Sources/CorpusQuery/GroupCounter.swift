/// What counting distinct units per cell gives: the non-empty cells and the totals counted
/// alongside them, each unit once however many cells it is in.
struct GroupCounts: Sendable {
    /// Non-empty cells as (value code per field, count).
    var cells: [(codes: [Int32], count: Int)]
    /// For each field and value code, the distinct units with a counted cell of that value.
    var margins: [[Int]]
    /// Distinct units with at least one counted cell.
    var counted: Int
    /// Distinct units looked at, counted or not (a unit whose cells are all dropped is not
    /// counted).
    var seen: Int
    /// Per field, whether some cell was dropped for having no value there.
    var droppedMissing: [Bool]
}

/// Counts distinct units per combination of field values ("cells"). Each unit counts at most
/// once per cell however many of its rows or list entries land there.
///
/// A row with no value for a field has that field's missing code (`sizes[k] - 1`). A unit
/// counts in a cell with a missing value only when none of its cells has values for more of
/// the fields: a participant with one coding of no technique and one of technique 3.1 counts
/// under 3.1 alone, one whose codings have no technique at all under the missing code.
struct GroupCounter {
    let fields: [GroupAccess]
    /// Number of value codes of each field, the last being the missing code.
    let sizes: [Int]
    /// Per field, which codes may form a cell (nil: all); a unit's other cells are dropped.
    let allowed: [[Bool]?]
    /// The entries of the list field read by coding, when every coding is visited.
    var listEntries: ListEntries?
    /// The list field's pairs, when every coding is visited.
    var listPairs: ListPairs?
    /// The pairs a filter keeps (per key), remembered by the snapshot when it is given.
    var keptPairs: ((_ kept: [Bool], _ make: () -> KeptPairs) -> KeptPairs)?

    /// Counts the visited rows, then `extra` units that have no row, one cell each.
    func count(_ visit: Visit, extra: [[Int32]] = []) -> GroupCounts {
        var cells = 1
        for size in sizes {
            let (product, overflow) = cells.multipliedReportingOverflow(by: max(size, 1))
            guard !overflow else { return run(visit, extra: extra) { $0 } }
            cells = product
        }
        let strides = self.strides
        if visit.units == nil && extra.isEmpty && cells <= Self.denseCellLimit && fields.filter(\.isList).count <= 1 {
            if let counts = countEntries(visit) ?? countSingleByList(visit) { return counts }
            return countRows(visit, cells: cells, strides: strides)
        }
        return run(visit, extra: extra) { codes in
            var cell = 0
            for index in codes.indices { cell &+= Int(codes[index]) &* strides[index] }
            return cell
        }
    }

    /// Cells above this many are counted in a hash table rather than a flat array.
    static let denseCellLimit = 1 << 22

    /// Strides of the mixed-radix cell number, first field slowest.
    private var strides: [Int] {
        var strides = [Int](repeating: 1, count: sizes.count)
        for index in stride(from: sizes.count - 2, through: 0, by: -1) {
            strides[index] = strides[index + 1] &* max(sizes[index + 1], 1)
        }
        return strides
    }

    // MARK: Each row its own unit

    /// The fast path when every row is its own unit and at most one field is a list: the
    /// cells of one row share their single values, so none supersedes another. Works field
    /// by field over flat arrays, as the loops a person would write for one question.
    private func countRows(_ visit: Visit, cells: Int, strides: [Int]) -> GroupCounts {
        var droppedMissing = sizes.map { _ in false }
        // The cell number of each visited row from its single-valued fields (-1: a value
        // that may not form a cell).
        var base = [Int](repeating: 0, count: visit.count)
        for (index, field) in fields.enumerated() {
            guard case let .single(join, codes) = field else { continue }
            accumulate(&base, visit: visit, field: index, join: join, codes: codes,
                       stride: strides[index], dropped: &droppedMissing[index])
        }
        var counts = [Int32](repeating: 0, count: cells)
        var margins = sizes.map { [Int](repeating: 0, count: $0) }
        // Per visited row: 1 counted, 0 seen but not counted, -1 not a row that counts.
        var outcome = [Int8](repeating: 0, count: visit.count)
        if let listIndex = fields.firstIndex(where: \.isList), case let .list(lists, codes, masked) = fields[listIndex] {
            countLists(base, visit: visit, lists: lists, codes: codes, masked: masked, field: listIndex,
                       stride: strides[listIndex], counts: &counts, margins: &margins[listIndex],
                       outcome: &outcome, dropped: &droppedMissing[listIndex])
        } else {
            for position in base.indices where base[position] >= 0 {
                counts[base[position]] += 1
                outcome[position] = 1
            }
        }
        for (index, field) in fields.enumerated() {
            guard case let .single(join, codes) = field else { continue }
            addMargins(&margins[index], visit: visit, outcome: outcome, field: index, join: join, codes: codes)
        }
        var result: [(codes: [Int32], count: Int)] = []
        for (cell, count) in counts.enumerated() where count > 0 {
            result.append((strides.indices.map { Int32(cell / strides[$0] % max(sizes[$0], 1)) }, Int(count)))
        }
        return GroupCounts(
            cells: result, margins: margins, counted: outcome.lazy.filter { $0 == 1 }.count,
            seen: outcome.lazy.filter { $0 >= 0 }.count, droppedMissing: droppedMissing)
    }

    /// The code of a single-valued field for a fact row, the missing code when it has none.
    @inline(__always)
    private static func code(_ row: Int32, join: [Int32]?, codes: [Int32]?, missing: Int32) -> Int32 {
        let target = join.map { $0[Int(row)] } ?? row
        guard target >= 0 else { return missing }
        let code = codes.map { $0[Int(target)] } ?? target
        return code < 0 ? missing : code
    }

    /// Adds `code × stride` of one single-valued field to each row's cell number, or marks
    /// the row -1 when its code may not form a cell.
    private func accumulate(
        _ base: inout [Int], visit: Visit, field: Int, join: [Int32]?, codes: [Int32]?, stride: Int, dropped: inout Bool
    ) {
        let missing = Int32(sizes[field] - 1)
        let mask = allowed[field]
        for position in 0..<visit.count where base[position] >= 0 {
            let code = Self.code(visit.row(position), join: join, codes: codes, missing: missing)
            if let mask, !mask[Int(code)] {
                if code == missing { dropped = true }
                base[position] = -1
                continue
            }
            base[position] &+= Int(code) &* stride
        }
    }

    /// Counts each row's distinct allowed list values once (a row without entries has the
    /// missing code; one whose entries a filter removed does not count).
    private func countLists(
        _ base: [Int], visit: Visit, lists: RowLists, codes: [Int32], masked: Bool, field: Int, stride: Int,
        counts: inout [Int32], margins: inout [Int], outcome: inout [Int8], dropped: inout Bool
    ) {
        let missing = Int32(sizes[field] - 1)
        let mask = allowed[field] ?? [Bool](repeating: true, count: sizes[field])
        var stamps = [Int32](repeating: -1, count: sizes[field])
        // The loop runs once per coding of the query, so it reads and writes through buffer
        // pointers: every index below comes from the loader's own arrays, checked when built.
        lists.offsets.withUnsafeBufferPointer { offsets in
        lists.values.withUnsafeBufferPointer { values in
        codes.withUnsafeBufferPointer { codes in
        mask.withUnsafeBufferPointer { mask in
        base.withUnsafeBufferPointer { base in
        stamps.withUnsafeMutableBufferPointer { stamps in
        counts.withUnsafeMutableBufferPointer { counts in
        margins.withUnsafeMutableBufferPointer { margins in
        outcome.withUnsafeMutableBufferPointer { outcome in
            for position in 0..<visit.count {
                let row = Int(visit.row(position))
                let start = Int(offsets[row]), end = Int(offsets[row + 1])
                let entries = ListEntryRun(start: start, end: end, values: values, codes: codes, missing: missing)
                let (hasEntry, hasValue) = entries.scan()
                if !hasEntry && (start < end || masked) {
                    outcome[position] = -1
                    continue
                }
                let cell = base[position]
                guard cell >= 0 else { continue }
                let stamp = Int32(truncatingIfNeeded: position)
                let (counted, droppedHere) = entries.countDistinct(
                    hasValue: hasValue, stamp: stamp, stamps: stamps, mask: mask, counts: counts, cell: cell,
                    stride: stride, margins: margins)
                if counted { outcome[position] = 1 }
                if droppedHere { dropped = true }
            }
        }}}}}}}}}
    }

    /// Adds each counted row's value of one single-valued field to that field's margin.
    private func addMargins(
        _ margins: inout [Int], visit: Visit, outcome: [Int8], field: Int, join: [Int32]?, codes: [Int32]?
    ) {
        let missing = Int32(sizes[field] - 1)
        for position in 0..<visit.count where outcome[position] == 1 {
            margins[Int(Self.code(visit.row(position), join: join, codes: codes, missing: missing))] += 1
        }
    }

    // MARK: Units of several rows

    /// Walks the units, collects each one's distinct cells, and counts them.
    private func run<Key: Hashable>(_ visit: Visit, extra: [[Int32]], key: ([Int32]) -> Key) -> GroupCounts {
        var tally = Tally<Key>(sizes: sizes, allowed: allowed)
        var choices: [[Int32]] = Array(repeating: [], count: fields.count)
        var currentUnit: Int32 = -1
        for position in 0..<visit.count {
            let unit = visit.units?[position] ?? Int32(truncatingIfNeeded: position)
            if unit != currentUnit {
                tally.flush()
                currentUnit = unit
            }
            guard collectValues(visit.row(position), into: &choices) else { continue }
            tally.hasRow = true
            Self.forEachCombination(choices) { tally.add($0, key: key($0)) }
        }
        tally.flush()
        for codes in extra {
            tally.hasRow = true
            tally.add(codes, key: key(codes))
            tally.flush()
        }
        return tally.result
    }

    /// The values each field has for one row (its missing code when it has none); false when
    /// the row does not count, because a filter removed every entry of a list field.
    private func collectValues(_ row: Int32, into choices: inout [[Int32]]) -> Bool {
        for (index, field) in fields.enumerated() {
            choices[index].removeAll(keepingCapacity: true)
            let missing = Int32(sizes[index] - 1)
            switch field {
            case let .single(join, codes):
                let target = join.map { $0[Int(row)] } ?? row
                let code = target < 0 ? -1 : codes.map { $0[Int(target)] } ?? target
                choices[index].append(code < 0 ? missing : code)
            case let .list(lists, codes, masked):
                let entries = lists[Int(row)]
                for entry in entries where codes[Int(entry)] >= 0 {
                    choices[index].append(codes[Int(entry)])
                }
                if choices[index].isEmpty {
                    // No entry at all is a missing value; entries a filter removed are not.
                    guard entries.isEmpty && !masked else { return false }
                    choices[index].append(missing)
                }
            }
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

/// The running counts of `GroupCounter`: the current unit's distinct cells, and the counts
/// of the units already flushed.
private struct Tally<Key: Hashable> {
    let sizes: [Int]
    let allowed: [[Bool]?]
    /// Whether the current unit has a row that counts.
    var hasRow = false
    private var unitCells: [Key: [Int32]] = [:]
    private var counts: [Key: (codes: [Int32], count: Int)] = [:]
    private var margins: [[Int]]
    /// Per field and code, the last unit number that added to the margin.
    private var stamps: [[Int32]]
    private var unitNumber: Int32 = 0
    private var counted = 0
    private var seen = 0
    private var droppedMissing: [Bool]

    init(sizes: [Int], allowed: [[Bool]?]) {
        self.sizes = sizes
        self.allowed = allowed
        margins = sizes.map { [Int](repeating: 0, count: $0) }
        stamps = sizes.map { [Int32](repeating: -1, count: $0) }
        droppedMissing = sizes.map { _ in false }
    }

    mutating func add(_ codes: [Int32], key: Key) {
        if unitCells[key] == nil { unitCells[key] = codes }
    }

    /// Ends the current unit: keeps its most complete cells, drops those not allowed, counts.
    mutating func flush() {
        defer {
            unitCells.removeAll(keepingCapacity: true)
            hasRow = false
        }
        guard hasRow else { return }
        seen += 1
        let missingSets = unitCells.mapValues(missingFields)
        let present = Set(missingSets.values)
        var any = false
        for (key, codes) in unitCells {
            let missing = missingSets[key] ?? 0
            // A cell is superseded by one that lacks only some of its missing values.
            if present.contains(where: { $0 != missing && $0 & missing == $0 }) { continue }
            guard isAllowed(codes) else { continue }
            any = true
            counts[key, default: (codes, 0)].count += 1
            for (field, code) in codes.enumerated() where stamps[field][Int(code)] != unitNumber {
                stamps[field][Int(code)] = unitNumber
                margins[field][Int(code)] += 1
            }
        }
        if any { counted += 1 }
        unitNumber += 1
    }

    /// The fields whose value is missing, as bits (fields past the 64th are not compared).
    private func missingFields(_ codes: [Int32]) -> UInt64 {
        var bits: UInt64 = 0
        for index in codes.indices.prefix(64) where Int(codes[index]) == sizes[index] - 1 {
            bits |= 1 << UInt64(index)
        }
        return bits
    }

    /// Whether every value of the cell may be counted; notes the fields whose missing value
    /// is why not.
    private mutating func isAllowed(_ codes: [Int32]) -> Bool {
        var allowedCell = true
        for index in codes.indices {
            guard let mask = allowed[index], !mask[Int(codes[index])] else { continue }
            allowedCell = false
            if Int(codes[index]) == sizes[index] - 1 { droppedMissing[index] = true }
        }
        return allowedCell
    }

    var result: GroupCounts {
        GroupCounts(cells: counts.values.map { ($0.codes, $0.count) }, margins: margins, counted: counted, seen: seen,
                    droppedMissing: droppedMissing)
    }
}
