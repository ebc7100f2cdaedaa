import CorpusQuery
import LuaBridge
import ResultTables
import StudyModel

/// A query as Lua sees it (`Query`): an immutable value; `where` returns a new one.
final class QueryObject: LuaBoxed<Query> {}

/// `corpus`, with the `Query` and `Row` classes.
enum CorpusAPI {
    static func corpusModule(_ context: APIContext) -> APIModule {
        let module = APIModule("corpus", """
            The coded corpus: the project given with --project, or the synthetic demo corpus. \
            Queries start here and run natively when a result is asked for.
            """)
        for entity in CorpusEntity.allCases {
            let name = entity.rawValue
            module.function(APIDoc(name, "A query over all \(name); narrow it with `:where` and ask for a result.",
                                   returns: [.init("Query", "a query over every \(singular(entity))")],
                                   example: example(for: entity))) { call in
                call.stack.push(object: QueryObject(try context.corpus().query(entity).limited(by: context.limits)))
                return 1
            }
        }
        module.function(APIDoc("fields", "Lists the field names queries accept, including the project's attribute names.",
                               returns: [.init("string[]", "field names such as \"participant.role\" and \"bct.group\"")],
                               example: #"for _, f in ipairs(corpus.fields()) do print(f) end"#)) { call in
            call.stack.push(try context.corpus().fields.map(\.name))
            return 1
        }
        module.function(APIDoc("values", "Lists the values a field takes in the corpus (for techniques and principles: in the frameworks), in reading order.",
                               parameters: [.init("field", "string", "a field name")],
                               returns: [.init("string[]", "the values")],
                               example: #"print(table.concat(corpus.values("participant.role"), ", "))"#)) { call in
            call.stack.push(try context.corpus().values(of: try call.string(1)))
            return 1
        }
        module.function(APIDoc("size", "Counts the corpus's rows of each kind.",
                               returns: [.init("{codings: integer, segments: integer, documents: integer, participants: integer}", "the counts")],
                               example: #"print(corpus.size().codings)"#)) { call in
            let snapshot = try context.corpus()
            call.stack.pushTable(fields: CorpusEntity.allCases.count)
            for entity in CorpusEntity.allCases {
                call.stack.push(snapshot.count(of: entity))
                call.stack.setField(entity.rawValue, inTableAt: -2)
            }
            return 1
        }
        SearchAPI.addFunctions(to: module, context)
        return module
    }

    private static func singular(_ entity: CorpusEntity) -> String {
        String(entity.rawValue.dropLast())
    }

    private static func example(for entity: CorpusEntity) -> String {
        switch entity {
        case .codings: #"print(corpus.codings():where{ framework = "bcttv1" }:crosstab("participant.role", "bct.group"))"#
        case .segments: #"print(corpus.segments():where{ ["code.id"] = "cm.rolemodel.hope" }:count())"#
        case .documents: #"print(corpus.documents():count_by("case.sector"))"#
        case .participants: #"print(corpus.participants():count_by("participant.role"))"#
        }
    }

    static func classes(_ context: APIContext) -> [APIClassRegistration] {
        [queryClass(context), RowClass(), TableAPI.tableClass(context), SearchAPI.hitsClass(context)]
    }

    static func queryClass(_ context: APIContext) -> APIClassRegistration {
        let query = APIClass<QueryObject>("Query", """
            A question about the corpus: which rows (codings, segments, documents or participants) \
            and which filters. Results are computed natively when asked for.
            """)
            .field(.field("entity", "string", "\"codings\", \"segments\", \"documents\" or \"participants\".")) { q, call in
                push(q.value.entity.rawValue, call)
            }
            .method(APIDoc("where", """
                Narrows the query. With a table, each key is a field and each value a string or \
                number (or a list of them, any of which may match); all fields must match. Values \
                are compared as text, a whole number as an integer (`3` and `3.0` match "3"). With a \
                function, keeps the rows for which it returns true (slower: it runs per row); \
                the `Row` it receives can only be read during that call.
                """,
                           parameters: [.init("filter", "table<string, string|string[]>|fun(row: Row): boolean", "the fields to match, or a predicate")],
                           returns: [.init("Query", "a new, narrower query")],
                           example: #"local q = corpus.codings():where{ ["participant.role"] = {"PW", "SU"}, framework = "bcttv1" }"#)) { q, call in
                call.stack.push(object: QueryObject(try narrowed(q.value, call)))
                return 1
            }
            .method(APIDoc("count", "Counts the rows that pass the filters.",
                           returns: [.init("integer", "the number of rows")],
                           example: #"print(corpus.codings():where{ coder = "Coder A" }:count())"#)) { q, call in
                call.stack.push(try q.value.count())
                return 1
            }
            .method(APIDoc("count_by", """
                Counts rows for each combination of values of one or more fields. Rows with no \
                value for a field form a `(missing)` group, last, so the Total equals `count()`; \
                a row with several values of a field counts in each, and once in the Total.
                """,
                           parameters: [.init("...", "string", "the field names"),
                                        .init(options: countByOptions)],
                           returns: [.init("Table", "one row per combination (with levels: every combination of the chosen values)")],
                           example: #"print(corpus.codings():count_by("bct.group", { levels = "all" }))"#)) { q, call in
                call.stack.push(object: TableObject(try countBy(q.value, call)))
                return 1
            }
            .method(APIDoc("crosstab", """
                A two-way table of counts: one row per value of the first field, one column per \
                value of the second. Each cell and each Total counts distinct units: a participant \
                in three columns of a row counts once in the row's Total. Rows without a value \
                form a `(missing)` row or column, last.
                """,
                           parameters: [.init("row", "string", "the field whose values label the rows"),
                                        .init("column", "string", "the field whose values label the columns"),
                                        .init(options: crosstabOptions)],
                           returns: [.init("Table", "the table, with totals when printed")],
                           example: #"print(corpus.codings():crosstab("participant.role", "bct.group", { count = "participants", levels = { columns = "all" } }))"#)) { q, call in
                let options = try crosstabOptions.read(call, 4)
                let unit = options.string("count").flatMap(CorpusEntity.init(rawValue:))
                let levels = try axisLevels(options["levels"], names: ["rows", "columns"], call, argument: 4)
                let table = try q.value.crosstab(
                    try call.string(2), try call.string(3), counting: unit,
                    rowLevels: levels["rows"] ?? .occurring, columnLevels: levels["columns"] ?? .occurring,
                    missing: missingValues(options))
                call.stack.push(object: TableObject(table))
                return 1
            }
            .method(APIDoc("rows", "Iterates over the rows that pass the filters, one `Row` at a time.",
                           returns: [.init("fun(): Row?", "an iterator for a generic for")],
                           example: #"for row in corpus.participants():rows() do print(row.id, row["participant.role"]) end"#)) { q, call in
                try pushRowIterator(try q.value.rows(), call)
                return 1
            }
            .method(APIDoc("cooccurrence", """
                A square table of how often two values of a field occur together: on the same \
                segment (or, with overlap, on overlapping segments), or in the same document. The \
                diagonal counts where each value occurs at all.
                """,
                           parameters: [.init("field", "string", "the field whose values are paired, such as \"code.id\" or \"bct.id\""),
                                        .init(options: cooccurrenceOptions)],
                           returns: [.init("Table", "values × values")],
                           example: #"print(corpus.codings():where{ framework = "relational" }:cooccurrence("bct.id", { within = "document" }))"#)) { q, call in
                let options = try cooccurrenceOptions.read(call, 3)
                let scope = Query.CooccurrenceScope(rawValue: options.string("within") ?? "segment") ?? .segment
                let overlap = options.boolean("overlap", otherwise: false)
                call.stack.push(object: TableObject(try q.value.cooccurrence(try call.string(2), within: scope, overlap: overlap)))
                return 1
            }
            .method(APIDoc("quotes", "The coded text behind the rows, each with some text around it, in document order.",
                           parameters: [.init(options: quoteOptions)],
                           returns: [.init("{document: string, participant: string?, case: string?, segment: integer, start: integer, end: integer, text: string, before: string, after: string}[]", "one entry per coded segment; start and end count Unicode characters, end exclusive")],
                           example: #"for _, q in ipairs(corpus.codings():where{ ["bct.id"] = "6.2" }:quotes{ context = 60 }) do print(q.participant, q.text) end"#)) { q, call in
                let context = try quoteOptions.read(call, 2).integer("context") ?? 0
                let quotes = try q.value.quotes(context: context)
                let stack = call.stack
                stack.pushTable(array: quotes.count)
                for (offset, quote) in quotes.enumerated() {
                    try stack.push(LuaValue.table([
                        "document": .string(quote.documentID), "participant": quote.participantID.map(LuaValue.string) ?? .nil,
                        "case": quote.caseID.map(LuaValue.string) ?? .nil, "segment": .integer(Int(quote.segmentID)),
                        "start": .integer(quote.start), "end": .integer(quote.end), "text": .string(quote.text),
                        "before": .string(quote.before), "after": .string(quote.after),
                    ]))
                    stack.setIndex(offset + 1, inTableAt: -2)
                }
                return 1
            }
            .withString(description)
        WriteAPI.addQueryMethods(to: query, context)
        return query
    }

    /// `count_by`'s field names, then an optional table of options.
    private static func countBy(_ query: Query, _ call: LuaCall) throws -> ResultTable {
        let last = max(2, call.argumentCount)
        let hasOptions = call.argumentCount >= 3 && call.typeName(last) == "table"
        let fields = try (2...(hasOptions ? last - 1 : last)).map { try call.string(Int32($0)) }
        guard hasOptions else { return try query.countBy(fields) }
        let index = Int32(last)
        let options = try countByOptions.read(call, index)
        var levels: [String: Query.Levels] = [:]
        if let value = options["levels"] {
            if case .table = value, value.arrayValues?.isEmpty ?? true {
                levels = try axisLevels(value, names: fields, call, argument: index)
            } else {
                let choice = try levelsChoice(value, call, argument: index, option: "levels")
                if case .only = choice, fields.count > 1 {
                    throw call.argumentError(index, "a list of levels needs one field; with several, key the lists by field name")
                }
                for field in fields { levels[field] = choice }
            }
        }
        return try query.countBy(fields, levels: levels, missing: missingValues(options))
    }

    /// The `levels` option: "all" for every axis, or a table keyed by the axis `names`.
    private static func axisLevels(
        _ value: LuaValue?, names: [String], _ call: LuaCall, argument: Int32
    ) throws -> [String: Query.Levels] {
        guard let value else { return [:] }
        if case .string = value {
            let choice = try levelsChoice(value, call, argument: argument, option: "levels")
            return Dictionary(uniqueKeysWithValues: names.map { ($0, choice) })
        }
        guard case .table(let entries) = value, value.arrayValues?.isEmpty ?? true else {
            throw call.argumentError(argument, "'levels' must be \"all\" or a table keyed by \(names.map { "'\($0)'" }.joined(separator: " or "))")
        }
        var levels: [String: Query.Levels] = [:]
        for (key, choice) in entries {
            guard let name = key.stringValue, names.contains(name) else {
                let shown = key.stringValue.map { "'\($0)'" } ?? "a non-string key"
                throw call.argumentError(argument, "'levels' has \(shown); its keys are \(names.map { "'\($0)'" }.joined(separator: ", "))")
            }
            levels[name] = try levelsChoice(choice, call, argument: argument, option: "levels." + name)
        }
        return levels
    }

    /// One axis's levels: "all", or a non-empty list of values (strings or whole numbers).
    private static func levelsChoice(_ value: LuaValue, _ call: LuaCall, argument: Int32, option: String) throws -> Query.Levels {
        if value.stringValue == "all" { return .all }
        guard let items = value.arrayValues, !items.isEmpty else {
            throw call.argumentError(argument, "'\(option)' must be \"all\" or a non-empty list of values")
        }
        return .only(try items.map { item in
            guard let text = item.stringValue ?? item.intValue.map(String.init) else {
                throw call.argumentError(argument, "'\(option)' lists a \(item.typeName); list values as strings")
            }
            return text
        })
    }

    /// The `missing` option: "show" (default) or "drop"; the schema has checked the name.
    private static func missingValues(_ options: OptionValues) -> Query.MissingValues {
        options.string("missing").flatMap(Query.MissingValues.init(rawValue:)) ?? .show
    }

    /// How a query prints: its entity, its filters and how many rows pass them, as in
    /// `Query(codings where participant.role = PW: 412 rows)`. The count is left out when it
    /// cannot be had (a predicate that raises), since printing must not fail.
    static func description(_ object: QueryObject) -> String {
        let query = object.value
        let filters = query.filterSummary
        var text = "Query(" + query.entity.rawValue + (filters.isEmpty ? "" : " where " + filters)
        if let count = try? query.count() { text += ": \(count) \(count == 1 ? "row" : "rows")" }
        return text + ")"
    }

    /// The query narrowed by argument 2: a table of field filters or a predicate function.
    private static func narrowed(_ query: Query, _ call: LuaCall) throws -> Query {
        switch call.typeName(2) {
        case "table":
            return try query.filter(try filterConditions(call, 2))
        case "function":
            let predicate = UncheckedSendable(try RowPredicate(call, argument: 2))
            return query.filter { row in try predicate.value.accepts(row) }
        default:
            throw call.typeError(2, expected: "table or function")
        }
    }

    /// The `where` table at argument `index`: field names to the values they may take. Queries
    /// and hits read it alike.
    static func filterConditions(_ call: LuaCall, _ index: Int32) throws -> [String: [String]] {
        guard case .table(let entries) = try call.value(index) else { throw call.typeError(index, expected: "table") }
        var conditions: [String: [String]] = [:]
        for (key, value) in entries {
            guard let field = key.stringValue else {
                throw call.argumentError(index, "filter keys must be field names (strings)")
            }
            conditions[field] = try filterValues(value, field: field, call, index)
        }
        return conditions
    }

    /// A filter value: a string or number, or a list of them. Values are stored as text, so a
    /// number matches the text it is written as in a data file: `3` and `3.0` both match "3".
    private static func filterValues(_ value: LuaValue, field: String, _ call: LuaCall, _ index: Int32) throws -> [String] {
        if let text = filterText(value) { return [text] }
        guard case .table = value else {
            throw call.argumentError(index, "the value for '\(field)' must be a string, a number or a list of them, not \(value.typeName)")
        }
        guard let items = value.arrayValues else { return [] }
        return try items.map { item in
            guard let text = filterText(item) else {
                throw call.argumentError(index, "the values for '\(field)' must be strings or numbers, not \(item.typeName)")
            }
            return text
        }
    }

    /// A string as it is; a number with an integral value as an integer; another number as
    /// Lua's `%.14g` writes it.
    private static func filterText(_ value: LuaValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number):
            if let whole = value.intValue { return String(whole) }
            return number.isFinite ? String(format: "%.14g", number) : nil
        default: return nil
        }
    }

    /// Pushes the iterator of a `query:rows()` loop: the C one of light rows while slots
    /// last (see ``RowSlots``), else one whose rows share one metatable. Either way rows stay
    /// readable after the loop: the result they index is immutable.
    private static func pushRowIterator(_ rows: QueryRows, _ call: LuaCall) throws {
        let functions = RowFunctions.shared(call.stack)
        if functions.pushLightRowIterator(rows, on: call.stack) { return }
        let metatable = try functions.metatable(for: RowSource(loop: rows), on: call.stack)
        var position = rows.startIndex
        let end = rows.endIndex
        call.stack.pushFunction(named: "rows iterator") { call in
            guard position < end else { return 0 }
            call.stack.pushHandle(position, metatable: metatable)
            position += 1
            return 1
        }
    }
}

/// Carries a value into a `@Sendable` closure that, by construction, runs on the same thread as
/// the Lua state it came from (queries run synchronously inside a host call).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension CorpusAPI {
    /// The options of `Query:cooccurrence`.
    static let cooccurrenceOptions = OptionSchema([
        .init("within", .choice(Query.CooccurrenceScope.allCases.map(\.rawValue)),
              "what counts as together: the same segment or the same document", default: "segment"),
        .init("overlap", .boolean, "with segment: whether overlapping segments count as one", default: "false"),
    ])

    /// `missing`, as `count_by` and `crosstab` take it.
    private static let missingOption = OptionSchema.Option(
        "missing", .choice(["show", "drop"]),
        "show rows without a value as a (missing) group, last, or drop them (the table's notes then say how many)",
        default: "show")

    /// The options of `Query:count_by`.
    static let countByOptions = OptionSchema([
        .init("levels", .custom(luaType: "\"all\"|string[]|table<string, \"all\"|string[]>"),
              "every value the project defines for the fields (\"all\"), only these values (a list, with one field), or per field (a table keyed by field name)",
              default: "the values that occur"),
        missingOption,
    ])

    /// The options of `Query:crosstab`.
    static let crosstabOptions = OptionSchema([
        .init("count", .choice(CorpusEntity.allCases.map(\.rawValue)), "what each cell counts", default: "the query's own rows"),
        .init("levels", .custom(luaType: "\"all\"|{rows?: \"all\"|string[], columns?: \"all\"|string[]}"),
              "every value the project defines, on both axes (\"all\") or per axis", default: "the values that occur"),
        missingOption,
    ])

    /// The options of `Query:quotes`.
    static let quoteOptions = OptionSchema([
        .init("context", .integer(minimum: 0), "how many characters of text to show on each side", default: "0"),
    ])
}
