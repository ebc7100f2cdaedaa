import ResultTables

extension Query {
    /// Which values of a field become rows (or columns) of a counting table.
    public enum Levels: Sendable, Hashable {
        /// The values that occur in the counted rows (the default).
        case occurring
        /// Every value the project defines for the field, with zeros for those that do not
        /// occur: all techniques or groups of the frameworks, all principles, all codes, all
        /// roles. Filters on the field's own table narrow the list (after
        /// `filter("framework", equals: "bcttv1")`, the 16 BCTTv1 groups).
        case all
        /// Exactly these values, in this order; each must be one the field can take.
        case only([String])
    }

    /// What happens to rows that have no value for a grouping field.
    public enum MissingValues: String, Sendable, CaseIterable {
        /// They form a group of their own, labelled `(missing)` and placed last, so that the
        /// table's Total equals `count()`.
        case show
        /// They are left out, and the table's notes say how many units that leaves out.
        case drop
    }

    /// The label of the group of rows without a value.
    public static let missingLabel = "(missing)"

    /// Number of rows of the entity that pass the filters.
    public func count() throws -> Int {
        let selection = try Selection(self, reading: [])
        return selection.unitOfRow == nil ? selection.keptCount : selection.units.count
    }

    /// For each combination of values of `fields`, the number of distinct rows of the entity
    /// having it: one row per combination (keys in reading order, `(missing)` last), one column
    /// named after the entity. A row with several values of a field counts once for each, and
    /// once in the Total, which therefore equals `count()` unless values are dropped. With
    /// `levels` for some field, every combination of the chosen values is a row, zeros too.
    public func countBy(
        _ fields: [String], levels: [String: Levels] = [:], missing: MissingValues = .show
    ) throws -> ResultTable {
        guard !fields.isEmpty else {
            throw QueryError.invalidArgument("countBy needs at least one field name")
        }
        if let unknown = levels.keys.sorted().first(where: { !fields.contains($0) }) {
            throw QueryError.invalidArgument(
                "levels name '\(unknown)', which is not one of the fields counted (\(fields.joined(separator: ", ")))")
        }
        let axes = try fields.map { try CountAxis(self, field: $0, levels: levels[$0] ?? .occurring, missing: missing) }
        let counts = try countCells(axes, unit: entity)
        let lookup = Dictionary(uniqueKeysWithValues: counts.cells.map { ($0.codes, $0.count) })
        let rows = countByRows(axes, counts)
        var table = try ResultTable(
            keyNames: fields,
            rowKeys: rows.map { codes in axes.indices.map { axes[$0].label(codes[$0]) } },
            columnLabels: [entity.rawValue],
            cells: rows.map { .int(lookup[$0] ?? 0) })
        let rowTotals = rows.map { ResultTable.Number.int(lookup[$0] ?? 0) }
        // When the query is its own group base, each combination's group is its row.
        let groups = try ownsItsGroups(unit: entity) && isGrouping(axes, unit: entity)
            ? rowTotals : groupSizes(axes, rows: rows, unit: entity)
        try table.setCountedTotals(
            .init(rows: rowTotals, columns: [.int(counts.counted)], all: .int(counts.counted)),
            rowGroupSizes: groups)
        describe(&table, axes: axes, unit: entity, counts: counts)
        return table
    }

    /// `countBy` with the field names given one by one.
    public func countBy(_ fields: String...) throws -> ResultTable {
        try countBy(fields)
    }

    /// A two-way table: one row per value of `rowField`, one column per value of
    /// `columnField`, each cell the number of distinct `unit`s (by default the query's entity)
    /// having both values. Values appear in reading order, `(missing)` last; `rowLevels` and
    /// `columnLevels` choose them (see `Levels`). The totals count distinct units too: a
    /// participant in three columns of a row counts once in the row's Total.
    public func crosstab(
        _ rowField: String, _ columnField: String, counting unit: CorpusEntity? = nil,
        rowLevels: Levels = .occurring, columnLevels: Levels = .occurring, missing: MissingValues = .show
    ) throws -> ResultTable {
        let unit = unit ?? entity
        let axes = [try CountAxis(self, field: rowField, levels: rowLevels, missing: missing),
                    try CountAxis(self, field: columnField, levels: columnLevels, missing: missing)]
        let counts = try countCells(axes, unit: unit)
        let rowCodes = axes[0].shown(counts.cells.map { $0.codes[0] })
        let columnCodes = axes[1].shown(counts.cells.map { $0.codes[1] })
        let lookup = Dictionary(uniqueKeysWithValues: counts.cells.map { ($0.codes, $0.count) })
        let cells = rowCodes.flatMap { row in columnCodes.map { ResultTable.Number.int(lookup[[row, $0]] ?? 0) } }
        var table = try ResultTable(
            keyNames: [rowField], rowKeys: rowCodes.map { [axes[0].label($0)] },
            columnLabels: columnCodes.map(axes[1].label), cells: cells)
        func margin(_ axis: Int, _ code: Int32) -> ResultTable.Number {
            .int(code < Int32(counts.margins[axis].count) ? counts.margins[axis][Int(code)] : 0)
        }
        let totals = ResultTable.CountedTotals(
            rows: rowCodes.map { margin(0, $0) }, columns: columnCodes.map { margin(1, $0) }, all: .int(counts.counted))
        // When the query is its own group base and the other axis drops nothing, every unit of
        // a group is in its row (or column), so the group sizes are the counted totals.
        let own = ownsItsGroups(unit: unit)
        func sizes(_ axis: Int, _ codes: [Int32], _ known: [ResultTable.Number]) throws -> [ResultTable.Number]? {
            guard own, axes[1 - axis].allowed == nil, isGrouping([axes[axis]], unit: unit) else {
                return try groupSizes([axes[axis]], rows: codes.map { [$0] }, unit: unit)
            }
            return known
        }
        try table.setCountedTotals(
            totals, rowGroupSizes: try sizes(0, rowCodes, totals.rows), columnGroupSizes: try sizes(1, columnCodes, totals.columns))
        describe(&table, axes: axes, unit: unit, counts: counts)
        return table
    }

