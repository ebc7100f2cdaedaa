import LuaBridge

/// A documented global table of functions and fields, installed read-only.
final class APIModule {
    let name: String
    let summary: String
    private(set) var members: [APIDoc] = []
    private var entries: [(name: String, push: (LuaState) -> Void)] = []

    init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }

    /// Adds a function called as `name.member(…)`.
    func function(_ doc: APIDoc, _ body: @escaping LuaFunctionBody) {
        members.append(doc)
        let qualified = "\(name).\(doc.name)"
        entries.append((doc.name, { state in state.pushFunction(named: qualified, body) }))
    }

    /// Adds a field whose value `push` pushes once, when the module is installed.
    func field(_ doc: APIDoc, _ push: @escaping (LuaStack) -> Void) {
        members.append(doc)
        entries.append((doc.name, { state in push(state.stack) }))
    }

    var doc: APIGroupDoc { APIGroupDoc(name: name, kind: .module, summary: summary, members: members) }

    /// Builds the table and makes it a read-only global of every script.
    func install(in state: LuaState, environment: ScriptEnvironment) throws {
        let stack = state.stack
        stack.pushTable(fields: entries.count)
        for entry in entries {
            entry.push(state)
            stack.setField(entry.name, inTableAt: -2)
        }
        try environment.addGlobal(name)
    }
}

/// A documented class of Swift objects seen from Lua.
protocol APIClassRegistration {
    /// The class's documentation.
    var doc: APIGroupDoc { get }
    /// Registers the class's metatable with `state`.
    func register(in state: LuaState)
}

/// A documented ``LuaClass``: each method and field carries its ``APIDoc``.
final class APIClass<Object: AnyObject>: APIClassRegistration {
    let luaClass: LuaClass<Object>
    let summary: String
    private(set) var members: [APIDoc] = []

    init(_ name: String, _ summary: String) {
        luaClass = LuaClass<Object>(name)
        self.summary = summary
    }

    /// Adds a method called as `object:member(…)`.
    @discardableResult
    func method(_ doc: APIDoc, _ body: @escaping (Object, LuaCall) throws -> Int32) -> Self {
        var doc = doc
        doc.kind = .method
        members.append(doc)
        luaClass.method(doc.name, body)
        return self
    }

    /// Adds a read-only field read as `object.member`.
    @discardableResult
    func field(_ doc: APIDoc, _ body: @escaping (Object, LuaCall) throws -> Int32) -> Self {
        members.append(doc)
        luaClass.property(doc.name, body)
        return self
    }

    var doc: APIGroupDoc { APIGroupDoc(name: luaClass.name, kind: .class, summary: summary, members: members) }

    func register(in state: LuaState) { state.register(luaClass) }
}

extension APIClass {
    /// Sets `__tostring`.
    func withString(_ body: @escaping (Object) -> String) -> Self {
        luaClass.toString(body)
        return self
    }

    /// Sets `__eq`, so two userdata for the same thing compare equal.
    func withEquality(_ equal: @escaping (Object, Object) -> Bool) -> Self {
        luaClass.metamethod("__eq") { left, call in
            let right = call.optionalObject(2, as: Object.self)
            call.stack.push(right.map { equal(left, $0) } ?? false)
            return 1
        }
        return self
    }
}
