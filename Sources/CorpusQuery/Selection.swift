/// The rows a query keeps, as a selection vector over a fact table, plus the filters that
/// limit which techniques and principles of each kept coding still count.
///
/// The fact table is the entity's own table when everything the query touches is determined
/// by one row of it (a segment has one document, one participant, one case); otherwise it is
/// the codings table, and each entity row counts through its codings.
final class Selection {
    let snapshot: CorpusSnapshot
    let entity: CorpusEntity
    /// The table whose rows `rows` lists.
    let fact: Level
    /// Kept fact rows in ascending order; nil when all are kept.
    private(set) var rows: [Int32]?
    /// For BCT and principle levels: which of their rows still count (nil: all do).
    let listMasks: [Level: [Bool]]

    private var columns: CorpusColumns { snapshot.columns }

    /// Applies the query's filters. `reading` lists the tables the caller will read fields of;
    /// `deferring` lists list levels whose "at least one entry left" test the caller makes
    /// itself (a grouping over technique fields skips codings without techniques anyway).
    init(_ query: Query, reading: [Level], deferring: Set<Level> = []) throws {
        snapshot = query.snapshot
        entity = query.entity
        let columns = query.snapshot.columns
        var masks: [Level: [Bool]] = [:]
        for filter in query.valueFilters {
            let level = filter.definition.level
            masks[level] = Self.mask(for: filter, columns: columns, narrowing: masks[level])
        }
        let touched = Set(masks.keys).union(reading)
        fact = touched.allSatisfy { CorpusColumns.determines(query.entity.level, $0) } ? query.entity.level : .coding
        listMasks = masks.filter { $0.key.isListLevel }
        for level in Level.allCases where !level.isListLevel {
            guard let mask = masks[level] else { continue }
            rows = Self.keep(rows, count: factCount, join: join(to: level), mask: mask)
        }
        let deferred = query.predicates.isEmpty ? deferring : []
        for level in Level.allCases where level.isListLevel && !deferred.contains(level) {
            guard let mask = masks[level] else { continue }
            rows = keepWithEntries(rows, lists: lists(level), mask: mask)
        }
        if !query.predicates.isEmpty {
            try applyPredicates(query.predicates)
        }
    }

    /// Number of rows of the fact table.
    var factCount: Int { columns.rowCount(fact) }

    /// Number of kept fact rows.
    var keptCount: Int { rows?.count ?? factCount }

    /// The array from a fact row to the row of `level` it belongs to (nil: the row itself).
    /// When codings stand in for a coarser entity, tables that entity determines are reached
    /// through it, so a participant's case is the participant's even where a document says
    /// otherwise.
    func join(to level: Level) -> [Int32]? {
        let entityLevel = entity.level
        if fact == .coding, entityLevel != .coding, level != entityLevel,
           CorpusColumns.determines(entityLevel, level),
           let toEntity = snapshot.join(from: .coding, to: entityLevel),
           let onward = snapshot.join(from: entityLevel, to: level) {
            return toEntity.map { $0 < 0 ? -1 : onward[Int($0)] }
        }
        return snapshot.join(from: fact, to: level)
    }

    /// The entity row of each fact row (nil: fact rows are entity rows).
    var unitOfRow: [Int32]? { join(to: entity.level) }

    /// The per-coding lists of a list level.
    func lists(_ level: Level) -> RowLists {
        level == .bct ? snapshot.columns.codingBCTs : snapshot.columns.codingPrinciples
    }

    /// Kept entity rows in ascending order.
    var units: [Int32] {
        if let unitsCache { return unitsCache }
        let units = computeUnits()
        unitsCache = units
        return units
    }

    /// The kept codings of each entity row, for reading fields about codings from a row view.
    var codingsOfUnits: UnitCodings {
        if let codingsCache { return codingsCache }
        let toEntity = snapshot.join(from: .coding, to: entity.level)
            ?? Array(0..<Int32(columns.rowCount(.coding)))
        let codings = UnitCodings(
            codings: fact == .coding ? rows : nil, codingCount: columns.rowCount(.coding),
            unitOf: toEntity, unitCount: columns.rowCount(entity.level))
        codingsCache = codings
        return codings
    }

    private var unitsCache: [Int32]?
    private var codingsCache: UnitCodings?

