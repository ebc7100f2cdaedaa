import CLua
import CLuaRuntime

/// A view of one Lua thread's stack, with the non-raising operations Swift code may use.
///
/// Every operation here is safe to call from Swift: none of them can raise a Lua error, so none
/// can `longjmp` across Swift frames. (Allocations cannot fail while Swift code runs: the
/// runtime's allocator defers the memory limit until control is back in C.)
public struct LuaStack {
    /// The Lua thread whose stack this is.
    public let L: OpaquePointer

    /// Wraps a thread's stack.
    public init(_ L: OpaquePointer) { self.L = L }

    /// The state that owns this thread.
    public var state: LuaState { LuaState.owner(of: L) }

    /// The number of values on the stack.
    public var top: Int32 { lua_gettop(L) }

    /// Pops `count` values.
    public func pop(_ count: Int32 = 1) { ps_pop(L, count) }

    /// Pushes `nil`.
    public func pushNil() { lua_pushnil(L) }

    /// Pushes a boolean.
    public func push(_ flag: Bool) { lua_pushboolean(L, flag ? 1 : 0) }

    /// Pushes an integer.
    public func push(_ number: Int) { lua_pushinteger(L, lua_Integer(number)) }

    /// Pushes a float.
    public func push(_ number: Double) { lua_pushnumber(L, number) }

    /// Pushes a string as its UTF-8 bytes.
    public func push(_ text: String) {
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
        lua_createtable(L, Int32(strings.count), 0)
        for (offset, text) in strings.enumerated() {
            push(text)
            setIndex(offset + 1, inTableAt: -2)
        }
    }

    /// Pushes a new empty table sized for `array` sequence items and `fields` named fields.
    public func pushTable(array: Int = 0, fields: Int = 0) {
        lua_createtable(L, Int32(array), Int32(fields))
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

    /// Pushes the raw value of `table[key]`.
    @discardableResult
    public func getField(_ key: String, inTableAt table: Int32) -> Int32 {
        let table = lua_absindex(L, table)
        push(key)
        return lua_rawget(L, table)
    }

    /// The Lua type name of the value at `index` (`"no value"` when out of range).
    public func typeName(at index: Int32) -> String { String(cString: ps_typename(L, index)) }

    /// The string at `index`; numbers are converted as Lua converts them; nil for other types.
    /// Invalid UTF-8 is repaired with U+FFFD.
    public func string(at index: Int32) -> String? {
        let type = lua_type(L, index)
        guard type == LUA_TSTRING || type == LUA_TNUMBER else { return nil }
        if type == LUA_TNUMBER {
            // Convert a copy, so the original number stays a number (and `lua_next` stays valid).
            lua_pushvalue(L, index)
            defer { pop() }
            return string(at: -1)
        }
        var length = 0
        guard let chars = lua_tolstring(L, index, &length) else { return nil }
        return chars.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The value at `index` as Lua truth: false only for `nil`, `false` and no value.
    public func boolean(at index: Int32) -> Bool { lua_toboolean(L, index) != 0 }

    /// Whether the value at `index` is `nil` or absent.
    public func isNoneOrNil(_ index: Int32) -> Bool { ps_isnoneornil(L, index) != 0 }
}
