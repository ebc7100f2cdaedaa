import CLua
import CLuaRuntime
import Foundation

/// The type of a Lua value, as `lua_type` reports it.
public enum LuaType: Int32, Sendable {
    /// An index with no value (past the top of the stack).
    case none = -1
    case `nil` = 0
    case boolean = 1
    case lightUserdata = 2
    case number = 3
    case string = 4
    case table = 5
    case function = 6
    case userdata = 7
    case thread = 8
}

/// A view of one Lua thread's stack, with the non-raising operations Swift code may use.
///
/// Every operation here is safe to call from Swift: none of them can raise a Lua error, so none
/// can `longjmp` across Swift frames. Allocations cannot fail while Swift code runs (the
/// runtime's allocator defers the memory limit until control is back in C), table access is
/// raw, and every push first makes sure the stack has room.
///
/// Stack space: a host function starts with ``LuaStack/slotsPerCall`` free slots. Code that
/// pushes more than that before popping (a loop of pushes, a recursive copy) reserves them
/// with ``reserve(_:)``, which throws rather than overflow.
public struct LuaStack {
    /// The Lua thread whose stack this is.
    public let L: OpaquePointer

    /// Free slots every host function may use without reserving them.
    public static let slotsPerCall: Int32 = 40

    /// Wraps a thread's stack.
    public init(_ L: OpaquePointer) { self.L = L }

    /// The state that owns this thread.
    public var state: LuaState { LuaState.owner(of: L) }

    /// The number of values on the stack.
    public var top: Int32 { lua_gettop(L) }

    /// Makes sure `slots` more values can be pushed; throws when the stack cannot grow (a
    /// script that recursed almost to Lua's limit before calling the host).
    public func reserve(_ slots: Int32) throws {
        guard lua_checkstack(L, slots) != 0 else { throw LuaValueError.stackOverflow }
    }

    /// Room for `slots` more values. Callers stay within their reserved slots, so this only
    /// grows the stack; failing here means a push was not reserved for, which must stop the
    /// process rather than corrupt memory.
    func room(_ slots: Int32 = 1) {
        guard lua_checkstack(L, slots) != 0 else {
            preconditionFailure("Lua stack overflow: a push was made without reserving a slot")
        }
    }

    /// Pops `count` values.
    public func pop(_ count: Int32 = 1) { ps_pop(L, count) }

    /// Sets the top to `index` (an absolute index), dropping or adding `nil`s.
    public func setTop(_ index: Int32) { lua_settop(L, index) }

    /// Pushes a copy of the value at `index`.
    public func pushValue(at index: Int32) {
        room()
        lua_pushvalue(L, index)
    }

    /// Moves the top value to `index`, shifting the values above it up.
    public func insert(at index: Int32) { ps_insert(L, index) }

    /// Removes the value at `index`, shifting the values above it down.
    public func remove(at index: Int32) { ps_remove(L, index) }

    /// Pushes `nil`.
    public func pushNil() {
        room()
        lua_pushnil(L)
    }

    /// Pushes a boolean.
    public func push(_ flag: Bool) {
        room()
        lua_pushboolean(L, flag ? 1 : 0)
    }

    /// Pushes an integer.
    public func push(_ number: Int) {
        room()
        lua_pushinteger(L, lua_Integer(number))
    }

    /// Pushes a float.
    public func push(_ number: Double) {
        room()
        lua_pushnumber(L, number)
    }

