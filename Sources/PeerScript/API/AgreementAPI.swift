import LuaBridge
import ResultTables
import Statistics
import StudyModel

/// The result of `stats.agreement` as Lua sees it (`Agreement`): every statistic with its scope,
/// counts and, when undefined, its reason, plus the table that prints.
final class AgreementObject {
    /// One statistic and what it covers; nil scopes mean "all".
    struct Line {
        let measure: AgreementMeasure
        let document: String?
        let code: String?
        let pair: String?
        let result: AgreementResult
    }

    let unit: String
    let field: String
    let coders: [String]
    let unitCount: Int
    let lines: [Line]
    let table: ResultTable

    init(unit: String, field: String, coders: [String], unitCount: Int, lines: [Line], table: ResultTable) {
        self.unit = unit
        self.field = field
        self.coders = coders
        self.unitCount = unitCount
        self.lines = lines
        self.table = table
    }

    /// Ratings statistics (segment, document or plain units) as one row per measure and scope.
    convenience init(report: AgreementReport, data: AgreementData, unit: String, field: String) throws {
        let lines = report.rows.map { row in
            Line(measure: row.result.measure, document: nil, code: row.scope.code,
                 pair: row.scope.pair?.label, result: row.result)
        }
        var cells: [ResultTable.Number] = []
        for line in lines {
            let result = line.result
            cells += [.double(result.value ?? .nan), .int(result.units), .int(result.droppedUnits),
                      .int(result.coders), .int(result.pairableValues)]
        }
        let table = try ResultTable(
            keyNames: ["measure", "code", "pair"],
            rowKeys: lines.map { [$0.measure.rawValue, $0.code ?? "all", $0.pair ?? "all"] },
            columnLabels: ["value", "units", "dropped", "coders", "pairable_values"], cells: cells,
            showsTotals: false, title: "Inter-coder agreement (\(unit) units, \(field))", decimals: 3)
        self.init(unit: unit, field: field, coders: data.coders, unitCount: data.unitCount, lines: lines, table: table)
    }

    /// Character statistics as NVivo lays them out: one row per document, code and pair of
    /// sides, with the character counts beside percent agreement and kappa.
    convenience init(report: CharacterAgreementReport, documents: CodedDocuments, field: String) throws {
        var lines: [Line] = []
        var cells: [ResultTable.Number] = []
        for row in report.rows {
            let comparison = row.comparison
            for result in [comparison.percentAgreement, comparison.kappa] {
                lines.append(Line(measure: result.measure, document: row.document, code: row.code,
                                  pair: row.sides.label, result: result))
            }
            cells += [.int(comparison.characters), .int(comparison.codedByBoth), .int(comparison.codedByAOnly),
                      .int(comparison.codedByBOnly), .double(comparison.percentAgreement.value ?? .nan),
                      .double(comparison.kappa.value ?? .nan)]
        }
        let table = try ResultTable(
            keyNames: ["document", "code", "pair"],
            rowKeys: report.rows.map { [$0.document ?? "all", $0.code, $0.sides.label] },
            columnLabels: ["characters", "both", "a_only", "b_only", "agreement", "kappa"], cells: cells,
            showsTotals: false, title: "Character agreement (\(field))", decimals: 3)
        self.init(unit: "character", field: field, coders: documents.coders,
                  unitCount: documents.documents.count, lines: lines, table: table)
    }

    /// The printed form: the table, then why values are NA and which measures left units out.
    var printed: String {
        var notes: [String] = []
        var undefined: [UndefinedReason: Int] = [:]
        for line in lines { if let reason = line.result.reason { undefined[reason, default: 0] += 1 } }
        for reason in UndefinedReason.allCases {
            guard let count = undefined[reason] else { continue }
            notes.append("NA in \(count) row\(count == 1 ? "" : "s"): \(reason)")
        }
        if let fleiss = lines.first(where: { $0.measure == .fleissKappa && $0.code == nil }),
           fleiss.result.value != nil, fleiss.result.droppedUnits > 0 {
            let used = fleiss.result.units, all = used + fleiss.result.droppedUnits
            notes.append("fleiss_kappa uses only units every coder rated: \(used) of \(all)")
        }
        return table.rendered(as: .text) + notes.map { "* \($0)\n" }.joined()
    }

    /// The line for a measure and scope, matching "all" to nil scopes and a pair in either order.
    func line(_ measure: AgreementMeasure, document: String?, code: String?, pair: [String]?) -> Line? {
        func samePair(_ label: String?) -> Bool {
            guard let pair else { return label == nil }
            return label == CoderPair(pair[0], pair[1]).label || label == CoderPair(pair[1], pair[0]).label
        }
        return lines.first {
            $0.measure == measure && $0.document == document && $0.code == code && samePair($0.pair)
        }
    }
}