    /// The rows of a `countBy` table: the combinations that occur in reading order or, when a
    /// field has chosen levels, every combination of each field's shown values.
    private func countByRows(_ axes: [CountAxis], _ counts: GroupCounts) -> [[Int32]] {
        guard axes.contains(where: { $0.fixed != nil }) else {
            let ranks = axes.indices.map { index in
                Dictionary(uniqueKeysWithValues: axes[index].shown(counts.cells.map { $0.codes[index] })
                    .enumerated().map { ($1, $0) })
            }
            return counts.cells.map(\.codes).sorted { left, right in
                for index in axes.indices where left[index] != right[index] {
                    return ranks[index][left[index], default: 0] < ranks[index][right[index], default: 0]
                }
                return false
            }
        }
        var rows: [[Int32]] = [[]]
        for (index, axis) in axes.enumerated() {
            let values = axis.shown(counts.cells.map { $0.codes[index] })
            rows = rows.flatMap { prefix in values.map { prefix + [$0] } }
        }
        return rows
    }

    /// Distinct units per combination of the axes' value codes, with counted totals. When the
    /// query's own rows are counted through codings, its rows without any coding count too,
    /// with no value for fields about codings, so that the Total can equal `count()`.
    private func countCellsOnce(_ axes: [CountAxis], unit: CorpusEntity) throws -> GroupCounts {
        let definitions = axes.map(\.definition)
        // Grouping over a list level skips codings with no entry left, so the selection need
        // not test for one first.
        let listLevels = Set(definitions.map(\.level).filter(\.isListLevel))
        let selection = try Selection(
            self, reading: definitions.map(\.level) + [unit.level], deferring: listLevels)
        let accesses = definitions.map { access($0, in: selection) }
        let visit = visitOrder(selection, unit: unit)
        var counter = GroupCounter(fields: accesses, sizes: axes.map(\.size), allowed: axes.map(\.allowed))
        if selection.fact == .coding, selection.rows == nil, listLevels.count == 1,
           let list = definitions.first(where: \.level.isListLevel) {
            counter.listEntries = snapshot.caches.entries(list.level, lists: selection.lists(list.level))
            let pairs = snapshot.listPairs(list, lists: selection.lists(list.level))
            counter.listPairs = pairs
            // Kept pairs carry their cells, which depend on both fields and their order.
            let caches = snapshot.caches, fields = definitions.map(\.field.name)
            counter.keptPairs = { kept, make in caches.keptPairs(fields, kept: kept, make: make) }
        }
        return counter.count(visit, extra: try unitsWithoutRows(axes, unit: unit, visit: visit, fact: selection.fact))
    }

    /// `countCells`, remembered by the snapshot for a question without filters or chosen
    /// values (the group sizes every crosstab asks for again).
    private func countCells(_ axes: [CountAxis], unit: CorpusEntity) throws -> GroupCounts {
        guard valueFilters.isEmpty, predicates.isEmpty, axes.allSatisfy({ $0.allowed == nil }) else {
            return try countCellsOnce(axes, unit: unit)
        }
        let key = ([entity.rawValue, unit.rawValue] + axes.map(\.definition.field.name)).joined(separator: "\u{1F}")
        return try snapshot.caches.unfilteredCounts(key) { try countCellsOnce(axes, unit: unit) }
    }

    /// The query's rows that have no fact row to visit (a participant without codings), each
    /// with its values of the fields it determines and the missing code elsewhere.
    private func unitsWithoutRows(_ axes: [CountAxis], unit: CorpusEntity, visit: Visit, fact: Level) throws -> [[Int32]] {
        guard unit == entity, fact != unit.level else { return [] }
        let all = try Selection(self, reading: [])
        guard all.fact == unit.level else { return [] }
        var visited = [Bool](repeating: false, count: snapshot.columns.rowCount(unit.level))
        for unit in visit.units ?? [] { visited[Int(unit)] = true }
        return all.units.filter { !visited[Int($0)] }.map { row in
            axes.map { axis in
                let level = axis.definition.level
                guard CorpusColumns.determines(unit.level, level) else { return axis.missingCode }
                let target = snapshot.join(from: unit.level, to: level).map { $0[Int(row)] } ?? row
                let code = target < 0 ? -1 : axis.definition.code(ofRow: target)
                return code < 0 ? axis.missingCode : code
            }
        }
    }

