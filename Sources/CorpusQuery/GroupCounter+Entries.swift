extension GroupCounter {
    /// `countSingleByList` when every coding is visited: walks the list field's pairs (one per
    /// coding and distinct value, made once per snapshot) rather than the codings, so codings
    /// without techniques cost nothing and the loop has almost no branch to mispredict (what
    /// does not count is written to a spare cell). Codings whose kept entries all lack a value,
    /// and codings with no entry, are rare or precomputed and are settled afterwards. Nil when
    /// the question has another shape.
    func countEntries(_ visit: Visit) -> GroupCounts? {
        guard visit.units == nil, visit.rows == nil, let entries = listEntries, let pairs = listPairs,
              fields.count == 2, let listIndex = fields.firstIndex(where: \.isList),
              case let .list(lists, listCodes, masked) = fields[listIndex] else { return nil }
        let singleIndex = 1 - listIndex
        guard allowed[singleIndex] == nil, let single = Self.directCodes(fields[singleIndex]),
              listCodes.count == pairs.listRowCount, lists.rowCount == visit.count else { return nil }
        let layout = EntryLayout(sizes: sizes, singleIndex: singleIndex, listIndex: listIndex,
                                 mask: allowed[listIndex], masked: masked)
        var tally = EntryTally(layout)
        defer { tally.deallocate() }
        let kept = pairs.keptKeys(listCodes)
        let make = {
            pairs.keeping(kept, missing: layout.listMissing, otherCount: layout.singleSize, other: { row in
                let raw = single[Int(row)]
                return raw < 0 ? layout.singleMissing : raw
            }, cell: { other, code in
                Int32(Int(other) &* layout.singleStride &+ Int(code) &* layout.listStride)
            })
        }
        let selected = keptPairs?(kept, make) ?? make()
        single.withUnsafeBufferPointer { single in
            if allowed[listIndex] == nil {
                selected.valuedCells.withUnsafeBufferPointer { cells in
                    tally.countValued(cells, repeats: selected.repeats)
                }
            } else {
                selected.valued.borrow { tally.walk($0, single: single) }
            }
            selected.withMissing.borrow { tally.walk($0, single: single) }
        }
        listCodes.withUnsafeBufferPointer { codes in
        single.withUnsafeBufferPointer { single in
            tally.settleMissing(lists: lists, codes: codes, single: single)
            if !masked {
                entries.emptyRows.withUnsafeBufferPointer { tally.addEmpty($0, single: single) }
            }
        }}
        return tally.result()
    }
}

/// The pairs `countEntries` walks, borrowed: only those the filter keeps.
private struct PairColumns {
    let rows: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int32>
}

extension PairRun {
    fileprivate func borrow(_ body: (PairColumns) -> Void) {
        rows.withUnsafeBufferPointer { rows in
            codes.withUnsafeBufferPointer { codes in body(PairColumns(rows: rows, codes: codes)) }
        }
    }
}

/// Where `countEntries` writes: the cell grid of the two fields plus one spare slot in each
/// array for what does not count.
private struct EntryLayout {
    let singleSize: Int, listSize: Int
    let singleStride: Int, listStride: Int
    let singleIndex: Int, listIndex: Int
    let cells: Int
    let singleMissing: Int32, listMissing: Int32
    /// Per list code, whether it may form a cell (the spare slot may not).
    let mask: [Bool]
    let masked: Bool

    init(sizes: [Int], singleIndex: Int, listIndex: Int, mask: [Bool]?, masked: Bool) {
        singleSize = sizes[singleIndex]
        listSize = sizes[listIndex]
        // The strides of `GroupCounter`: the first field slowest.
        let width = max(sizes[1], 1)
        singleStride = singleIndex == 0 ? width : 1
        listStride = listIndex == 0 ? width : 1
        self.singleIndex = singleIndex
        self.listIndex = listIndex
        cells = max(sizes[0], 1) * width
        singleMissing = Int32(sizes[singleIndex] - 1)
        listMissing = Int32(sizes[listIndex] - 1)
        self.mask = (mask ?? [Bool](repeating: true, count: sizes[listIndex])) + [false]
        self.masked = masked
    }
}

/// The counts of `countEntries` in buffers of their own, each one slot longer than needed.
private struct EntryTally {
    let layout: EntryLayout
    let counts: UnsafeMutableBufferPointer<Int32>
    let singleMargins: UnsafeMutableBufferPointer<Int>
    /// Codings with a kept pair whose value is missing, to settle once the walk is done.
    var missingRows: [Int32] = []
    var counted = 0, seen = 0
    var droppedMissing = false

    init(_ layout: EntryLayout) {
        self.layout = layout
        counts = .allocate(capacity: layout.cells + 1)
        counts.initialize(repeating: 0)
        singleMargins = .allocate(capacity: layout.singleSize + 1)
        singleMargins.initialize(repeating: 0)
    }

    func deallocate() {
        counts.deallocate()
        singleMargins.deallocate()
    }

    /// Counts valued pairs when every value may form a cell: one increment per pre-joined cell
    /// (the dense loop of the crosstab), then each coding once in its margin, as the grid's row
    /// sums less the pairs of its codings beyond their first. Run on an empty grid, before `walk`.
    mutating func countValued(_ cells: UnsafeBufferPointer<Int32>, repeats: [Int]) {
        let layout = self.layout
        let singleStride = layout.singleStride, listStride = layout.listStride
        Self.histogram(cells, into: counts, cellCount: layout.cells)
        var codings = 0
        for singleCode in 0..<layout.singleSize {
            var sum = 0
            for code in 0..<layout.listSize { sum &+= Int(counts[singleCode &* singleStride &+ code &* listStride]) }
            singleMargins[singleCode] &+= sum
            codings &+= sum
        }
        for (singleCode, extra) in repeats.enumerated() {
            singleMargins[singleCode] &-= extra
            codings &-= extra
        }
        counted &+= codings
        seen &+= codings
    }

