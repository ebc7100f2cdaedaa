extension GroupCounter {
    /// The code array of a single-valued field that one lookup per row reads: a pre-joined
    /// array, or a join to a table whose row is the value. Nil when the field needs two.
    static func directCodes(_ access: GroupAccess) -> [Int32]? {
        guard case let .single(join, codes) = access else { return nil }
        switch (join, codes) {
        case let (nil, codes?): return codes
        case let (join?, nil): return join
        default: return nil
        }
    }

    /// The common crosstab of a single-valued field, read by one lookup and with every value
    /// allowed, against a list field (role × technique group), every row its own unit: the
    /// same counts as `countRows`, in one pass that keeps no per-row arrays. Nil when the
    /// question has another shape.
    func countSingleByList(_ visit: Visit) -> GroupCounts? {
        guard visit.units == nil, fields.count == 2, let listIndex = fields.firstIndex(where: \.isList),
              case let .list(lists, listCodes, masked) = fields[listIndex] else { return nil }
        let singleIndex = 1 - listIndex
        guard allowed[singleIndex] == nil, let single = Self.directCodes(fields[singleIndex]) else { return nil }
        let singleStride = listIndex == 1 ? max(sizes[1], 1) : 1, listStride = listIndex == 1 ? 1 : max(sizes[1], 1)
        var state = DirectCount(
            sizes: sizes, singleIndex: singleIndex, listIndex: listIndex, cells: max(sizes[0], 1) * max(sizes[1], 1))
        let listMask = allowed[listIndex] ?? [Bool](repeating: true, count: sizes[listIndex])
        let rows = visit.rows ?? []
        // Every index below comes from the loader's own arrays, checked when they were built.
        lists.offsets.withUnsafeBufferPointer { offsets in
        lists.values.withUnsafeBufferPointer { values in
        listCodes.withUnsafeBufferPointer { codes in
        listMask.withUnsafeBufferPointer { mask in
        single.withUnsafeBufferPointer { single in
        rows.withUnsafeBufferPointer { rows in
            let loop = DirectLoop(offsets: offsets, values: values, codes: codes, mask: mask, single: single,
                                  singleMissing: Int32(sizes[singleIndex] - 1), listMissing: Int32(sizes[listIndex] - 1),
                                  singleStride: singleStride, listStride: listStride, masked: masked)
            if visit.rows == nil {
                for position in 0..<visit.count { loop.count(row: position, stamp: Int32(truncatingIfNeeded: position), &state) }
            } else {
                for position in 0..<visit.count { loop.count(row: Int(rows[position]), stamp: Int32(truncatingIfNeeded: position), &state) }
            }
        }}}}}}
        return state.result(strides: [max(sizes[1], 1), 1], sizes: sizes)
    }
}

/// The running totals of `countSingleByList`, in buffers of its own so that the loop writes
/// them without the uniqueness and bounds checks of arrays.
private struct DirectCount {
    let counts: UnsafeMutableBufferPointer<Int32>
    let singleMargins: UnsafeMutableBufferPointer<Int>, listMargins: UnsafeMutableBufferPointer<Int>
    let stamps: UnsafeMutableBufferPointer<Int32>
    var counted = 0, seen = 0
    var droppedMissing = false
    let singleIndex: Int, listIndex: Int

    init(sizes: [Int], singleIndex: Int, listIndex: Int, cells: Int) {
        counts = .allocate(capacity: cells)
        counts.initialize(repeating: 0)
        singleMargins = .allocate(capacity: sizes[singleIndex])
        singleMargins.initialize(repeating: 0)
        listMargins = .allocate(capacity: sizes[listIndex])
        listMargins.initialize(repeating: 0)
        stamps = .allocate(capacity: sizes[listIndex])
        stamps.initialize(repeating: -1)
        self.singleIndex = singleIndex
        self.listIndex = listIndex
    }

