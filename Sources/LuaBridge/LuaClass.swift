import CLua
import CLuaRuntime

/// How Swift objects of one class appear in Lua: as userdata sharing one metatable, with
/// methods (called with `:`), read-only properties (read with `.`), and optional metamethods.
///
/// Describe the class once, register it with ``LuaState/register(_:)``, then push objects with
/// ``LuaStack/push(object:)``. Lua holds a strong reference to each pushed object and releases
/// it when the userdata is collected (or the state closes).
public final class LuaClass<Object: AnyObject> {
    /// The type name Lua shows (`__name`), e.g. in `bad argument` messages and `tostring`.
    public let name: String
    var methods: [(String, (Object, LuaCall) throws -> Int32)] = []
    var properties: [String: (Object, LuaCall) throws -> Int32] = [:]
    var fallbackIndex: ((Object, LuaCall) throws -> Int32)?
    var metamethods: [(String, (Object, LuaCall) throws -> Int32)] = []
    var onClose: ((Object) -> Void)?

    /// Describes a class that Lua will know as `name`.
    public init(_ name: String) { self.name = name }

    /// Adds a method, called from Lua as `object:name(…)`; argument 1 is the object itself.
    @discardableResult
    public func method(_ name: String, _ body: @escaping (Object, LuaCall) throws -> Int32) -> Self {
        methods.append((name, body))
        return self
    }

    /// Adds a read-only property, read from Lua as `object.name`; the body pushes one value.
    @discardableResult
    public func property(_ name: String, _ body: @escaping (Object, LuaCall) throws -> Int32) -> Self {
        properties[name] = body
        return self
    }

    /// Handles `object[key]` for keys that are neither methods nor properties (argument 2 is the key).
    @discardableResult
    public func index(_ body: @escaping (Object, LuaCall) throws -> Int32) -> Self {
        fallbackIndex = body
        return self
    }

    /// Sets `__tostring`.
    @discardableResult
    public func toString(_ body: @escaping (Object) -> String) -> Self {
        metamethod("__tostring", returningOne: { object, stack in stack.push(body(object)) })
    }

    /// Sets `__len`.
    @discardableResult
    public func length(_ body: @escaping (Object) -> Int) -> Self {
        metamethod("__len", returningOne: { object, stack in stack.push(body(object)) })
    }

    /// A metamethod whose result is the one value `push` pushes.
    private func metamethod(_ name: String, returningOne push: @escaping (Object, LuaStack) -> Void) -> Self {
        metamethod(name) { object, call in
            push(object, call.stack)
            return 1
        }
    }

    /// Sets `__pairs`: `pairs(object)` walks the key/value pairs that `body` gives.
    @discardableResult
    public func pairs(_ body: @escaping (Object) -> [(LuaValue, LuaValue)]) -> Self {
        metamethods.append(("__pairs", { object, call in
            let stack = call.stack
            lua_pushcclosure(stack.L, ps_next, 0)
            try stack.push(.table(Dictionary(body(object), uniquingKeysWith: { first, _ in first })))
            stack.pushNil()
            return 3
        }))
        return self
    }

    /// Sets `__close`, run when a `local x <close>` holding the object goes out of scope.
    @discardableResult
    public func close(_ body: @escaping (Object) -> Void) -> Self {
        onClose = body
        return self
    }

    /// Sets any other metamethod (`__eq`, `__lt`, `__concat`, `__call`, …).
    @discardableResult
    public func metamethod(_ name: String, _ body: @escaping (Object, LuaCall) throws -> Int32) -> Self {
        metamethods.append((name, body))
        return self
    }
}

/// A class registered with a state: its Lua name and its metatable, held in the registry.
struct RegisteredClass {
    let name: String
    /// The registry reference holding the metatable.
    let reference: Int32
    /// The metatable's address, which identifies the class's userdata without a lookup.
    let metatable: UnsafeRawPointer
}

extension LuaState {
    /// Creates the metatable for `luaClass`. Register each class once per state, before pushing
    /// its objects; registering the same Swift class twice is refused.
    public func register<Object: AnyObject>(_ luaClass: LuaClass<Object>) {
        let key = ObjectIdentifier(Object.self)
        precondition(classes[key] == nil, "class \(Object.self) is already registered")
        classes[key] = withHostAllocation { buildMetatable(for: luaClass) }
    }

    /// Whether objects of `type` can be pushed.
    public func isRegistered<Object: AnyObject>(_ type: Object.Type) -> Bool {
        classes[ObjectIdentifier(type)] != nil
    }

    func registeredClass<Object: AnyObject>(_ type: Object.Type) -> RegisteredClass {
        guard let registered = classes[ObjectIdentifier(type)] else {
            preconditionFailure("class \(type) was not registered with the Lua state")
        }
        return registered
    }

