import LuaBridge
import PeerSupport

/// `stats`: inter-coder agreement over the corpus or over plain Lua tables of ratings.
enum StatsAPI {
    static func statsModule(_ context: APIContext) -> APIModule {
        let module = APIModule("stats", "Inter-coder agreement: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha.")
        module.function(APIDoc("agreement", """
            Agreement between the coders of a codings query. Each unit (a segment, or a whole \
            document) gets, from each coder, the set of values of `field` they applied; units a \
            coder did not code count as missing for that coder. Undefined figures (one coder, no \
            variation) are printed as NA and read as nil.
            """,
                               parameters: [.init("query", "Query", "a query over codings"),
                                            .init("options", "{unit: \"segment\"|\"document\", field: string, per_code: boolean, per_pair: boolean}?", "the unit (default \"segment\": codings on the same segment), the field compared (default \"code.id\"), and whether to add rows per code and per coder pair (default true)")],
                               returns: [.init("Table", "one row per measure and scope; columns value, units, coders, pairable_values")],
                               example: #"print(stats.agreement(corpus.codings(), { unit = "document" }))"#)) { call in
            let query = try call.object(1, as: QueryObject.self).query
            guard query.entity == .codings else { throw call.argumentError(1, "agreement needs a query over codings") }
            let options = try call.options(2)
            let unit = options["unit"]?.stringValue ?? "segment"
            guard unit == "segment" || unit == "document" else {
                throw call.argumentError(2, "'unit' must be \"segment\" or \"document\", not \"\(unit)\"")
            }
            let field = options["field"]?.stringValue ?? "code.id"
            var builder = AgreementDataBuilder()
            for row in try query.rows() {
                guard let unitID = try row.value(unit + ".id"), let coder = try row.value("coder") else { continue }
                builder.addRating(unit: unitID, coder: coder, labels: try row.values(field))
            }
            let report = AgreementReport(builder.build(), perCode: options["per_code"] != .boolean(false),
                                         perPair: options["per_pair"] != .boolean(false))
            call.stack.push(object: TableObject(try table(report.rows)))
            return 1
        }
        module.function(APIDoc("alpha", "Krippendorff's alpha for plain ratings: one row per unit, one entry per coder (nil for missing).",
                               parameters: [.init("rows", "(string|string[]|nil)[][]", "the ratings; an entry may be a label or a list of labels"),
                                            .init("options", "{distance: \"nominal\"|\"masi\"|\"jaccard\", coders: integer}?", "the distance (default nominal) and the number of coders (default: the longest row)")],
                               returns: [.init("number?", "alpha, or nil when undefined"), .init("string?", "why it is undefined")],
                               example: #"print(stats.alpha{ {"a", "a"}, {"b", "b"}, {"a", "b"} })"#)) { call in
            let options = try call.options(2)
            let name = options["distance"]?.stringValue ?? "nominal"
            guard let distance = SetDistance(rawValue: name) else {
                throw call.argumentError(2, "'distance' must be \"nominal\", \"masi\" or \"jaccard\", not \"\(name)\"")
            }
            return push(try plainRatings(call, coders: options["coders"]?.intValue).krippendorffAlpha(distance: distance), call)
        }
        module.function(APIDoc("kappa", "Cohen's kappa for two coders (Fleiss' kappa for more) on plain ratings: one row per unit.",
                               parameters: [.init("rows", "(string|nil)[][]", "the ratings, one entry per coder")],
                               returns: [.init("number?", "kappa, or nil when undefined"), .init("string?", "why it is undefined")],
                               example: #"print(stats.kappa{ {"yes", "yes"}, {"no", "yes"}, {"no", "no"} })"#)) { call in
            let data = try plainRatings(call, coders: nil)
            if data.coders.count == 2 {
                return push(try data.cohenKappa(between: data.coders[0], and: data.coders[1]), call)
            }
            return push(data.fleissKappa(), call)
        }
        return module
    }

    /// Argument 1 as ratings: rows of entries, each a label, a list of labels, or nil.
    private static func plainRatings(_ call: LuaCall, coders: Int?) throws -> AgreementData {
        guard case .table(let entries) = try call.table(1) else { return try AgreementData(coders: [], labelRows: []) }
        let rows = (1...max(1, entries.count)).compactMap { entries[.integer($0)] }
        let width = coders ?? rows.map { row -> Int in
            guard case .table(let cells) = row else { return 0 }
            return cells.keys.compactMap(\.intValue).max() ?? 0
        }.max() ?? 0
        let names = (1...max(1, width)).map { "coder \($0)" }
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
        return try AgreementData(coders: names, labelRows: labelRows)
    }

    private static func push(_ result: AgreementResult, _ call: LuaCall) -> Int32 {
        if let value = result.value { call.stack.push(value) } else { call.stack.pushNil() }
        call.stack.push(result.reason.map { "\($0)" })
        return 2
    }

    private static func table(_ rows: [AgreementRow]) throws -> ResultTable {
        var cells: [ResultTable.Number] = []
        for row in rows {
            let result = row.result
            cells += [.double(result.value ?? .nan), .int(result.units), .int(result.coders), .int(result.pairableValues)]
        }
        let keys = rows.map { row in
            [row.result.measure.rawValue, row.scope.code ?? "all", row.scope.pair.map { "\($0.first)–\($0.second)" } ?? "all"]
        }
        return try ResultTable(keyNames: ["measure", "code", "pair"], rowKeys: keys,
                               columnLabels: ["value", "units", "coders", "pairable_values"], cells: cells,
                               showsTotals: false, title: "Inter-coder agreement", decimals: 3)
    }
}