    /// Pushes a string as its UTF-8 bytes.
    public func push(_ text: String) {
        room()
        var text = text
        text.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                lua_pushlstring(L, chars.baseAddress, chars.count)
            }
        }
    }

    /// Pushes a string, or `nil` when there is none.
    public func push(_ text: String?) {
        if let text { push(text) } else { pushNil() }
    }

    /// Pushes an array as a sequence table.
    public func push(_ strings: [String]) {
        pushTable(array: strings.count)
        for (offset, text) in strings.enumerated() {
            push(text)
            setIndex(offset + 1, inTableAt: -2)
        }
    }

    /// Pushes a new empty table sized for `array` sequence items and `fields` named fields.
    public func pushTable(array: Int = 0, fields: Int = 0) {
        room()
        lua_createtable(L, Int32(clamping: array), Int32(clamping: fields))
    }

    /// Sets `table[key] = value` for the table at `table` with the value on top (popped), raw.
    public func setField(_ key: String, inTableAt table: Int32) {
        let table = lua_absindex(L, table)
        push(key)
        lua_rotate(L, -2, 1)
        lua_rawset(L, table)
    }

    /// Sets `table[index] = value` for the table at `table` with the value on top (popped), raw.
    public func setIndex(_ index: Int, inTableAt table: Int32) {
        let table = lua_absindex(L, table)
        lua_rawseti(L, table, lua_Integer(index))
    }

    /// Pushes the raw value of `table[key]` and returns its type.
    @discardableResult
    public func getField(_ key: String, inTableAt table: Int32) -> LuaType {
        let table = lua_absindex(L, table)
        push(key)
        return LuaType(rawValue: lua_rawget(L, table)) ?? .none
    }

    /// Pushes the raw value of `table[index]` and returns its type.
    @discardableResult
    public func getIndex(_ index: Int, inTableAt table: Int32) -> LuaType {
        room()
        return LuaType(rawValue: lua_rawgeti(L, table, lua_Integer(index))) ?? .none
    }

    /// Pushes the registry's raw value at `key` and returns its type.
    @discardableResult
    public func getRegistryField(_ key: String) -> LuaType {
        getField(key, inTableAt: PS_LUA_REGISTRYINDEX)
    }

    /// Pushes the metatable of the value at `index` and returns true; pushes nothing and
    /// returns false when it has none.
    public func pushMetatable(of index: Int32) -> Bool {
        room()
        return lua_getmetatable(L, index) != 0
    }

    /// Sets the metatable of the value at `index` to the table on top (popped), bypassing
    /// `__metatable` as only the host may.
    public func setMetatable(ofValueAt index: Int32) {
        lua_setmetatable(L, index)
    }

    /// Sets the first upvalue (the `_ENV` of a chunk) of the function at `function` to the
    /// value on top (popped).
    public func setEnvironment(ofFunctionAt function: Int32) {
        _ = lua_setupvalue(L, function, 1)
    }

    /// The type of the value at `index`.
    public func type(at index: Int32) -> LuaType { LuaType(rawValue: lua_type(L, index)) ?? .none }

    /// The Lua type name of the value at `index` (`"no value"` when out of range).
    public func typeName(at index: Int32) -> String { String(cString: ps_typename(L, index)) }

    /// The string at `index`; numbers are converted as Lua converts them (`tostring(1.5)`),
    /// without changing the number; nil for other types. Invalid UTF-8 is repaired with U+FFFD.
    public func string(at index: Int32) -> String? {
        switch lua_type(L, index) {
        case LUA_TSTRING:
            var length = 0
            guard let chars = lua_tolstring(L, index, &length) else { return nil }
            return chars.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
        case LUA_TNUMBER:
            // Formatted here rather than by lua_tolstring, which would allocate a Lua string
            // (and could then fail outside any protected call).
            if lua_isinteger(L, index) != 0 { return String(ps_tointeger(L, index)) }
            return Self.luaFormat(ps_tonumber(L, index))
        default:
            return nil
        }
    }

    /// A float as Lua 5.4 writes it: `%.14g`, with `.0` added when that looks like an integer.
    static func luaFormat(_ number: Double) -> String {
        let text = String(format: "%.14g", number)
        let looksIntegral = text.allSatisfy { $0 == "-" || $0.isASCII && $0.isNumber }
        return looksIntegral ? text + ".0" : text
    }

    /// The byte length of the string at `index` (0 for other types; numbers are not converted).
    public func stringLength(at index: Int32) -> Int {
        lua_type(L, index) == LUA_TSTRING ? Int(lua_rawlen(L, index)) : 0
    }

    /// The value at `index` as Lua truth: false only for `nil`, `false` and no value.
    public func boolean(at index: Int32) -> Bool { lua_toboolean(L, index) != 0 }

    /// Whether the value at `index` is `nil` or absent.
    public func isNoneOrNil(_ index: Int32) -> Bool { ps_isnoneornil(L, index) != 0 }

    /// The source positions of the Lua functions on the call stack, innermost first: each
    /// frame's chunk name (`@file.lua`, `=name`) and current line. C functions are skipped.
    public func sourcePositions() -> [(chunk: String, line: Int)] {
        var positions: [(chunk: String, line: Int)] = []
        var record = lua_Debug()
        var level: Int32 = 1
        while lua_getstack(L, level, &record) != 0 {
            level += 1
            guard lua_getinfo(L, "Sl", &record) != 0, record.currentline > 0,
                  let source = record.source else { continue }
            positions.append((String(cString: source), Int(record.currentline)))
        }
        return positions
    }
}
