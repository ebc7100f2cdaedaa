import ResultTables

/// The fields of one loaded corpus, by name: the built-in dotted paths plus one field per
/// participant and case attribute, and bare attribute names where only one table uses them.
struct FieldRegistry: Sendable {
    /// Every field, built-in ones first, then attributes in name order.
    let fields: [CorpusField]
    private let definitions: [String: FieldDefinition]
    /// Bare attribute names used by both participants and cases, with their qualified names.
    private let ambiguous: [String: [String]]

    init(columns: CorpusColumns) {
        var definitions: [String: FieldDefinition] = [:]
        var fields: [CorpusField] = []
        let builtIn = Dictionary(uniqueKeysWithValues: CorpusField.builtIn.map { ($0.name, $0) })
        // Every field checks filter values against the values the corpus has, so a misspelt
        // one is an error with a suggestion rather than a silent zero; only segment numbers,
        // which a script may compute, are taken as they come.
        func add(_ name: String, _ level: Level, _ codes: [Int32]?, _ domain: ValueDomain, validates: Bool = true) {
            guard let field = builtIn[name] else { preconditionFailure("\(name) is not a built-in field") }
            definitions[name] = FieldDefinition(
                field: field, level: level, codes: codes, domain: domain, validatesValues: validates)
            fields.append(field)
        }
        func add(_ name: String, _ level: Level, _ column: EncodedColumn, validates: Bool = true) {
            add(name, level, column.codes, .strings(column.dictionary), validates: validates)
        }
        // A table's `<table>.id`, then its text columns, each named `<table>.<column>`, in the
        // order given.
        func add(_ level: Level, _ table: String, ids: StringDictionary, _ named: KeyValuePairs<String, EncodedColumn>) {
            add(table + ".id", level, nil, .strings(ids))
            for (name, column) in named { add(table + "." + name, level, column) }
        }
        add(.participant, "participant", ids: columns.participantIDs, ["role": columns.participantRole])
        add(.studyCase, "case", ids: columns.caseIDs, ["sector": columns.caseSector, "label": columns.caseLabel])
        add(.document, "document", ids: columns.documentIDs, ["title": columns.documentTitle])
        add("segment.id", .segment, nil, .integers(columns.segmentIDs, columns.segmentIndex), validates: false)
        add("coder", .coder, nil, .strings(columns.coderNames))
        let applied = Self.appliedValues(columns)
        add("coding.applied", .coding, applied.codes, .strings(applied.dictionary))
        add(.code, "code", ids: columns.codeIDs, [
            "label": columns.codeLabel,
            "path": columns.codePath,
            "codebook": columns.codeCodebook,
            "level": columns.codeLevel,
            "parent": columns.codeParent,
            "category": columns.codeCategory,
            "theme": columns.codeTheme,
        ])
        add(.bct, "bct", ids: columns.bctIDs, [
            "label": columns.bctLabel,
            "group": columns.bctGroup,
            "group_label": columns.bctGroupLabel,
            "framework": columns.bctFramework,
        ])
        add("framework", .bct, columns.bctFramework)
        add(.principle, "principle", ids: columns.principleIDs, ["label": columns.principleLabel])

        // Attributes: qualified names always, bare names when one table alone uses them.
        var bare: [String: [String]] = [:]
        let attributeTables: [(String, Level, CorpusField.Subject, [String: EncodedColumn])] = [
            ("participant", .participant, .participant, columns.participantAttributes),
            ("case", .studyCase, .studyCase, columns.caseAttributes),
        ]
        for (prefix, level, subject, attributes) in attributeTables {
            for name in attributes.keys.sorted(by: NaturalOrder.precedes) {
                let qualified = prefix + "." + name
                guard definitions[qualified] == nil, let column = attributes[name] else { continue }
                let field = CorpusField(name: qualified, summary: "The \(prefix) attribute '\(name)'.", subject: subject)
                definitions[qualified] = FieldDefinition(
                    field: field, level: level, codes: column.codes, domain: .strings(column.dictionary),
                    validatesValues: true)
                fields.append(field)
                bare[name, default: []].append(qualified)
            }
        }
        var ambiguous: [String: [String]] = [:]
        for (name, qualified) in bare where definitions[name] == nil {
            if qualified.count == 1, let only = qualified.first {
                definitions[name] = definitions[only]
            } else {
                ambiguous[name] = qualified
            }
        }
        self.fields = fields
        self.definitions = definitions
        self.ambiguous = ambiguous
    }

    /// Prefixes that keep the three kinds of `coding.applied` values apart.
    static let appliedPrefixes = (code: "code:", bct: "bct:", principle: "principle:")

    /// The values of `coding.applied`: every code, technique and principle of the corpus, one
    /// value each, and each coding's value among them. A code is named by its id, so figures per
    /// code read as they do with `code.id`; techniques and principles carry a prefix so that none
    /// can equal a code id, and a code whose id already starts like a prefixed value gets
    /// `code:` in front (the only way a code id could collide with another kind).
    static func appliedValues(_ columns: CorpusColumns) -> (codes: [Int32], dictionary: StringDictionary) {
        let prefixes = appliedPrefixes
        var dictionary = StringDictionary()
        for id in columns.codeIDs.strings {
            let clashes = [prefixes.code, prefixes.bct, prefixes.principle].contains { id.hasPrefix($0) }
            _ = dictionary.intern(clashes ? prefixes.code + id : id)
        }
        for id in columns.bctIDs.strings { _ = dictionary.intern(prefixes.bct + id) }
        for id in columns.principleIDs.strings { _ = dictionary.intern(prefixes.principle + id) }
        let codeCount = Int32(columns.codeIDs.count), bctCount = Int32(columns.bctIDs.count)
        let bcts = columns.codingBCTs, principles = columns.codingPrinciples
        // A coding applies exactly one thing (the schema checks it): a code, else its single
        // technique, else its single principle. A code's mapped techniques are not what it applies.
        let codes = columns.codingCode.indices.map { coding -> Int32 in
            let code = columns.codingCode[coding]
            if code >= 0 { return code }
            if let bct = bcts[coding].first { return codeCount + bct }
            if let principle = principles[coding].first { return codeCount + bctCount + principle }
            return -1
        }
        return (codes, dictionary)
    }

    /// All names a query accepts, qualified ones and bare attribute names.
    var names: [String] {
        definitions.keys.sorted(by: NaturalOrder.precedes)
    }

    /// The field with this name; throws `QueryError.unknownField` with suggestions, or
    /// `ambiguousField` for a bare attribute name both tables use.
    ///
    /// `suggesting` says which fields the caller would accept in its place, all told (one
    /// that takes the values a filter asks for), so a hint never leads straight to another
    /// refusal; `listing` says which fields can be used there at all (one value per row for a
    /// row read), and limits both the hint and the list of fields.
    func definition(_ name: String, suggesting suggestible: (FieldDefinition) -> Bool = { _ in true },
                    listing listable: (FieldDefinition) -> Bool = { _ in true }) throws -> FieldDefinition {
        if let definition = definitions[name] { return definition }
        if let candidates = ambiguous[name] { throw QueryError.ambiguousField(name, candidates: candidates) }
        let valid = names.filter { definitions[$0].map { listable($0) && suggestible($0) } ?? false }
        let listed = fields.map(\.name).filter { definitions[$0].map(listable) ?? false }
        throw QueryError.unknownField(
            name, suggestions: NameSuggestions.closest(to: name, among: valid), available: listed)
    }
}
