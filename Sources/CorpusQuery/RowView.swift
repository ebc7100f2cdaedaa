/// One row of a query's result (a coding, segment, document or participant), read field by
/// field on demand. A row view is cheap: it holds the query's selection and a row number.
///
/// Fields about a coding's techniques and principles, and, for segments, documents and
/// participants, fields about their codings, can have several values: read them with
/// `values(_:)`. The values respect the query's filters (after a filter on `bct.group`, a
/// coding's `bct.id` values are only those in the group).
public struct RowView {
    let selection: Selection
    /// Row number in the entity's table.
    let index: Int32

    /// What kind of row this is.
    public var entity: CorpusEntity { selection.entity }

    /// The row's own id: the coding or segment number, or the document or participant id.
    public var id: String {
        switch entity {
        case .codings: String(selection.snapshot.columns.codingIDs[Int(index)])
        case .segments: String(selection.snapshot.columns.segmentIDs[Int(index)])
        case .documents: selection.snapshot.columns.documentIDs[index]
        case .participants: selection.snapshot.columns.participantIDs[index]
        }
    }

    /// The single value of a field, or nil when the row has none. Throws for an unknown
    /// field, and `QueryError.multipleValues` for a field that can have several values here.
    public func value(_ field: String) throws -> String? {
        let level = entity.level
        // A misspelt name is answered with fields that hold one value per row of this entity.
        let definition = try selection.snapshot.registry.definition(field, listing: {
            CorpusColumns.determines(level, $0.level)
        })
        guard CorpusColumns.determines(entity.level, definition.level) else {
            throw QueryError.multipleValues(field: field)
        }
        return singleValue(definition)
    }

    /// All values of a field for this row, without repeats, in the order first met: one or
    /// none for single-valued fields. Throws for an unknown field.
    public func values(_ field: String) throws -> [String] {
        let definition = try selection.snapshot.registry.definition(field)
        if CorpusColumns.determines(entity.level, definition.level) {
            return singleValue(definition).map { [$0] } ?? []
        }
        var codes: [Int32] = []
        if entity == .codings {
            appendCodes(definition, coding: index, to: &codes)
        } else {
            for coding in selection.codingsOfUnits[index] {
                appendCodes(definition, coding: coding, to: &codes)
            }
        }
        var seen = Set<Int32>()
        return codes.filter { seen.insert($0).inserted }.map(definition.domain.label)
    }

    /// The value of a field this row's table determines.
    private func singleValue(_ definition: FieldDefinition) -> String? {
        let target: Int32
        if let join = selection.snapshot.join(from: entity.level, to: definition.level) {
            target = join[Int(index)]
        } else {
            target = index
        }
        guard target >= 0 else { return nil }
        let code = definition.code(ofRow: target)
        return code < 0 ? nil : definition.domain.label(code)
    }

    /// Adds the value codes one coding has for a field about codings.
    private func appendCodes(_ definition: FieldDefinition, coding: Int32, to codes: inout [Int32]) {
        let level = definition.level
        if level.isListLevel {
            for entry in selection.lists(level)[Int(coding)] where selection.keepsEntry(entry, of: level) {
                let code = definition.code(ofRow: entry)
                if code >= 0 { codes.append(code) }
            }
            return
        }
        let target = selection.snapshot.join(from: .coding, to: level).map { $0[Int(coding)] } ?? coding
        guard target >= 0 else { return }
        let code = definition.code(ofRow: target)
        if code >= 0 { codes.append(code) }
    }
}

/// The rows of a query's result as a collection of row views, in table order. Made once per
/// `Query.rows()` call; views are produced as they are read.
public struct QueryRows: RandomAccessCollection {
    let selection: Selection
    /// The entity row at each position; nil when every row is kept, so a position is its row
    /// (no array of a million numbers to make, and keep, for an unfiltered loop).
    let units: [Int32]?
    private let rowCount: Int

    init(selection: Selection, units: [Int32]?) {
        self.selection = selection
        self.units = units
        rowCount = units?.count ?? selection.snapshot.columns.rowCount(selection.entity.level)
    }

    /// How many row numbers the collection holds: 0 when its positions are its rows.
    public var heldRowNumbers: Int { units?.count ?? 0 }

    /// The first position.
    public var startIndex: Int { 0 }
    /// One past the last position.
    public var endIndex: Int { rowCount }

    /// The row at a position.
    public subscript(position: Int) -> RowView {
        RowView(selection: selection, index: units?[position] ?? Int32(truncatingIfNeeded: position))
    }
}
