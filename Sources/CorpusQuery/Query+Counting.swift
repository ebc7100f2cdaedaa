import ResultTables

extension Query {
    /// Number of rows of the entity that pass the filters.
    public func count() throws -> Int {
        let selection = try Selection(self, reading: [])
        return selection.unitOfRow == nil ? selection.keptCount : selection.units.count
    }

    /// For each combination of values of `fields` that occurs, the number of distinct rows of
    /// the entity having it: one row per combination (keys in reading order), one column named
    /// after the entity. A row with several values of a field counts once for each; rows with
    /// no value for a field are left out.
    public func countBy(_ fields: [String]) throws -> ResultTable {
        guard !fields.isEmpty else {
            throw QueryError.invalidArgument("countBy needs at least one field name")
        }
        let definitions = try fields.map(definition)
        let cells = try countCells(definitions, unit: entity)
        let ranks = definitions.indices.map { index in
            rankOfCodes(definitions[index], cells.map { $0.codes[index] })
        }
        let ordered = cells.sorted { left, right in
            for index in definitions.indices where left.codes[index] != right.codes[index] {
                return ranks[index][left.codes[index], default: 0] < ranks[index][right.codes[index], default: 0]
            }
            return false
        }
        return try ResultTable(
            keyNames: fields,
            rowKeys: ordered.map { cell in definitions.indices.map { definitions[$0].domain.label(cell.codes[$0]) } },
            columnLabels: [entity.rawValue],
            cells: ordered.map { .int($0.count) })
    }

    /// `countBy` with the field names given one by one.
    public func countBy(_ fields: String...) throws -> ResultTable {
        try countBy(fields)
    }

    /// A two-way table: one row per value of `rowField`, one column per value of
    /// `columnField`, each cell the number of distinct `unit`s (by default the query's entity)
    /// having both values. Values appear in reading order; totals are shown when printed.
    public func crosstab(_ rowField: String, _ columnField: String, counting unit: CorpusEntity? = nil) throws -> ResultTable {
        let rowDefinition = try definition(rowField), columnDefinition = try definition(columnField)
        let cells = try countCells([rowDefinition, columnDefinition], unit: unit ?? entity)
        let rowCodes = rowDefinition.domain.sorted(Set(cells.map { $0.codes[0] }))
        let columnCodes = columnDefinition.domain.sorted(Set(cells.map { $0.codes[1] }))
        let rowPosition = Dictionary(uniqueKeysWithValues: rowCodes.enumerated().map { ($1, $0) })
        let columnPosition = Dictionary(uniqueKeysWithValues: columnCodes.enumerated().map { ($1, $0) })
        var counts = [ResultTable.Number](repeating: .int(0), count: rowCodes.count * columnCodes.count)
        for cell in cells {
            guard let row = rowPosition[cell.codes[0]], let column = columnPosition[cell.codes[1]] else { continue }
            counts[row * columnCodes.count + column] = .int(cell.count)
        }
        return try ResultTable(
            keyNames: [rowField], rowKeys: rowCodes.map { [rowDefinition.domain.label($0)] },
            columnLabels: columnCodes.map(columnDefinition.domain.label), cells: counts)
    }

    /// Distinct units per combination of the fields' value codes.
    private func countCells(_ definitions: [FieldDefinition], unit: CorpusEntity) throws -> [(codes: [Int32], count: Int)] {
        // Grouping over a list level skips codings with no entry left, so the selection need
        // not test for one first.
        let listLevels = Set(definitions.map(\.level).filter(\.isListLevel))
        let selection = try Selection(
            self, reading: definitions.map(\.level) + [unit.level], deferring: listLevels)
        let accesses = definitions.map { access($0, in: selection) }
        let visit = visitOrder(selection, unit: unit)
        return GroupCounter(fields: accesses, sizes: definitions.map(\.domain.count)).count(visit)
    }

    /// How the counter reads one field from the selection's fact rows.
    private func access(_ definition: FieldDefinition, in selection: Selection) -> GroupAccess {
        let level = definition.level
        guard level.isListLevel else {
            return .single(join: selection.join(to: level), codes: definition.codes)
        }
        let mask = selection.listMasks[level]
        let codes = (0..<Int32(snapshot.columns.rowCount(level))).map { row -> Int32 in
            mask.map { $0[Int(row)] } ?? true ? definition.code(ofRow: row) : -1
        }
        return .list(lists: selection.lists(level), codes: codes)
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

    /// The position of each value code in reading order.
    private func rankOfCodes(_ definition: FieldDefinition, _ codes: [Int32]) -> [Int32: Int] {
        let sorted = definition.domain.sorted(Set(codes))
        return Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
    }
}
