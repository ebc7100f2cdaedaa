import LuaBridge
import PeerSupport

/// A query as Lua sees it (`Query`): an immutable value; `where` returns a new one.
final class QueryObject {
    let query: Query
    init(_ query: Query) { self.query = query }
}

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
        [queryClass(context), RowClass(), TableAPI.tableClass(context)]
    }

    static func queryClass(_ context: APIContext) -> APIClassRegistration {
        APIClass<QueryObject>("Query", """
            A question about the corpus: which rows (codings, segments, documents or participants) \
            and which filters. Results are computed natively when asked for.
            """)
            .field(.field("entity", "string", "\"codings\", \"segments\", \"documents\" or \"participants\".")) { q, call in
                push(q.query.entity.rawValue, call)
            }
            .method(APIDoc("where", """
                Narrows the query. With a table, each key is a field and each value a string (or \
                a list of strings, any of which may match); all fields must match. With a \
                function, keeps the rows for which it returns true (slower: it runs per row); \
                the `Row` it receives can only be read during that call.
                """,
                           parameters: [.init("filter", "table<string, string|string[]>|fun(row: Row): boolean", "the fields to match, or a predicate")],
                           returns: [.init("Query", "a new, narrower query")],
                           example: #"local q = corpus.codings():where{ ["participant.role"] = {"PW", "SU"}, framework = "bcttv1" }"#)) { q, call in
                call.stack.push(object: QueryObject(try narrowed(q.query, call)))
                return 1
            }
            .method(APIDoc("count", "Counts the rows that pass the filters.",
                           returns: [.init("integer", "the number of rows")],
                           example: #"print(corpus.codings():where{ coder = "Coder A" }:count())"#)) { q, call in
                call.stack.push(try q.query.count())
                return 1
            }
            .method(APIDoc("count_by", "Counts rows for each combination of values of one or more fields.",
                           parameters: [.init("...", "string", "the field names")],
                           returns: [.init("Table", "one row per combination that occurs")],
                           example: #"print(corpus.codings():count_by("bct.id", "participant.role"))"#)) { q, call in
                let fields = try (2...max(2, call.argumentCount)).map { try call.string($0) }
                call.stack.push(object: TableObject(try q.query.countBy(fields)))
                return 1
            }
            .method(APIDoc("crosstab", "A two-way table of counts: one row per value of the first field, one column per value of the second.",
                           parameters: [.init("row", "string", "the field whose values label the rows"),
                                        .init("column", "string", "the field whose values label the columns"),
                                        .init("options", "{count: \"codings\"|\"segments\"|\"participants\"|\"documents\"}?", "what each cell counts (default: the query's own rows)")],
                           returns: [.init("Table", "the table, with totals when printed")],
                           example: #"print(corpus.codings():crosstab("participant.role", "bct.group", { count = "participants" }))"#)) { q, call in
                let options = try call.options(4)
                var unit: CorpusEntity?
                if let name = options["count"] {
                    guard let text = name.stringValue, let entity = CorpusEntity(rawValue: text) else {
                        throw call.argumentError(4, "'count' must be \"codings\", \"segments\", \"participants\" or \"documents\"")
                    }
                    unit = entity
                }
                let table = try q.query.crosstab(try call.string(2), try call.string(3), counting: unit)
                call.stack.push(object: TableObject(table))
                return 1
            }
            .method(APIDoc("rows", "Iterates over the rows that pass the filters, one `Row` at a time.",
                           returns: [.init("fun(): Row?", "an iterator for a generic for")],
                           example: #"for row in corpus.participants():rows() do print(row.id, row["participant.role"]) end"#)) { q, call in
                try pushRowIterator(try q.query.rows(), call)
                return 1
            }
            .method(APIDoc("cooccurrence", """
                A square table of how often two values of a field occur together: on the same \
                segment (or, with overlap, on overlapping segments), or in the same document. The \
                diagonal counts where each value occurs at all.
                """,
                           parameters: [.init("field", "string", "the field whose values are paired, such as \"code.id\" or \"bct.id\""),
                                        .init("options", "{within: \"segment\"|\"document\", overlap: boolean}?", "the context (default \"segment\") and whether overlapping segments count as one")],
                           returns: [.init("Table", "values × values")],
                           example: #"print(corpus.codings():where{ framework = "relational" }:cooccurrence("bct.id", { within = "document" }))"#)) { q, call in
                let options = try call.options(3)
                let within = try call.stringOption(options, "within") ?? "segment"
                guard let scope = Query.CooccurrenceScope(rawValue: within) else {
                    throw call.argumentError(3, "'within' must be \"segment\" or \"document\", not \"\(within)\"")
                }
                let overlap = options["overlap"] == .boolean(true)
                call.stack.push(object: TableObject(try q.query.cooccurrence(try call.string(2), within: scope, overlap: overlap)))
                return 1
            }
            .method(APIDoc("quotes", "The coded text behind the rows, each with some text around it, in document order.",
                           parameters: [.init("options", "{context: integer}?", "how many characters to show on each side (default 0)")],
                           returns: [.init("{document: string, participant: string?, case: string?, segment: integer, start: integer, end: integer, text: string, before: string, after: string}[]", "one entry per coded segment; start and end count Unicode characters, end exclusive")],
                           example: #"for _, q in ipairs(corpus.codings():where{ ["bct.id"] = "6.2" }:quotes{ context = 60 }) do print(q.participant, q.text) end"#)) { q, call in
                let context = try call.options(2)["context"].map { value -> Int in
                    guard let number = value.intValue else { throw call.argumentError(2, "'context' must be a whole number") }
                    return number
                } ?? 0
                let quotes = try q.query.quotes(context: context)
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
            .withString { "Query(\($0.query.entity.rawValue))" }
    }

    /// The query narrowed by argument 2: a table of field filters or a predicate function.
    private static func narrowed(_ query: Query, _ call: LuaCall) throws -> Query {
        switch call.typeName(2) {
        case "table":
            guard case .table(let entries) = try call.value(2) else { return query }
            var conditions: [String: [String]] = [:]
            for (key, value) in entries {
                guard let field = key.stringValue else {
                    throw call.argumentError(2, "filter keys must be field names (strings)")
                }
                conditions[field] = try filterValues(value, field: field, call)
            }
            return try query.filter(conditions)
        case "function":
            let predicate = UncheckedSendable(try RowPredicate(call, argument: 2))
            return query.filter { row in try predicate.value.accepts(row) }
        default:
            throw call.typeError(2, expected: "table or function")
        }
    }

    /// A filter value: a string or number, or a list of them.
    private static func filterValues(_ value: LuaValue, field: String, _ call: LuaCall) throws -> [String] {
        switch value {
        case .string(let text): return [text]
        case .integer(let number): return [String(number)]
        case .number(let number): return [String(number)]
        case .table:
            guard let items = value.arrayValues else { return [] }
            return try items.map { item in
                guard let text = item.stringValue ?? item.intValue.map(String.init) else {
                    throw call.argumentError(2, "the values for '\(field)' must be strings")
                }
                return text
            }
        default:
            throw call.argumentError(2, "the value for '\(field)' must be a string or a list of strings, not \(value.typeName)")
        }
    }

    /// Pushes the iterator of a `query:rows()` loop. Its rows share one metatable and stay
    /// readable after the loop: the result they index is immutable.
    private static func pushRowIterator(_ rows: QueryRows, _ call: LuaCall) throws {
        let metatable = try RowFunctions.shared(call.stack).metatable(for: RowSource(loop: rows), on: call.stack)
        var position = rows.startIndex
        let end = rows.endIndex
        call.stack.pushFunction(named: "rows iterator") { call in
            guard position < end else { return 0 }
            RowFunctions.pushRow(position, metatable, on: call.stack)
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

/// The `Row` class: its documentation and the one mapping of Lua reads onto ``RowView``, shared
/// by the rows of `query:rows()` loops and those given to `query:where(function(row) … end)`.
///
/// A row is a finalizer-free userdata holding only a number, so making one costs little. The
/// rows of one loop (or of one predicate) share a metatable that holds their ``RowSource``,
/// which turns the number back into a row (see ``RowFunctions``).
struct RowClass: APIClassRegistration {
    /// The class name scripts see (`getmetatable(row)`, `tostring`, error messages).
    static let name = "Row"

    /// A documented member and how it reads a row.
    struct Member {
        let doc: APIDoc
        let read: (RowView, LuaCall) throws -> Int32
    }

    /// The fields, read as `row.name`.
    static func fields() -> [Member] {
        [
            Member(doc: .field("id", "string", "The row's own id: coding or segment number, document or participant id.")) { row, call in
                push(row.id, call)
            },
            Member(doc: .field("entity", "string", "What the row is: \"codings\", \"segments\", \"documents\" or \"participants\".")) { row, call in
                push(row.entity.rawValue, call)
            },
        ]
    }

    /// The methods, called as `row:name(…)`.
    static func methods() -> [Member] {
        [
            Member(doc: APIDoc("get", kind: .method, "The value of a single-valued field, or nil when the row has none.",
                               parameters: [.init("field", "string", "a field name")],
                               returns: [.init("string?", "the value")],
                               example: #"print(row:get("case.sector"))"#)) { row, call in
                push(try row.value(try call.string(2)), call)
            },
            Member(doc: APIDoc("values", kind: .method, "All values of a field for this row (several for techniques and principles).",
                               parameters: [.init("field", "string", "a field name")],
                               returns: [.init("string[]", "the values, without repeats")],
                               example: #"for _, id in ipairs(row:values("bct.id")) do print(id) end"#)) { row, call in
                call.stack.push(try row.values(try call.string(2)))
                return 1
            },
        ]
    }

    /// How a row prints.
    static func description(of row: RowView) -> String { "Row(\(row.entity.rawValue) \(row.id))" }

    var doc: APIGroupDoc {
        APIGroupDoc(name: Self.name, kind: .class, summary: """
            One row met while iterating a query. Read a field as `row["participant.role"]` \
            (single-valued fields) or with `row:values(field)`.
            """, members: (Self.fields() + Self.methods()).map(\.doc))
    }

    func register(in state: LuaState) { RowFunctions.install(in: state) }
}

/// Turns the number a row userdata holds back into a row: a position in a loop's result, or
/// the serial number of a predicate call that is still running.
final class RowSource {
    /// The row numbered `number`, or nil when no row of this source ever had that number;
    /// throws when the number belongs to a predicate call that has returned.
    let row: (Int) throws -> RowView?

    /// The source of a `query:rows()` loop's rows, numbered by position.
    init(loop rows: QueryRows) {
        row = { position in rows.indices.contains(position) ? rows[position] : nil }
    }

    /// The source of a predicate's rows, numbered by call.
    init(calls: PredicateCalls) {
        row = { serial in try calls.row(serial) }
    }
}

/// The calls of one predicate that are still running and the row each was given, innermost
/// last. Calls nest when a predicate runs its own query again.
final class PredicateCalls {
    private var running: [(serial: Int, row: RowView)] = []
    private var lastSerial = 0

    /// Starts a call about `row`; returns the serial number its row userdata holds.
    func enter(_ row: RowView) -> Int {
        lastSerial += 1
        running.append((lastSerial, row))
        return lastSerial
    }

    /// Ends the innermost call: its row can no longer be read.
    func leave() { running.removeLast() }

    /// The row of the running call numbered `serial`; nil for a number never handed out.
    func row(_ serial: Int) throws -> RowView? {
        // Searched from the innermost call, which is nearly always the one asked about.
        if let call = running.last(where: { $0.serial == serial }) { return call.row }
        guard serial >= 1, serial <= lastSerial else { return nil }
        throw LuaScriptError("a Row given to a where() predicate can only be read during that call; keep the values you need instead")
    }
}

/// What the rows of one state share: the methods, made once, and the making of each loop's or
/// predicate's metatable. Kept as the state's attachment, so a loop can reach it from its call.
///
/// A row is a handle (see `LuaStack.pushHandle`): its metatable holds the row's ``RowSource``
/// at index 1 (keeping it alive), and an `__index` and `__tostring` made for that source: Lua
/// calls them only for rows of that metatable, so they read the number straight from the row.
/// The methods (`row:get`, …) can be called with anything, so they find the source through
/// the metatable and check it.
final class RowFunctions {
    private let fieldNames: [String]
    private let fieldReads: [(RowView, LuaCall) throws -> Int32]
    private let methodNames: [String]
    private var methodFunctions: [LuaReference] = []

    private init() {
        let fields = RowClass.fields()
        fieldNames = fields.map(\.doc.name)
        fieldReads = fields.map(\.read)
        methodNames = RowClass.methods().map(\.doc.name)
    }

    /// Registers the source boxes and makes the state's instance: once per state, before any row.
    static func install(in state: LuaState) {
        // Scripts never see this class's name: its objects stay inside row metatables.
        state.register(LuaClass<RowSource>("PeerScript.RowSource"))
        let stack = state.stack
        let shared = state.attachment(RowFunctions.self) { RowFunctions() }
        // The methods hold no reference back to `shared`, which holds them.
        shared.methodFunctions = RowClass.methods().map { member in
            state.pushFunction(named: member.doc.name, isMethod: true) { call in
                try member.read(try Self.row(call, 1), call)
            }
            defer { stack.pop() }
            return LuaReference(keeping: -1, of: stack)
        }
    }

    /// The state's instance.
    static func shared(_ stack: LuaStack) -> RowFunctions {
        stack.state.attachment(RowFunctions.self) {
            preconditionFailure("the Row class was not registered with this Lua state")
        }
    }

    /// Makes the metatable for the rows of `source`.
    func metatable(for source: RowSource, on stack: LuaStack) throws -> LuaReference {
        stack.pushTable(array: 1, fields: 4)
        stack.push(object: source)
        stack.setIndex(1, inTableAt: -2)
        stack.pushFunction(named: "__index") { [self] call in
            let row = try ownRow(call, source)
            let key = try call.string(2)
            // Searched in order, lengths first: a few short names, while most keys are field
            // names such as "participant.role".
            let length = key.utf8.count
            if let field = fieldNames.firstIndex(where: { $0.utf8.count == length && $0 == key }) {
                return try fieldReads[field](row, call)
            }
            if let method = methodNames.firstIndex(where: { $0.utf8.count == length && $0 == key }) {
                methodFunctions[method].push(onto: call.stack)
                return 1
            }
            return push(try row.value(key), call)
        }
        stack.setField("__index", inTableAt: -2)
        stack.pushFunction(named: "__tostring") { call in
            // Printing never fails, so an expired row can still be shown in a message.
            let row = (try? call.stack.handle(at: 1).flatMap(source.row)) ?? nil
            return push(row.map(RowClass.description) ?? "Row(expired)", call)
        }
        stack.setField("__tostring", inTableAt: -2)
        stack.push(RowClass.name)
        stack.setField("__name", inTableAt: -2)
        stack.push(RowClass.name)
        stack.setField("__metatable", inTableAt: -2)
        defer { stack.pop() }
        return LuaReference(keeping: -1, of: stack)
    }

    /// Pushes the row numbered `number` of the source behind `metatable`.
    static func pushRow(_ number: Int, _ metatable: LuaReference, on stack: LuaStack) {
        stack.pushHandle(number, metatable: metatable)
    }

    /// Argument 1 of a metamethod of `source`'s metatable as a row. Lua passes only that
    /// metatable's rows; the checks keep a direct call with something else from reading astray.
    private func ownRow(_ call: LuaCall, _ source: RowSource) throws -> RowView {
        guard let number = call.stack.handle(at: 1), let row = try source.row(number) else {
            throw call.typeError(1, expected: RowClass.name)
        }
        return row
    }

    /// Argument `index` of a call as a row of any source: `Row expected` for anything else,
    /// and the source's error for a predicate's row read after its call.
    private static func row(_ call: LuaCall, _ index: Int32) throws -> RowView {
        guard let (source, number) = call.stack.handleOwner(at: index, as: RowSource.self),
              let row = try source.row(number) else {
            throw call.typeError(index, expected: RowClass.name)
        }
        return row
    }
}

/// A `where` predicate: calls the script's function with a row that can only be read during
/// that call. The call runs on the thread that asks for the query's result (the host call
/// running now), not the one that called `where`: that may be a coroutine that is suspended
/// or gone by the time the query runs, and a suspended thread must not run code.
private final class RowPredicate {
    private let function: LuaReference
    private weak var state: LuaState?
    private let calls = PredicateCalls()
    private let metatable: LuaReference

    /// Takes the function at argument `argument` of `call`.
    init(_ call: LuaCall, argument: Int32) throws {
        function = try call.function(argument)
        state = call.state
        metatable = try RowFunctions.shared(call.stack).metatable(for: RowSource(calls: calls), on: call.stack)
    }

    /// Whether the function returns a true value for `row`.
    func accepts(_ row: RowView) throws -> Bool {
        guard let state else { throw LuaScriptError("a where() predicate cannot run after its script has ended") }
        let stack = state.currentThread
        let number = calls.enter(row)
        defer { calls.leave() }
        let results = try function.call(on: stack, results: 1) { stack in
            RowFunctions.pushRow(number, metatable, on: stack)
            return 1
        }
        defer { stack.pop(results) }
        return stack.boolean(at: -1)
    }
}
