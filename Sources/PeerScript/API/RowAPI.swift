import CorpusQuery
import LuaBridge

/// The `Row` class: its documentation and the one mapping of Lua reads onto ``RowView``, shared
/// by the rows of `query:rows()` loops and those given to `query:where(function(row) … end)`.
///
/// A loop's row is a light userdata naming its loop's slot and its position (see
/// ``RowSlots``), so making one allocates nothing. A predicate's row, and a loop's once the
/// slots are used up, is a finalizer-free userdata holding only a number; the rows of one
/// loop (or of one predicate) share a metatable that holds their ``RowSource``, which turns
/// the number back into a row (see ``RowFunctions``).
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
/// A loop's row is a light handle when a slot is free (see ``RowSlots``). Otherwise, as a
/// predicate's row always is, it is a handle (see `LuaStack.pushHandle`): its metatable holds
/// the row's ``RowSource`` at index 1 (keeping it alive), and an `__index` and `__tostring`
/// made for that source: Lua
/// calls them only for rows of that metatable, so they read the number straight from the row.
/// The methods (`row:get`, …) can be called with anything, so they find the source through
/// the metatable and check it.
final class RowFunctions {
    private let fieldNames: [String]
    private let fieldReads: [(RowView, LuaCall) throws -> Int32]
    private let methodNames: [String]
    private var methodFunctions: [LuaReference] = []
    /// The sources of light rows (see ``RowSlots``).
    let slots = RowSlots()

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
        let slots = shared.slots
        shared.methodFunctions = RowClass.methods().map { member in
            state.pushFunction(named: member.doc.name, isMethod: true) { call in
                try member.read(try Self.row(call, 1, slots), call)
            }
            defer { stack.pop() }
            return LuaReference(keeping: -1, of: stack)
        }
        shared.installLightRows(on: stack)
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
            try index(try ownRow(call, source), call)
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

    /// `row[key]` with the key at argument 2: a field, a method or a corpus field's value.
    func index(_ row: RowView, _ call: LuaCall) throws -> Int32 {
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

    /// Argument 1 of a metamethod of `source`'s metatable as a row. Lua passes only that
    /// metatable's rows; the checks keep a direct call with something else from reading astray.
    private func ownRow(_ call: LuaCall, _ source: RowSource) throws -> RowView {
        guard let number = call.stack.handle(at: 1), let row = try source.row(number) else {
            throw call.typeError(1, expected: RowClass.name)
        }
        return row
    }

    /// Argument `index` of a call as a row of any source, light or not: `Row expected` for
    /// anything else, and the source's error for a predicate's row read after its call.
    private static func row(_ call: LuaCall, _ index: Int32, _ slots: RowSlots) throws -> RowView {
        if let handle = call.stack.lightHandle(at: index) {
            guard let row = slots.row(handle) else { throw call.typeError(index, expected: RowClass.name) }
            return row
        }
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
final class RowPredicate {
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
            stack.pushHandle(number, metatable: metatable)
            return 1
        }
        defer { stack.pop(results) }
        return stack.boolean(at: -1)
    }
}