/// The `Agreement` class.
enum AgreementAPI {
    static func agreementClass(_ context: APIContext) -> APIClassRegistration {
        let measures = AgreementMeasure.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: "|")
        let agreement = APIClass<AgreementObject>("Agreement", """
            What `stats.agreement` returns: each statistic with what it covers (code, coder pair, \
            document), the units, coders and ratings it used, and why it is undefined when it is. \
            `print(a)` shows the table and notes on the NA values.
            """)
            .field(.field("unit", "string", "The unit compared: \"segment\", \"document\", \"character\" or \"row\" (plain ratings).")) { a, call in push(a.unit, call) }
            .field(.field("field", "string", "The field whose values were compared: \"coding.applied\" (the default) or the one named, such as \"bct.id\".")) { a, call in push(a.field, call) }
            .field(.field("coders", "string[]", "The coders compared, in order.")) { a, call in push(a.coders, call) }
            .field(.field("units", "integer", "How many units the ratings have (documents for character agreement).")) { a, call in push(a.unitCount, call) }
            .method(APIDoc("get", """
                One statistic: its value, or nil and the reason it is undefined, then its whole \
                record. Leave out the code, pair or document for the figure over all of them; name \
                a pair in either order.
                """,
                           parameters: [.init("measure", measures, "the statistic"),
                                        .init(options: scopeOptions, "the scope: what the figure covers (default: everything)")],
                           returns: [.init("number?", "the value"), .init("string?", "why there is none"),
                                     .init("table", "the whole record, as `rows` gives it (units, coders, observed…)")],
                           example: #"print(a:get("cohen_kappa", { pair = { "Coder A", "Coder B" } }))"#)) { a, call in
                let name = try call.string(2)
                guard let measure = AgreementMeasure(rawValue: name) else {
                    throw call.argumentError(2, "unknown measure '\(name)'; measures: "
                        + AgreementMeasure.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let scope = try scopeOptions.read(call, 3)
                let pair = scope.strings("pair")
                if let pair, pair.count != 2 {
                    throw call.argumentError(3, "'pair' must list two coder names, such as { \"Coder A\", \"Coder B\" }")
                }
                guard let line = a.line(measure, document: scope.string("document"), code: scope.string("code"), pair: pair) else {
                    throw call.argumentError(2, "no '\(name)' for that scope; print the result to see its rows")
                }
                if let value = line.result.value { call.stack.push(value) } else { call.stack.pushNil() }
                call.stack.push(line.result.reason.map { "\($0)" })
                pushLine(line, call.stack)
                return 3
            }
            .method(APIDoc("rows", """
                Iterates over the statistics, one record each: measure, code, pair and document \
                ("all" when not limited), value (nil when undefined), reason, units, dropped, \
                coders, pairable_values, observed and chance.
                """,
                           returns: [.init("fun(): table?", "an iterator for a generic for")],
                           example: #"for r in a:rows() do print(r.measure, r.code, r.pair, r.value, r.reason) end"#)) { a, call in
                var next = 0
                let lines = a.lines
                call.stack.pushFunction(named: "rows iterator") { call in
                    guard next < lines.count else { return 0 }
                    pushLine(lines[next], call.stack)
                    next += 1
                    return 1
                }
                return 1
            }
            .method(APIDoc("table", "The statistics as a Table (undefined values read as nil), to sort, plot or write.",
                           returns: [.init("Table", "the table print shows")],
                           example: #"a:table():write("agreement.json")"#)) { a, call in
                call.stack.push(object: TableObject(a.table))
                return 1
            }
            .method(APIDoc("write", """
                Writes the table to a file in the output folder, in the format the extension names \
                (.csv, .tsv, .json, .md, .txt); undefined values are written as NA (null in JSON).
                """,
                           parameters: [.init("name", "string", "the file's name, relative to the output folder")],
                           returns: [.init("string", "the full path written")],
                           example: #"a:write("agreement.csv")"#)) { a, call in
                try TableAPI.write(a.table, call, context)
            }
        agreement.luaClass.toString { $0.printed }
        agreement.luaClass.length { $0.lines.count }
        return agreement
    }

    /// Pushes one statistic as a record.
    private static func pushLine(_ line: AgreementObject.Line, _ stack: LuaStack) {
        let result = line.result
        stack.pushTable(fields: 12)
        let texts: [(String, String?)] = [("measure", result.measure.rawValue), ("code", line.code ?? "all"),
                                          ("pair", line.pair ?? "all"), ("document", line.document ?? "all"),
                                          ("reason", result.reason.map { "\($0)" })]
        for (name, text) in texts {
            stack.push(text)
            stack.setField(name, inTableAt: -2)
        }
        let numbers: [(String, Double?)] = [("value", result.value), ("observed", result.observedAgreement),
                                            ("chance", result.chanceAgreement)]
        for (name, number) in numbers {
            if let number { stack.push(number) } else { stack.pushNil() }
            stack.setField(name, inTableAt: -2)
        }
        let counts = [("units", result.units), ("dropped", result.droppedUnits), ("coders", result.coders),
                      ("pairable_values", result.pairableValues)]
        for (name, count) in counts {
            stack.push(count)
            stack.setField(name, inTableAt: -2)
        }
    }

    /// The scope of `Agreement:get`.
    static let scopeOptions = OptionSchema([
        .init("code", .string, "the figure for one code (a row of the per-code table)"),
        .init("pair", .strings, "the figure for one pair of coders, in either order"),
        .init("document", .string, "for character units: the figure for one document"),
    ])

}
