import CorpusQuery
import LuaBridge
import Statistics
import StudyModel

/// `stats`: inter-coder agreement over the corpus or over plain Lua tables of ratings.
enum StatsAPI {
    static func statsModule(_ context: APIContext) -> APIModule {
        let module = APIModule("stats", """
            Inter-coder agreement: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's \
            alpha. Every single figure comes back the same way, from `stats.alpha`, `stats.kappa` \
            and `Agreement:get` alike: the value, or nil and the reason it is undefined.
            """)
        module.function(APIDoc("agreement", """
            Agreement between coders, over a codings query or over plain ratings. Units are \
            stretches of text (`"segment"`: coders' spans that overlap by at least `min_overlap` \
            are one unit), whole documents, or characters (NVivo's coding comparison, per \
            document, code and pair of coders). A coder who coded anything in a document rated \
            all of it, so text they left uncoded counts as "no code" (`uncoded = "missing"` makes \
            it a missing rating instead); a coder who never coded the document is missing there. \
            A unit where none of the coders compared applied a value of the field is left out \
            (for a pair: neither of the two), never counted as agreement. \
            Plain ratings are rows of units, one entry per coder (a label, a list of labels, or nil).
            """,
                               parameters: [.init("source", "Query|(string|string[]|nil)[][]", "a query over codings, or plain ratings"),
                                            .init(options: agreementOptions)],
                               returns: [.init("Agreement", "every statistic with its scope, counts and reason when undefined")],
                               example: #"print(stats.agreement(corpus.codings(), { unit = "segment", min_overlap = "50%" }))"#)) { call in
            let options = try agreementOptions.read(call, 2)
            let agreement: AgreementObject
            if let query = call.optionalObject(1, as: QueryObject.self)?.value {
                agreement = try corpusAgreement(query, options, call)
            } else {
                let data = try plainRatings(call, coders: options.strings("coders"))
                agreement = try AgreementObject(report: report(data, options), data: data, unit: "row", field: "label")
            }
            call.stack.push(object: agreement)
            return 1
        }
        module.function(APIDoc("alpha", "Krippendorff's alpha for plain ratings: one row per unit, one entry per coder (nil for missing).",
                               parameters: [.init("rows", "(string|string[]|nil)[][]", "the ratings; an entry may be a label or a list of labels"),
                                            .init(options: alphaOptions)],
                               returns: [.init("number?", "alpha, or nil when undefined"), .init("string?", "why it is undefined")],
                               example: #"print(stats.alpha{ {"a", "a"}, {"b", "b"}, {"a", "b"} })"#)) { call in
            let options = try alphaOptions.read(call, 2)
            let distance = SetDistance(rawValue: options.string("distance") ?? "nominal") ?? .nominal
            let data = try plainRatings(call, coders: options.strings("coders"))
            return push(data.krippendorffAlpha(distance: distance), call)
        }
        module.function(APIDoc("kappa", """
            Kappa on plain ratings, one row per unit: Cohen's for exactly two coders (the \
            default), or Fleiss' for two or more with `method = "fleiss"`. The method is never \
            chosen from the number of coders, so a third column cannot change the statistic.
            """,
                               parameters: [.init("rows", "(string|nil)[][]", "the ratings, one entry per coder"),
                                            .init(options: kappaOptions)],
                               returns: [.init("number?", "kappa, or nil when undefined"), .init("string?", "why it is undefined")],
                               example: #"print(stats.kappa{ {"yes", "yes"}, {"no", "yes"}, {"no", "no"} })"#)) { call in
            let options = try kappaOptions.read(call, 2)
            let data = try plainRatings(call, coders: options.strings("coders"))
            if options.string("method") == "fleiss" { return push(data.fleissKappa(), call) }
            guard data.coders.count == 2 else {
                throw call.argumentError(1, "Cohen's kappa compares exactly two coders, and these ratings have \(data.coders.count); "
                    + "for more, ask for Fleiss' kappa: stats.kappa(rows, { method = \"fleiss\" })")
            }
            return push(try data.cohenKappa(between: data.coders[0], and: data.coders[1]), call)
        }
        return module
    }

    /// The options of `stats.agreement`.
    static let agreementOptions = OptionSchema([
        .init("unit", .choice(AgreementUnit.allCases.map(\.rawValue)),
              "what a unit is: a stretch of text the coders' segments share, a whole document, or a character", default: "segment"),
        .init("field", .string, "what is compared", default: "coding.applied: the code, technique or principle each coding applies"),
        .init("min_overlap", .custom(luaType: "number|string"),
              "for segment units: whole characters two spans must share, or a share of the shorter span (0.5 or \"50%\")",
              default: "1 (any overlap)"),
        .init("uncoded", .choice(UncodedText.allCases.map(\.rawValue)),
              "text a coder left uncoded in a document they coded: an empty rating, or a missing one", default: "empty"),
        .init("coders", .strings, "which coders, in order (for plain ratings, their names)", default: "every coder"),
        .init("sides", .custom(luaType: "string[][]"), "for character units: two groups of coders compared as groups"),
        .init("per_code", .boolean, "add rows per code", default: "true"),
        .init("per_pair", .boolean, "add rows per pair of coders", default: "true"),
    ])

    /// The options of `stats.alpha`.
    static let alphaOptions = OptionSchema([
        .init("distance", .choice(SetDistance.allCases.map(\.rawValue)),
              "how far apart two ratings are: nominal for single labels, masi or jaccard for sets of labels", default: "nominal"),
        coderNames,
    ])

    /// The options of `stats.kappa`.
    static let kappaOptions = OptionSchema([
        .init("method", .choice(["cohen", "fleiss"]), "Cohen's kappa (two coders) or Fleiss' kappa (two or more)", default: "cohen"),
        coderNames,
    ])

    /// `coders` for plain ratings: the same meaning as in `stats.agreement`, a list of names.
    private static let coderNames = OptionSchema.Option(
        "coders", .strings, "the coders' names, one per column of the ratings; their number sets how many columns are read",
        default: "coder 1, coder 2, … up to the longest row")

    /// Argument 1 as ratings: rows of entries, each a label, a list of labels, or nil.
    private static func plainRatings(_ call: LuaCall, coders names: [String]?) throws -> AgreementData {
        guard case .table(let entries) = try call.table(1) else { return try AgreementData(coders: [], labelRows: []) }
        let rows = (1...max(1, entries.count)).compactMap { entries[.integer($0)] }
        let width = names?.count ?? rows.map { row -> Int in
            guard case .table(let cells) = row else { return 0 }
            return cells.keys.compactMap(\.intValue).max() ?? 0
        }.max() ?? 0
        let coders = names ?? (1...max(1, width)).map { "coder \($0)" }
        let labelRows: [[[String]?]] = try rows.map { row in
            guard case .table(let cells) = row else { throw call.argumentError(1, "each unit must be a table of ratings") }
            return (1...max(1, width)).map { coder -> [String]? in
                switch cells[.integer(coder)] ?? .nil {
                case .nil: return nil
                case .table(let labels): return labels.values.compactMap { $0.stringValue ?? $0.intValue.map(String.init) }.sorted()
                case let value: return [value.stringValue ?? value.intValue.map(String.init) ?? "\(value)"]
                }
            }
        }
        return try AgreementData(coders: coders, labelRows: labelRows)
    }

    private static func push(_ result: AgreementResult, _ call: LuaCall) -> Int32 {
        if let value = result.value { call.stack.push(value) } else { call.stack.pushNil() }
        call.stack.push(result.reason.map { "\($0)" })
        return 2
    }

    /// `stats.agreement` over a codings query.
    private static func corpusAgreement(_ query: Query, _ options: OptionValues, _ call: LuaCall) throws -> AgreementObject {
        // The schema has checked every name and type; these read what it let through.
        let unit = options.string("unit").flatMap(AgreementUnit.init(rawValue:)) ?? .segment
        let uncoded = options.string("uncoded").flatMap(UncodedText.init(rawValue:)) ?? .empty
        let sides = try sidesOption(options, call)
        var settings = AgreementOptions(field: options.string("field") ?? AgreementOptions.defaultField,
                                        minimumOverlap: try minimumOverlap(options["min_overlap"], call),
                                        coders: options.strings("coders"), uncoded: uncoded)
        if unit == .character {
            if let sides { settings.coders = sides.a + sides.b }
            let documents = try query.codedDocuments(options: settings)
            let report = try CharacterAgreementReport(documents, sides: sides.map { [$0] }
                                                      ?? CharacterAgreementReport.coderPairs(documents.coders))
            return try AgreementObject(report: report, documents: documents, field: settings.field)
        }
        guard sides == nil else { throw call.argumentError(2, "'sides' applies to character agreement only") }
        let data = try query.agreementData(unit: unit, options: settings)
        // In coded text an empty rating is silence, so units no coder of a scope coded are left out.
        return try AgreementObject(report: report(data, options, unlabelled: .leftOut), data: data,
                                   unit: unit.rawValue, field: settings.field)
    }

    private static func report(_ data: AgreementData, _ options: OptionValues,
                               unlabelled: UnlabelledUnits = .compared) -> AgreementReport {
        AgreementReport(data, perCode: options["per_code"] != .boolean(false), perPair: options["per_pair"] != .boolean(false),
                        unlabelled: unlabelled)
    }

    /// `min_overlap`: whole characters (1 or more), a share between 0 and 1, or a percentage string.
    private static func minimumOverlap(_ value: LuaValue?, _ call: LuaCall) throws -> MinimumOverlap {
        let overlap: MinimumOverlap
        switch value {
        case nil, .nil?:
            return .any
        case let .string(text)? where text.hasSuffix("%"):
            guard let percent = Double(text.dropLast()) else {
                throw call.argumentError(2, "'min_overlap' \"\(text)\" is not a percentage such as \"50%\"")
            }
            overlap = .share(percent / 100)
        case let number? where number.doubleValue != nil:
            let amount = number.doubleValue!
            if amount > 0 && amount < 1 {
                overlap = .share(amount)
            } else if let characters = number.intValue {
                overlap = .characters(characters)
            } else {
                throw call.argumentError(2, "'min_overlap' \(amount) is neither a whole number of characters nor a share below 1")
            }
        case let other?:
            throw call.argumentError(2, "'min_overlap' must be a number or a percentage string, not \(other.typeName)")
        }
        do {
            return try overlap.validated()
        } catch {
            throw call.argumentError(2, "'min_overlap': \(error)")
        }
    }

    /// `sides`: two lists of coders compared as groups.
    private static func sidesOption(_ options: OptionValues, _ call: LuaCall) throws -> CharacterAgreementReport.Sides? {
        guard let value = options["sides"], value != .nil else { return nil }
        let groups = value.arrayValues?.map { group in group.arrayValues?.compactMap(\.stringValue) ?? [] } ?? []
        guard groups.count == 2, groups.allSatisfy({ !$0.isEmpty }) else {
            throw call.argumentError(2, "'sides' must be two lists of coders, such as { { \"Coder A\" }, { \"Coder B\", \"Coder C\" } }")
        }
        return .init(groups[0], groups[1])
    }
}
