/// A question about the corpus, built up as a value: which entity to count (codings, segments,
/// documents or participants) and which filters to apply. Nothing runs until a result is asked
/// for (`count`, `countBy`, `crosstab`, `cooccurrence`, `rows`, `quotes`); each of those runs
/// natively over the snapshot's columns.
///
/// Filters on one field match any of the listed values; filters on different fields must all
/// match. A filter on a BCT or principle field keeps codings with at least one matching
/// technique (or principle) and also limits which of their techniques later groupings see:
/// after `filter("bct.group", equals: "17")`, `countBy("bct.id")` counts only group-17 ids.
/// For segments, documents and participants, filters on fields about codings keep the rows
/// that have at least one coding passing all such filters.
public struct Query: Sendable {
    /// The corpus the query runs on.
    public let snapshot: CorpusSnapshot
    /// What the query counts and lists.
    public let entity: CorpusEntity
    /// Filters by value, in the order they were added.
    var valueFilters: [ValueFilter] = []
    /// Closures that decide row by row, run after the value filters in the order added.
    var predicates: [@Sendable (RowView) throws -> Bool] = []
    /// When long computations stop and which results are too large; narrowed queries keep it.
    public private(set) var limits: RunLimits = .none

    init(snapshot: CorpusSnapshot, entity: CorpusEntity) {
        self.snapshot = snapshot
        self.entity = entity
    }

    /// The query narrowed to rows whose `field` equals `value`. Throws for an unknown field, and
    /// for a technique, group, framework or principle that does not exist (with a suggestion).
    public func filter(_ field: String, equals value: String) throws -> Query {
        try filter(field, in: [value])
    }

    /// The query narrowed to rows whose `field` is any of `values` (none: no row matches).
    /// Throws as `filter(_:equals:)` does.
    public func filter(_ field: String, in values: [String]) throws -> Query {
        // A misspelt name is answered with fields that take these values.
        let definition = try snapshot.registry.definition(field, suggesting: { candidate in
            values.allSatisfy { candidate.domain.code(of: $0) != nil || !candidate.validatesValues }
        })
        var codes: [Int32] = []
        for value in values {
            if let code = definition.domain.code(of: value) {
                codes.append(code)
            } else if definition.validatesValues {
                throw QueryError.unknownValue(
                    field: field, value: value,
                    suggestions: NameSuggestions.closest(to: value, among: definition.domain.labels))
            }
        }
        var copy = self
        copy.valueFilters.append(ValueFilter(definition: definition, codes: codes))
        return copy
    }

    /// The query narrowed by several fields at once, each to any of its listed values.
    public func filter(_ conditions: [String: [String]]) throws -> Query {
        var query = self
        for field in conditions.keys.sorted() {
            query = try query.filter(field, in: conditions[field] ?? [])
        }
        return query
    }

    /// The query narrowed to rows for which `predicate` returns true: the general but slower
    /// path, called once per row of the entity that passed the value filters. An error the
    /// predicate throws ends the query and reaches the caller.
    public func filter(_ predicate: @escaping @Sendable (RowView) throws -> Bool) -> Query {
        var copy = self
        copy.predicates.append(predicate)
        return copy
    }

    /// The query with computations bounded by `limits`: long loops stop when it says so, and
    /// results too large for the memory left are refused before they are built.
    public func limited(by limits: RunLimits) -> Query {
        var copy = self
        copy.limits = limits
        return copy
    }

    /// The field with this name, checked against the corpus; throws `QueryError.unknownField`.
    func definition(_ name: String) throws -> FieldDefinition {
        try snapshot.registry.definition(name)
    }

    /// The filters in words, in the order they were added: `participant.role = PW | SU`, and
    /// how many predicates follow them. Empty for a query with no filter.
    public var filterSummary: String {
        var parts = valueFilters.map { filter in
            let values = filter.codes.map(filter.definition.domain.label)
            return "\(filter.definition.field.name) = " + (values.isEmpty ? "(nothing)" : values.joined(separator: " | "))
        }
        if !predicates.isEmpty {
            parts.append(predicates.count == 1 ? "1 predicate" : "\(predicates.count) predicates")
        }
        return parts.joined(separator: "; ")
    }
}

/// A filter by value: rows whose field has one of the listed value codes.
struct ValueFilter: Sendable {
    let definition: FieldDefinition
    let codes: [Int32]
}
