import ResultTables
import StudyModel

/// One grouping field of a counting table, with the choice of which of its values to show:
/// the value codes the counter may meet (the field's codes, then one for "no value"), which
/// of them form cells, and the labels of the rows or columns they become.
struct CountAxis {
    let definition: FieldDefinition
    let missing: Query.MissingValues
    /// Values the project defines that no row has (a known role nobody in it has), shown
    /// with codes after the missing code.
    let extras: [String]
    /// The codes shown whatever occurs, in order (`.all` and `.only`); nil: those that occur.
    let fixed: [Int32]?
    /// Whether `fixed` leaves some of the field's values out (`.only`).
    let restricts: Bool
    /// Per code, whether it may form a cell; nil when every code may.
    let allowed: [Bool]?

    /// The code of "no value": one past the field's own codes.
    var missingCode: Int32 { Int32(definition.domain.count) }
    /// Number of codes the counter can meet.
    var size: Int { definition.domain.count + 1 }

    /// The axis for `field`; throws for an unknown field and for listed values the field
    /// cannot take (with the closest valid ones).
    init(_ query: Query, field: String, levels: Query.Levels, missing: Query.MissingValues) throws {
        let definition = try query.definition(field)
        self.definition = definition
        self.missing = missing
        switch levels {
        case .occurring:
            (extras, fixed, restricts) = ([], nil, false)
        case .all:
            extras = Self.definedButUnused(definition, filtered: query.codesAllowedByFilters(definition) != nil)
            let codes = query.codesAllowedByFilters(definition) ?? Set(0..<Int32(definition.domain.count))
            fixed = Self.ordered(Array(codes) + extras.indices.map { Int32(definition.domain.count + 1 + $0) },
                                 definition: definition, extras: extras)
            restricts = false
        case let .only(values):
            extras = Self.definedButUnused(definition, filtered: false)
            fixed = try Self.codes(of: values, definition: definition, extras: extras)
            restricts = true
        }
        allowed = Self.allowedCodes(size: definition.domain.count + 1, fixed: restricts ? fixed : nil, missing: missing)
    }

    private init(opening axis: CountAxis) {
        definition = axis.definition
        missing = .show
        (extras, fixed, restricts, allowed) = (axis.extras, nil, false, nil)
    }

    /// The same field with every value that occurs and a missing group: for group sizes.
    func opened() -> CountAxis { CountAxis(opening: self) }

    /// The row or column label of a code.
    func label(_ code: Int32) -> String {
        let count = Int32(definition.domain.count)
        if code < count { return definition.domain.label(code) }
        if code == count { return Query.missingLabel }
        return extras[Int(code - count - 1)]
    }

    /// The codes to show, given those that occur in counted cells: the chosen ones or the
    /// occurring ones in reading order, then the missing group when it has units.
    func shown(_ occurring: [Int32]) -> [Int32] {
        let present = Set(occurring)
        var codes = fixed ?? definition.domain.sorted(present.subtracting([missingCode]))
        if missing == .show && present.contains(missingCode) { codes.append(missingCode) }
        return codes
    }

    /// Values the project defines for the field without any row having them: the known
    /// participant roles, unless a filter on participants narrows what "all" means.
    private static func definedButUnused(_ definition: FieldDefinition, filtered: Bool) -> [String] {
        guard definition.field.name == "participant.role", !filtered else { return [] }
        return ParticipantRole.allCases.map(\.rawValue).filter { definition.domain.code(of: $0) == nil }
    }

    /// Codes in reading order, the extra values' labels compared with the field's own.
    private static func ordered(_ codes: [Int32], definition: FieldDefinition, extras: [String]) -> [Int32] {
        guard !extras.isEmpty, case .strings = definition.domain else { return definition.domain.sorted(codes) }
        let count = Int32(definition.domain.count)
        func label(_ code: Int32) -> String { code < count ? definition.domain.label(code) : extras[Int(code - count - 1)] }
        return codes.sorted { NaturalOrder.precedes(label($0), label($1)) }
    }

    /// The codes of listed values, first mention kept; throws for a value the field cannot take.
    private static func codes(of values: [String], definition: FieldDefinition, extras: [String]) throws -> [Int32] {
        var codes: [Int32] = []
        for value in values {
            let code: Int32
            if let known = definition.domain.code(of: value) {
                code = known
            } else if let index = extras.firstIndex(of: value) {
                code = Int32(definition.domain.count + 1 + index)
            } else {
                throw QueryError.unknownValue(
                    field: definition.field.name, value: value,
                    suggestions: NameSuggestions.closest(to: value, among: definition.domain.labels + extras))
            }
            if !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// Which codes may form cells: the chosen ones (all when nil), and the missing code
    /// unless missing values are dropped.
    private static func allowedCodes(size: Int, fixed: [Int32]?, missing: Query.MissingValues) -> [Bool]? {
        guard fixed != nil || missing == .drop else { return nil }
        var allowed = [Bool](repeating: fixed == nil, count: size)
        for code in fixed ?? [] where Int(code) < size { allowed[Int(code)] = true }
        allowed[size - 1] = missing == .show
        return allowed
    }
}