    private func computeUnits() -> [Int32] {
        guard let unitOfRow else { return rows ?? Array(0..<Int32(factCount)) }
        var seen = [Bool](repeating: false, count: columns.rowCount(entity.level))
        forEachRow { row in
            let unit = unitOfRow[Int(row)]
            if unit >= 0 { seen[Int(unit)] = true }
        }
        return seen.indices.compactMap { seen[$0] ? Int32($0) : nil }
    }

    /// Calls `body` with every kept fact row in ascending order.
    func forEachRow(_ body: (Int32) throws -> Void) rethrows {
        if let rows {
            for row in rows { try body(row) }
        } else {
            for row in 0..<Int32(factCount) { try body(row) }
        }
    }

    /// Whether a list entry of `level` still counts.
    @inline(__always)
    func keepsEntry(_ value: Int32, of level: Level) -> Bool {
        listMasks[level].map { $0[Int(value)] } ?? true
    }

    // MARK: Filtering steps

    /// Rows of a filter's level whose value is one of the filter's, within `narrowing`.
    static func mask(for filter: ValueFilter, columns: CorpusColumns, narrowing: [Bool]?) -> [Bool] {
        let definition = filter.definition
        var wanted = [Bool](repeating: false, count: definition.domain.count)
        for code in filter.codes { wanted[Int(code)] = true }
        let count = columns.rowCount(definition.level)
        var mask = narrowing ?? [Bool](repeating: true, count: count)
        for row in 0..<count where mask[row] {
            let code = definition.code(ofRow: Int32(row))
            mask[row] = code >= 0 && wanted[Int(code)]
        }
        return mask
    }

    /// The rows whose joined row passes `mask`.
    private static func keep(_ rows: [Int32]?, count: Int, join: [Int32]?, mask: [Bool]) -> [Int32] {
        func passes(_ row: Int32) -> Bool {
            let target = join.map { $0[Int(row)] } ?? row
            return target >= 0 && mask[Int(target)]
        }
        if let rows { return rows.filter(passes) }
        var kept: [Int32] = []
        for row in 0..<Int32(count) where passes(row) { kept.append(row) }
        return kept
    }

    /// The codings with at least one list entry that passes `mask`.
    private func keepWithEntries(_ rows: [Int32]?, lists: RowLists, mask: [Bool]) -> [Int32] {
        let offsets = lists.offsets, values = lists.values
        func passes(_ row: Int32) -> Bool {
            for entry in Int(offsets[Int(row)])..<Int(offsets[Int(row) + 1]) where mask[Int(values[entry])] {
                return true
            }
            return false
        }
        if let rows { return rows.filter(passes) }
        var kept: [Int32] = []
        for row in 0..<Int32(factCount) where passes(row) { kept.append(row) }
        return kept
    }

    /// Asks each predicate about each kept entity row and drops the rows it rejects.
    private func applyPredicates(_ predicates: [@Sendable (RowView) throws -> Bool]) throws {
        for predicate in predicates {
            var keepUnit = [Bool](repeating: false, count: columns.rowCount(entity.level))
            for unit in units {
                keepUnit[Int(unit)] = try predicate(RowView(selection: self, index: unit))
            }
            rows = Self.keep(rows, count: factCount, join: unitOfRow, mask: keepUnit)
            unitsCache = nil
            codingsCache = nil
        }
    }
}

/// The codings of each entity row, grouped: row `u` owns `codings[starts[u] ..< starts[u + 1]]`.
struct UnitCodings {
    let codings: [Int32]
    let starts: [Int32]

    /// Groups `codings` (nil: all of them) by the unit `unitOf` gives each.
    init(codings kept: [Int32]?, codingCount: Int, unitOf: [Int32], unitCount: Int) {
        let visit = Visit.grouped(rows: kept, factCount: codingCount, unitOf: unitOf, unitCount: unitCount)
        var starts = [Int32](repeating: 0, count: unitCount + 1)
        for unit in visit.units ?? [] { starts[Int(unit) + 1] += 1 }
        for index in 0..<unitCount { starts[index + 1] += starts[index] }
        codings = visit.rows ?? []
        self.starts = starts
    }

    /// The codings of one unit.
    subscript(unit: Int32) -> ArraySlice<Int32> {
        codings[Int(starts[Int(unit)])..<Int(starts[Int(unit) + 1])]
    }
}