    /// Adds one to `counts[cell]` for each cell. A crosstab has few cells, so consecutive
    /// increments often hit the same one and would wait on each other; four interleaved
    /// grids, summed at the end, keep four increments in flight.
    private static func histogram(_ cells: UnsafeBufferPointer<Int32>, into counts: UnsafeMutableBufferPointer<Int32>,
                                  cellCount: Int) {
        let lanes = UnsafeMutableBufferPointer<Int32>.allocate(capacity: cellCount * 4)
        defer { lanes.deallocate() }
        lanes.initialize(repeating: 0)
        let full = cells.count & ~3
        var index = 0
        while index < full {
            lanes[Int(cells[index])] &+= 1
            lanes[cellCount &+ Int(cells[index &+ 1])] &+= 1
            lanes[2 &* cellCount &+ Int(cells[index &+ 2])] &+= 1
            lanes[3 &* cellCount &+ Int(cells[index &+ 3])] &+= 1
            index &+= 4
        }
        while index < cells.count {
            lanes[Int(cells[index])] &+= 1
            index &+= 1
        }
        for cell in 0..<cellCount {
            counts[cell] &+= lanes[cell] &+ lanes[cellCount &+ cell] &+ lanes[2 &* cellCount &+ cell] &+ lanes[3 &* cellCount &+ cell]
        }
    }

    /// Counts each pair (all kept by the filter) in its cell, each coding once in the margins;
    /// a pair without a value, or with a value that may not form a cell, goes to the spare slots.
    mutating func walk(_ pairs: PairColumns, single: UnsafeBufferPointer<Int32>) {
        let layout = self.layout
        let spareCell = layout.cells, spareSingle = layout.singleSize
        let listMissing = layout.listMissing
        var lastKept: Int32 = -1, lastCounted: Int32 = -1
        var seen = 0, counted = 0
        layout.mask.withUnsafeBufferPointer { mask in
            for pair in 0..<pairs.rows.count {
                let row = pairs.rows[pair]
                let code = pairs.codes[pair]
                let hasValue = code != listMissing
                let counting = hasValue && mask[Int(code)]
                let raw = single[Int(row)]
                let singleCode = Int(raw < 0 ? layout.singleMissing : raw)
                let cell = singleCode &* layout.singleStride &+ Int(code) &* layout.listStride
                counts[counting ? cell : spareCell] &+= 1
                let firstCounted = counting && lastCounted != row
                lastCounted = counting ? row : lastCounted
                counted &+= firstCounted ? 1 : 0
                singleMargins[firstCounted ? singleCode : spareSingle] &+= 1
                seen &+= lastKept != row ? 1 : 0
                lastKept = row
                if !hasValue { missingRows.append(row) }
            }
        }
        self.seen &+= seen
        self.counted &+= counted
    }

    /// A coding whose kept entries all lack a value counts once under the missing code.
    mutating func settleMissing(lists: RowLists, codes: UnsafeBufferPointer<Int32>, single: UnsafeBufferPointer<Int32>) {
        let missing = layout.listMissing
        for row in missingRows {
            let hasValue = lists[Int(row)].contains { codes[Int($0)] >= 0 && codes[Int($0)] != missing }
            if !hasValue { addMissing(row, single: single) }
        }
    }

    /// Codings without entries (only without a filter on the list level): seen, and counted
    /// under the missing code.
    mutating func addEmpty(_ rows: UnsafeBufferPointer<Int32>, single: UnsafeBufferPointer<Int32>) {
        seen &+= rows.count
        for row in rows { addMissing(row, single: single) }
    }

    private mutating func addMissing(_ row: Int32, single: UnsafeBufferPointer<Int32>) {
        let code = Int(layout.listMissing)
        guard layout.mask[code] else {
            droppedMissing = true
            return
        }
        let raw = single[Int(row)]
        let singleCode = Int(raw < 0 ? layout.singleMissing : raw)
        counts[singleCode &* layout.singleStride &+ code &* layout.listStride] &+= 1
        singleMargins[singleCode] &+= 1
        counted &+= 1
    }

    /// The counts as `GroupCounts`. A coding has one value of the single field, so the
    /// codings with a list value are the sum of that value's cells.
    func result() -> GroupCounts {
        let width = layout.singleIndex == 0 ? layout.singleStride : layout.listStride
        var cells: [(codes: [Int32], count: Int)] = []
        var listMargins = [Int](repeating: 0, count: layout.listSize)
        for cell in 0..<layout.cells {
            let count = Int(counts[cell])
            guard count > 0 else { continue }
            let codes = [Int32(cell / width), Int32(cell % width)]
            cells.append((codes, count))
            listMargins[Int(codes[layout.listIndex])] += count
        }
        var margins = [[Int]](repeating: [], count: 2)
        margins[layout.singleIndex] = Array(singleMargins.prefix(layout.singleSize))
        margins[layout.listIndex] = listMargins
        var dropped = [false, false]
        dropped[layout.listIndex] = droppedMissing
        return GroupCounts(cells: cells, margins: margins, counted: counted, seen: seen, droppedMissing: dropped)
    }
}