    /// Whether each unit has one value of every axis, so that values are groups of units.
    private func isGrouping(_ axes: [CountAxis], unit: CorpusEntity) -> Bool {
        axes.allSatisfy { CorpusColumns.determines(unit.level, $0.definition.level) }
    }

    /// Whether the units the query counts are all those its group base has: it counts its own
    /// rows and filters them only by values of their own tables.
    private func ownsItsGroups(unit: CorpusEntity) -> Bool {
        unit == entity && predicates.isEmpty
            && valueFilters.allSatisfy { CorpusColumns.determines(unit.level, $0.definition.level) }
    }

    /// For each shown combination, how many units of `unit` have it among all the units the
    /// query's value filters on their own tables allow, counted or not; nil when some field is
    /// not one value per unit (a participant has many techniques, so no technique is its
    /// group). Predicates do not narrow groups: what they test cannot be told apart.
    private func groupSizes(_ axes: [CountAxis], rows: [[Int32]], unit: CorpusEntity) throws -> [ResultTable.Number]? {
        guard isGrouping(axes, unit: unit) else { return nil }
        var base = Query(snapshot: snapshot, entity: unit).limited(by: limits)
        base.valueFilters = valueFilters.filter { CorpusColumns.determines(unit.level, $0.definition.level) }
        let open = axes.map { $0.opened() }
        let counts = try base.countCells(open, unit: unit)
        let lookup = Dictionary(uniqueKeysWithValues: counts.cells.map { ($0.codes, $0.count) })
        return rows.map { .int(lookup[$0] ?? 0) }
    }

    /// Notes on what the totals count and which units are not in the table.
    private func describe(_ table: inout ResultTable, axes: [CountAxis], unit: CorpusEntity, counts: GroupCounts) {
        table.countedUnit = unit.rawValue
        if axes.contains(where: { !CorpusColumns.determines(unit.level, $0.definition.level) }) {
            table.notes.append("Cells and totals count distinct \(unit.rawValue): one in several cells counts once in each Total.")
        }
        let left = counts.seen - counts.counted
        guard left > 0 else { return }
        var reasons: [String] = []
        let missing = axes.indices.filter { counts.droppedMissing[$0] }.map { axes[$0].definition.field.name }
        if !missing.isEmpty { reasons.append("no value for " + missing.joined(separator: " or ")) }
        if axes.contains(where: { $0.fixed != nil && $0.restricts }) { reasons.append("only values not shown") }
        table.notes.append("\(left) of \(counts.seen) \(unit.rawValue) are not counted: \(reasons.joined(separator: ", or ")).")
    }

    /// How the counter reads one field from the selection's fact rows.
    private func access(_ definition: FieldDefinition, in selection: Selection) -> GroupAccess {
        let level = definition.level
        guard level.isListLevel else {
            return snapshot.prejoinedAccess(definition, in: selection)
        }
        let mask = selection.listMasks[level]
        let missing = Int32(definition.domain.count)
        let codes = (0..<Int32(snapshot.columns.rowCount(level))).map { row -> Int32 in
            guard mask.map({ $0[Int(row)] }) ?? true else { return -1 }
            let code = definition.code(ofRow: row)
            return code < 0 ? missing : code
        }
        return .list(lists: selection.lists(level), codes: codes, masked: mask != nil)
    }

    /// The kept fact rows in the order the counter visits them: as they are when each row is
    /// its own unit, grouped by unit otherwise.
    private func visitOrder(_ selection: Selection, unit: CorpusEntity) -> Visit {
        guard selection.fact != unit.level, let unitOf = selection.join(to: unit.level) else {
            return Visit(rows: selection.rows, count: selection.keptCount, units: nil)
        }
        return Visit.grouped(rows: selection.rows, factCount: selection.factCount, unitOf: unitOf,
                             unitCount: snapshot.columns.rowCount(unit.level))
    }

    /// The value codes of the rows of `level` that the query's filters on that table allow;
    /// nil when no filter applies there.
    func codesAllowedByFilters(_ definition: FieldDefinition) -> Set<Int32>? {
        let filters = valueFilters.filter { $0.definition.level == definition.level }
        guard !filters.isEmpty else { return nil }
        var mask: [Bool]?
        for filter in filters {
            mask = Selection.mask(for: filter, columns: snapshot.columns, narrowing: mask)
        }
        guard let mask else { return nil }
        return Set(mask.indices.compactMap { row in
            guard mask[row] else { return nil }
            let code = definition.code(ofRow: Int32(row))
            return code < 0 ? nil : code
        })
    }
}
