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
        metamethods.append(("__tostring", { object, call in
            call.stack.push(body(object))
            return 1
        }))
        return self
    }

    /// Sets `__len`.
    @discardableResult
    public func length(_ body: @escaping (Object) -> Int) -> Self {
        metamethods.append(("__len", { object, call in
            call.stack.push(body(object))
            return 1
        }))
        return self
    }

    /// Sets `__pairs`: `pairs(object)` walks the key/value pairs that `body` gives.
    @discardableResult
    public func pairs(_ body: @escaping (Object) -> [(LuaValue, LuaValue)]) -> Self {
        metamethods.append(("__pairs", { object, call in
            let stack = call.stack
            lua_getglobal(stack.L, "next")
            stack.pushTable(fields: 0)
            for (key, value) in body(object) where key != .nil {
                stack.push(key)
                stack.push(value)
                lua_rawset(stack.L, -3)
            }
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

extension LuaState {
    /// Creates the metatable for `luaClass`. Register each class once per state, before pushing
    /// its objects; registering a second class with the same name replaces nothing and is refused.
    public func register<Object: AnyObject>(_ luaClass: LuaClass<Object>) {
        let key = ObjectIdentifier(Object.self)
        precondition(classNames[key] == nil, "class \(Object.self) is already registered")
        classNames[key] = luaClass.name
        withHostAllocation { buildMetatable(for: luaClass) }
    }

    /// Whether objects of `type` can be pushed.
    public func isRegistered<Object: AnyObject>(_ type: Object.Type) -> Bool {
        classNames[ObjectIdentifier(type)] != nil
    }

    private func buildMetatable<Object: AnyObject>(for luaClass: LuaClass<Object>) {
        let stack = self.stack
        let name = luaClass.name
        guard luaL_newmetatable(L, name) != 0 else {
            preconditionFailure("a Lua metatable named \(name) already exists")
        }
        let metatable = stack.top
        // The methods table, kept as an upvalue of __index so lookups need no Swift for methods.
        stack.pushTable(fields: luaClass.methods.count)
        for (methodName, body) in luaClass.methods {
            pushFunction(named: methodName, isMethod: true) { call in
                try body(try call.object(1, as: Object.self, className: name), call)
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
                let object = try call.object(1, as: Object.self, className: name)
                if lua_type(call.L, 2) == LUA_TSTRING, let key = call.stack.string(at: 2) {
                    if let getter = properties[key] { return try getter(object, call) }
                    if call.stack.getField(key, inTableAt: ps_upvalueindex(2)) != LUA_TNIL { return 1 }
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
                try body(try call.object(1, as: Object.self, className: name), call)
            }
            stack.setField(metaName, inTableAt: metatable)
        }
        if let onClose = luaClass.onClose {
            pushFunction(named: "__close", isMethod: false) { call in
                if let object = call.objectIfPresent(1, as: Object.self, className: name) { onClose(object) }
                return 0
            }
            stack.setField("__close", inTableAt: metatable)
        }
        pushFunction(named: "__gc", isMethod: false) { call in
            releaseUserdata(call.L, at: 1, className: name)
            return 0
        }
        stack.setField("__gc", inTableAt: metatable)
        // Scripts may ask for the metatable but never receive (or replace) the real one.
        stack.push(name)
        stack.setField("__metatable", inTableAt: metatable)
        stack.pop()
    }
}

extension LuaStack {
    /// Pushes `object` as userdata of its registered class.
    public func push<Object: AnyObject>(object: Object) {
        guard let name = state.classNames[ObjectIdentifier(Object.self)] else {
            preconditionFailure("class \(Object.self) was not registered with the Lua state")
        }
        let slot = lua_newuserdatauv(L, MemoryLayout<UnsafeMutableRawPointer?>.size, 0)!
        slot.storeBytes(of: Unmanaged.passRetained(object).toOpaque(), as: UnsafeMutableRawPointer?.self)
        luaL_setmetatable(L, name)
    }

    /// The object at `index` if it is userdata of the class registered as `className`.
    func object<Object: AnyObject>(at index: Int32, as type: Object.Type, className: String) -> Object? {
        guard let slot = luaL_testudata(L, index, className),
              let raw = slot.load(as: UnsafeMutableRawPointer?.self) else { return nil }
        return Unmanaged<Object>.fromOpaque(raw).takeUnretainedValue()
    }
}

extension LuaCall {
    /// Argument `index` as an object of a registered class.
    public func object<Object: AnyObject>(_ index: Int32, as type: Object.Type) throws -> Object {
        guard let name = state.classNames[ObjectIdentifier(type)] else {
            preconditionFailure("class \(type) was not registered with the Lua state")
        }
        return try object(index, as: type, className: name)
    }

    /// Argument `index` as an object of a registered class, or nil when it is something else.
    public func optionalObject<Object: AnyObject>(_ index: Int32, as type: Object.Type) -> Object? {
        guard let name = state.classNames[ObjectIdentifier(type)] else { return nil }
        return objectIfPresent(index, as: type, className: name)
    }

    func object<Object: AnyObject>(_ index: Int32, as type: Object.Type, className: String) throws -> Object {
        guard let object = objectIfPresent(index, as: type, className: className) else {
            throw typeError(index, expected: className)
        }
        return object
    }

    func objectIfPresent<Object: AnyObject>(_ index: Int32, as type: Object.Type, className: String) -> Object? {
        stack.object(at: index, as: type, className: className)
    }
}

/// Releases the Swift object behind a userdata once; a collected or closed slot holds nil.
private func releaseUserdata(_ L: OpaquePointer, at index: Int32, className: String) {
    guard let slot = luaL_testudata(L, index, className),
          let raw = slot.load(as: UnsafeMutableRawPointer?.self) else { return }
    slot.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
    Unmanaged<AnyObject>.fromOpaque(raw).release()
}