    /// The counts as `GroupCounts`; frees the buffers.
    func result(strides: [Int], sizes: [Int]) -> GroupCounts {
        defer { [UnsafeMutableRawBufferPointer(counts), UnsafeMutableRawBufferPointer(singleMargins),
                 UnsafeMutableRawBufferPointer(listMargins), UnsafeMutableRawBufferPointer(stamps)].forEach { $0.deallocate() } }
        var cells: [(codes: [Int32], count: Int)] = []
        for (cell, count) in counts.enumerated() where count > 0 {
            cells.append((strides.indices.map { Int32(cell / strides[$0] % max(sizes[$0], 1)) }, Int(count)))
        }
        var margins = [[Int]](repeating: [], count: 2)
        margins[singleIndex] = Array(singleMargins)
        margins[listIndex] = Array(listMargins)
        var dropped = [false, false]
        dropped[listIndex] = droppedMissing
        return GroupCounts(cells: cells, margins: margins, counted: counted, seen: seen, droppedMissing: dropped)
    }
}

/// The loop body of `countSingleByList` over borrowed buffers: one fact row's distinct list
/// values, each counted once in the cell it makes with the row's single value.
private struct DirectLoop {
    let offsets: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Int32>
    let codes: UnsafeBufferPointer<Int32>, mask: UnsafeBufferPointer<Bool>, single: UnsafeBufferPointer<Int32>
    let singleMissing: Int32, listMissing: Int32
    let singleStride: Int, listStride: Int
    let masked: Bool

    @inline(__always)
    func count(row: Int, stamp: Int32, _ state: inout DirectCount) {
        let start = Int(offsets[row]), end = Int(offsets[row + 1])
        let entries = ListEntryRun(start: start, end: end, values: values, codes: codes, missing: listMissing)
        let (hasEntry, hasValue) = entries.scan()
        if !hasEntry && (start < end || masked) { return }
        state.seen &+= 1
        let raw = single[row]
        let singleCode = raw < 0 ? singleMissing : raw
        let base = Int(singleCode) &* singleStride
        let stamps = state.stamps, counts = state.counts, margins = state.listMargins
        let (countedRow, dropped) = entries.countDistinct(
            hasValue: hasValue, stamp: stamp, stamps: stamps, mask: mask, counts: counts, cell: base,
            stride: listStride, margins: margins)
        if dropped { state.droppedMissing = true }
        if countedRow {
            state.counted &+= 1
            state.singleMargins[Int(singleCode)] &+= 1
        }
    }
}

/// One fact row's entries of a list field, as both counting loops read them.
struct ListEntryRun {
    let start: Int, end: Int
    let values: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int32>
    /// The field's missing code (the code of entries without a value).
    let missing: Int32

    /// Whether a filter left any entry (code >= 0), and whether one of those has a value: then
    /// the row's entries without one do not count, as a unit's less complete cells.
    @inline(__always)
    func scan() -> (hasEntry: Bool, hasValue: Bool) {
        var hasEntry = false
        for entry in start..<end {
            let code = codes[Int(values[entry])]
            guard code >= 0 else { continue }
            hasEntry = true
            if code != missing { return (true, true) }
        }
        return (hasEntry, false)
    }

    /// Counts each distinct allowed value once in `cell + code × stride` and in its margin (the
    /// missing code when the row has no value); `stamps` marks the values this row has seen.
    /// Returns whether anything counted, and whether a missing value was left out by `mask`.
    @inline(__always)
    func countDistinct(hasValue: Bool, stamp: Int32, stamps: UnsafeMutableBufferPointer<Int32>,
                       mask: UnsafeBufferPointer<Bool>, counts: UnsafeMutableBufferPointer<Int32>, cell: Int,
                       stride: Int, margins: UnsafeMutableBufferPointer<Int>) -> (counted: Bool, dropped: Bool) {
        var counted = false, dropped = false
        var entry = start
        while entry < end || !hasValue {
            let code: Int32
            if hasValue {
                code = codes[Int(values[entry])]
                entry += 1
                guard code >= 0 && code != missing else { continue }
            } else {
                code = missing
            }
            if stamps[Int(code)] != stamp {
                stamps[Int(code)] = stamp
                if mask[Int(code)] {
                    counts[cell &+ Int(code) &* stride] &+= 1
                    margins[Int(code)] &+= 1
                    counted = true
                } else if code == missing {
                    dropped = true
                }
            }
            if !hasValue { break }
        }
        return (counted, dropped)
    }
}