    private func buildMetatable<Object: AnyObject>(for luaClass: LuaClass<Object>) -> RegisteredClass {
        let stack = self.stack
        let name = luaClass.name
        stack.pushTable(fields: luaClass.metamethods.count + 5)
        let metatable = stack.top
        stack.push(name)
        stack.setField("__name", inTableAt: metatable)
        // The methods table, kept as an upvalue of __index so lookups need no Swift for methods.
        stack.pushTable(fields: luaClass.methods.count)
        for (methodName, body) in luaClass.methods {
            pushFunction(named: methodName, isMethod: true) { call in
                try body(try call.object(1, as: Object.self), call)
            }
            stack.setField(methodName, inTableAt: -2)
        }
        if luaClass.properties.isEmpty && luaClass.fallbackIndex == nil {
            stack.setField("__index", inTableAt: metatable)
        } else {
            let properties = luaClass.properties
            let fallback = luaClass.fallbackIndex
            // The methods table (on top) becomes the __index function's second upvalue.
            pushFunction(on: L, named: "__index", isMethod: false, extraUpvalues: 1) { call in
                let object = try call.object(1, as: Object.self)
                if call.stack.type(at: 2) == .string, let key = call.stack.string(at: 2) {
                    if let getter = properties[key] { return try getter(object, call) }
                    if call.stack.getField(key, inTableAt: ps_upvalueindex(2)) != .nil { return 1 }
                    call.stack.pop()
                }
                if let fallback { return try fallback(object, call) }
                call.stack.pushNil()
                return 1
            }
            stack.setField("__index", inTableAt: metatable)
        }
        for (metaName, body) in luaClass.metamethods {
            pushFunction(named: metaName, isMethod: false) { call in
                try body(try call.object(1, as: Object.self), call)
            }
            stack.setField(metaName, inTableAt: metatable)
        }
        if let onClose = luaClass.onClose {
            pushFunction(named: "__close", isMethod: false) { call in
                if let object = call.optionalObject(1, as: Object.self) { onClose(object) }
                return 0
            }
            stack.setField("__close", inTableAt: metatable)
        }
        pushFunction(named: "__gc", isMethod: false) { call in
            releaseUserdata(call.stack, at: 1, as: Object.self)
            return 0
        }
        stack.setField("__gc", inTableAt: metatable)
        // Scripts may ask for the metatable but never receive (or replace) the real one.
        stack.push(name)
        stack.setField("__metatable", inTableAt: metatable)
        let address = lua_topointer(L, metatable)!
        let reference = luaL_ref(L, PS_LUA_REGISTRYINDEX)
        return RegisteredClass(name: name, reference: reference, metatable: address)
    }
}

extension LuaStack {
    /// Pushes `object` as userdata of its registered class.
    public func push<Object: AnyObject>(object: Object) {
        let registered = state.registeredClass(Object.self)
        room(2)   // the userdata and, briefly, its metatable
        let slot = lua_newuserdatauv(L, MemoryLayout<UnsafeMutableRawPointer?>.size, 0)!
        slot.storeBytes(of: Unmanaged.passRetained(object).toOpaque(), as: UnsafeMutableRawPointer?.self)
        lua_rawgeti(L, PS_LUA_REGISTRYINDEX, lua_Integer(registered.reference))
        lua_setmetatable(L, -2)
    }

    /// The userdata slot at `index` if it is userdata whose metatable is `metatable`.
    func slot(at index: Int32, metatable: UnsafeRawPointer) -> UnsafeMutableRawPointer? {
        guard lua_type(L, index) == LUA_TUSERDATA, pushMetatable(of: index) else { return nil }
        let matches = lua_topointer(L, -1) == metatable
        pop()
        return matches ? lua_touserdata(L, index) : nil
    }

    /// The object at `index` if it is userdata of the registered class `type`.
    public func object<Object: AnyObject>(at index: Int32, as type: Object.Type) -> Object? {
        guard let registered = state.classes[ObjectIdentifier(type)],
              let slot = slot(at: index, metatable: registered.metatable),
              let raw = slot.load(as: UnsafeMutableRawPointer?.self) else { return nil }
        return Unmanaged<Object>.fromOpaque(raw).takeUnretainedValue()
    }
}

extension LuaCall {
    /// Argument `index` as an object of a registered class.
    public func object<Object: AnyObject>(_ index: Int32, as type: Object.Type) throws -> Object {
        guard let object = optionalObject(index, as: type) else {
            throw typeError(index, expected: state.registeredClass(type).name)
        }
        return object
    }

    /// Argument `index` as an object of a registered class, or nil when it is something else.
    public func optionalObject<Object: AnyObject>(_ index: Int32, as type: Object.Type) -> Object? {
        stack.object(at: index, as: type)
    }
}

/// Releases the Swift object behind a userdata once; a collected or closed slot holds nil.
private func releaseUserdata<Object: AnyObject>(_ stack: LuaStack, at index: Int32, as type: Object.Type) {
    let registered = stack.state.registeredClass(type)
    guard let slot = stack.slot(at: index, metatable: registered.metatable),
          let raw = slot.load(as: UnsafeMutableRawPointer?.self) else { return }
    slot.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
    Unmanaged<AnyObject>.fromOpaque(raw).release()
}
