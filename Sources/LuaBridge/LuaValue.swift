import CLua

/// A Lua value copied into Swift.
///
/// Tables are copied deeply (cycles and depth are bounded when reading); functions, userdata
/// and threads cannot be copied and are described by their type name only. To keep a live
/// reference to any Lua value, use ``LuaReference``.
public enum LuaValue: Hashable, Sendable {
    /// `nil`.
    case `nil`
    /// `true` or `false`.
    case boolean(Bool)
    /// A Lua integer.
    case integer(Int)
    /// A Lua float.
    case number(Double)
    /// A Lua string. Lua strings are bytes; invalid UTF-8 is repaired when read as text.
    case string(String)
    /// A table, as key/value pairs.
    case table([LuaValue: LuaValue])
    /// A value that has no Swift copy (function, userdata, thread), named by its Lua type.
    case opaque(String)

    /// The Lua type name of the value (`"nil"`, `"boolean"`, `"number"`, `"string"`, `"table"`, …).
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .opaque(let name): name
        }
    }

    /// The sequence part of a table (`t[1]` … `t[n]` up to the first hole), or nil if not a table.
    public var arrayValues: [LuaValue]? {
        guard case .table(let entries) = self else { return nil }
        var values: [LuaValue] = []
        var index = 1
        while let value = entries[.integer(index)] {
            values.append(value)
            index += 1
        }
        return values
    }

    /// The string value, or nil for other types.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value as a Swift `Int` when it is an integer, or a float with an integral value.
    public var intValue: Int? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int(exactly: value)
        default: nil
        }
    }

    /// The value as a `Double` when it is a number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(nilLiteral: ()) { self = .nil }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        self = .table(Dictionary(elements.map { (.string($0.0), $0.1) }, uniquingKeysWith: { $1 }))
    }

    /// A table holding `values` at keys 1…n.
    public static func array(_ values: [LuaValue]) -> LuaValue {
        .table(Dictionary(uniqueKeysWithValues: values.enumerated().map { (.integer($0.offset + 1), $0.element) }))
    }
}

// MARK: - Moving values across the stack

extension LuaStack {
    /// Pushes a copy of `value`.
    public func push(_ value: LuaValue) {
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let flag): lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let number): lua_pushinteger(L, lua_Integer(number))
        case .number(let number): lua_pushnumber(L, number)
        case .string(let text): push(text)
        case .table(let entries):
            lua_createtable(L, 0, Int32(entries.count))
            for (key, item) in entries where key != .nil {
                push(key)
                push(item)
                lua_rawset(L, -3)
            }
        case .opaque: lua_pushnil(L)
        }
    }

    /// Copies the value at `index` into Swift. Tables nested deeper than `depth` and tables met
    /// again while copying (cycles) become `.opaque("table")`.
    public func value(at index: Int32, depth: Int = 32) -> LuaValue {
        var visiting = Set<UnsafeRawPointer>()
        return copy(at: lua_absindex(L, index), depth: depth, visiting: &visiting)
    }

    private func copy(at index: Int32, depth: Int, visiting: inout Set<UnsafeRawPointer>) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int(ps_tointeger(L, index))) }
            return .number(ps_tonumber(L, index))
        case LUA_TSTRING: return .string(string(at: index) ?? "")
        case LUA_TTABLE:
            guard depth > 0, let identity = lua_topointer(L, index),
                  visiting.insert(identity).inserted else { return .opaque("table") }
            defer { visiting.remove(identity) }
            var entries: [LuaValue: LuaValue] = [:]
            lua_pushnil(L)
            while lua_next(L, index) != 0 {
                let top = lua_gettop(L)
                let key = copy(at: top - 1, depth: depth - 1, visiting: &visiting)
                entries[key] = copy(at: top, depth: depth - 1, visiting: &visiting)
                ps_pop(L, 1)
            }
            return .table(entries)
        default:
            return .opaque(String(cString: ps_typename(L, index)))
        }
    }
}
