extension GroupCounter {
    /// `countSingleByList` when every coding is visited: walks the list entries rather than
    /// the codings, so codings without techniques cost nothing and the loop has almost no
    /// branch to mispredict (what does not count is written to a spare cell). Codings whose
    /// entries all lack a value, and codings with no entry, are rare or precomputed and are
    /// settled afterwards. Nil when the question has another shape.
    func countEntries(_ visit: Visit) -> GroupCounts? {
        guard visit.units == nil, visit.rows == nil, let entries = listEntries, fields.count == 2,
              let listIndex = fields.firstIndex(where: \.isList),
              case let .list(lists, listCodes, masked) = fields[listIndex] else { return nil }
        let singleIndex = 1 - listIndex
        guard allowed[singleIndex] == nil, let single = Self.directCodes(fields[singleIndex]),
              entries.rows.count == lists.values.count, lists.rowCount == visit.count else { return nil }
        let layout = EntryLayout(sizes: sizes, singleIndex: singleIndex, listIndex: listIndex,
                                 mask: allowed[listIndex], masked: masked)
        var tally = EntryTally(layout)
        defer { tally.deallocate() }
        lists.values.withUnsafeBufferPointer { values in
        listCodes.withUnsafeBufferPointer { codes in
        entries.rows.withUnsafeBufferPointer { owners in
        single.withUnsafeBufferPointer { single in
            tally.walk(values: values, codes: codes, owners: owners, single: single)
            tally.settleMissing(lists: lists, codes: codes, single: single)
            if !masked {
                entries.emptyRows.withUnsafeBufferPointer { tally.addEmpty($0, single: single) }
            }
        }}}}
        return tally.result()
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
    let singleMargins: UnsafeMutableBufferPointer<Int>, listMargins: UnsafeMutableBufferPointer<Int>
    /// Per list code, the last coding it was counted for.
    let stamps: UnsafeMutableBufferPointer<Int32>
    /// Codings with an entry whose value is missing, to settle once the walk is done.
    var missingRows: [Int32] = []
    var counted = 0, seen = 0
    var droppedMissing = false

    init(_ layout: EntryLayout) {
        self.layout = layout
        func zeroed<T: FixedWidthInteger>(_ count: Int, _ value: T = 0) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
            buffer.initialize(repeating: value)
            return buffer
        }
        counts = zeroed(layout.cells + 1)
        singleMargins = zeroed(layout.singleSize + 1)
        listMargins = zeroed(layout.listSize + 1)
        stamps = zeroed(layout.listSize + 1, -1)
    }

    func deallocate() {
        counts.deallocate()
        singleMargins.deallocate()
        listMargins.deallocate()
        stamps.deallocate()
    }

    /// Counts each coding's distinct values once; an entry removed by a filter, a repeat, or a
    /// value that may not form a cell goes to the spare slots.
    mutating func walk(values: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int32>,
                       owners: UnsafeBufferPointer<Int32>, single: UnsafeBufferPointer<Int32>) {
        let layout = self.layout
        let spareCell = layout.cells, spareList = layout.listSize, spareSingle = layout.singleSize
        let listMissing = layout.listMissing
        var lastKept: Int32 = -1, lastCounted: Int32 = -1, lastMissing: Int32 = -1
        var seen = 0, counted = 0
        layout.mask.withUnsafeBufferPointer { mask in
            for entry in 0..<values.count {
                let row = owners[entry]
                let code = codes[Int(values[entry])]
                let kept = code >= 0
                let hasValue = kept && code != listMissing
                let slot = hasValue ? Int(code) : spareList
                let isNew = stamps[slot] != row
                stamps[slot] = row
                let counting = hasValue && isNew && mask[slot]
                let raw = single[Int(row)]
                let singleCode = Int(raw < 0 ? layout.singleMissing : raw)
                let cell = singleCode &* layout.singleStride &+ slot &* layout.listStride
                counts[counting ? cell : spareCell] &+= 1
                listMargins[counting ? slot : spareList] &+= 1
                let firstCounted = counting && lastCounted != row
                lastCounted = counting ? row : lastCounted
                counted &+= firstCounted ? 1 : 0
                singleMargins[firstCounted ? singleCode : spareSingle] &+= 1
                let firstKept = kept && lastKept != row
                lastKept = kept ? row : lastKept
                seen &+= firstKept ? 1 : 0
                if code == listMissing && lastMissing != row {
                    lastMissing = row
                    missingRows.append(row)
                }
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
        listMargins[code] &+= 1
        singleMargins[singleCode] &+= 1
        counted &+= 1
    }

    func result() -> GroupCounts {
        let width = layout.singleIndex == 0 ? layout.singleStride : layout.listStride
        var cells: [(codes: [Int32], count: Int)] = []
        for cell in 0..<layout.cells where counts[cell] > 0 {
            cells.append(([Int32(cell / width), Int32(cell % width)], Int(counts[cell])))
        }
        var margins = [[Int]](repeating: [], count: 2)
        margins[layout.singleIndex] = Array(singleMargins.prefix(layout.singleSize))
        margins[layout.listIndex] = Array(listMargins.prefix(layout.listSize))
        var dropped = [false, false]
        dropped[layout.listIndex] = droppedMissing
        return GroupCounts(cells: cells, margins: margins, counted: counted, seen: seen, droppedMissing: dropped)
    }
}
