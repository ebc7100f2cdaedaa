import ResultTables

extension Query {
    /// Where two values must both occur to count as co-occurring.
    public enum CooccurrenceScope: String, Sendable, CaseIterable {
        /// On the same coded segment (or, with overlap, on overlapping segments).
        case segment
        /// Anywhere in the same document.
        case document
    }

    /// Tables with more distinct values than this are refused by `cooccurrence`.
    public static let cooccurrenceValueLimit = 2_000

    /// A square table over the values of `field`: the cell for values a and b is the number of
    /// contexts (segments or documents) in which both occur among the kept rows, and the
    /// diagonal is the number of contexts in which a value occurs at all.
    ///
    /// With `overlap` and scope `.segment`, segments of one document whose spans overlap
    /// (directly or through a chain of overlapping segments) form one context, so a code on
    /// one span and a technique on an overlapping span count as co-occurring. Spans that
    /// only touch (one ends where the other starts) do not overlap.
    public func cooccurrence(_ field: String, within scope: CooccurrenceScope = .segment, overlap: Bool = false) throws -> ResultTable {
        let definition = try definition(field)
        let contextLevel: Level = scope == .segment ? .segment : .document
        let selection = try Selection(self, reading: [definition.level, contextLevel, .coding])
        guard let contextOf = selection.join(to: contextLevel) else {
            preconditionFailure("codings always reach their segment and document")
        }
        var contexts = contextOf
        var contextCount = snapshot.columns.rowCount(contextLevel)
        if overlap && scope == .segment {
            (contexts, contextCount) = overlapClusters(selection, segmentOf: contextOf)
        }
        let visit = Visit.grouped(rows: selection.rows, factCount: selection.factCount, unitOf: contexts,
                                  unitCount: contextCount)
        let valueSets = try contextValues(visit, definition: definition, selection: selection)
        return try cooccurrenceTable(valueSets, definition: definition, field: field)
    }

    /// The distinct value codes each context holds, one list per context that holds any.
    private func contextValues(_ visit: Visit, definition: FieldDefinition, selection: Selection) throws -> RowLists {
        let level = definition.level
        let join = level.isListLevel ? nil : selection.join(to: level)
        let lists = selection.lists(level), mask = selection.listMasks[level]
        var stamps = [Int32](repeating: -1, count: definition.domain.count)
        var sets = RowLists()
        var currentUnit: Int32 = -1
        var currentIsEmpty = true
        func add(_ code: Int32, _ unit: Int32) {
            guard code >= 0, stamps[Int(code)] != unit else { return }
            stamps[Int(code)] = unit
            sets.append(code)
            currentIsEmpty = false
        }
        var stopCheck = StopCheck(limits)
        for position in 0..<visit.count {
            try stopCheck.step()
            let row = visit.row(position)
            let unit = visit.units?[position] ?? row
            if unit != currentUnit {
                if !currentIsEmpty { sets.closeRow() }
                currentIsEmpty = true
                currentUnit = unit
            }
            if level.isListLevel {
                for entry in lists[Int(row)] where mask.map({ $0[Int(entry)] }) ?? true {
                    add(definition.code(ofRow: entry), unit)
                }
            } else {
                let target = join.map { $0[Int(row)] } ?? row
                if target >= 0 { add(definition.code(ofRow: target), unit) }
            }
        }
        if !currentIsEmpty { sets.closeRow() }
        return sets
    }

    /// The square table of pair counts from each context's set of values.
    private func cooccurrenceTable(_ sets: RowLists, definition: FieldDefinition, field: String) throws -> ResultTable {
        let observed = definition.domain.sorted(Set(sets.values))
        guard observed.count <= Self.cooccurrenceValueLimit else {
            throw QueryError.tooManyValues(field: field, count: observed.count, limit: Self.cooccurrenceValueLimit)
        }
        var position = [Int](repeating: -1, count: definition.domain.count)
        for (index, code) in observed.enumerated() { position[Int(code)] = index }
        let size = observed.count
        var counts = [Int](repeating: 0, count: size * size)
        let values = sets.values
        var stopCheck = StopCheck(limits)
        for context in 0..<sets.rowCount {
            let range = sets.range(of: context)
            try stopCheck.step(range.count * range.count + 1)
            for a in range {
                let row = position[Int(values[a])] * size
                for b in range { counts[row + position[Int(values[b])]] += 1 }
            }
        }
        let labels = observed.map(definition.domain.label)
        return try ResultTable(
            keyNames: [field], rowKeys: labels.map { [$0] }, columnLabels: labels,
            cells: counts.map(ResultTable.Number.int), showsTotals: false)
    }

    /// Numbers the groups of overlapping kept segments: segments of one document sorted by
    /// start join the current group while they start before its furthest end. Returns the
    /// group of each fact row (-1 for rows without a segment) and the number of groups.
    private func overlapClusters(_ selection: Selection, segmentOf: [Int32]) -> ([Int32], Int) {
        let columns = snapshot.columns
        var used = [Bool](repeating: false, count: columns.segmentIDs.count)
        selection.forEachRow { row in
            let segment = segmentOf[Int(row)]
            if segment >= 0 { used[Int(segment)] = true }
        }
        let segments = snapshot.inTextOrder(used)
        var cluster = [Int32](repeating: -1, count: columns.segmentIDs.count)
        var clusterCount: Int32 = 0
        var document: Int32 = -1
        var reach: Int32 = 0
        for segment in segments {
            let start = columns.segmentStart[segment], end = columns.segmentEnd[segment]
            if columns.segmentDocument[segment] != document || start >= reach || clusterCount == 0 {
                clusterCount += 1
                document = columns.segmentDocument[segment]
                reach = end
            } else {
                reach = max(reach, end)
            }
            cluster[segment] = clusterCount - 1
        }
        let contexts = segmentOf.map { $0 < 0 ? -1 : cluster[Int($0)] }
        return (contexts, Int(clusterCount))
    }
}
