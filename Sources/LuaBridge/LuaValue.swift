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

extension LuaValue {
    /// About how many bytes Lua needs to hold the value, counted only until `limit` is passed
    /// (a pushed string is a copy, however many times Swift shares it).
    func estimatedLuaSize(upTo limit: Int) -> Int {
        switch self {
        case .string(let text): return 24 + text.utf8.count
        case .table(let entries):
            var total = 56
            for (key, value) in entries {
                total += 32 + key.estimatedLuaSize(upTo: limit) + value.estimatedLuaSize(upTo: limit)
                if total > limit { break }
            }
            return total
        default: return 16
        }
    }
}

/// Why a value could not be moved between Lua and Swift.
public enum LuaValueError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The Lua stack could not grow (the script recursed almost to Lua's limit).
    case stackOverflow
    /// A table nested deeper than ``LuaStack/maximumCopyDepth`` levels.
    case nestedTooDeeply
    /// A table that contains itself, directly or through others.
    case cycle
    /// A table key that has no Swift copy (a function, table, userdata or thread).
    case unsupportedKey(type: String)
    /// A Swift value that Lua cannot take as a table key (`nil`, NaN, a value with no Lua form).
    case unpushableKey(LuaValue)

    public var description: String {
        switch self {
        case .stackOverflow: "stack overflow"
        case .nestedTooDeeply: "tables nested more than \(LuaStack.maximumCopyDepth) levels deep are not accepted"
        case .cycle: "a table that contains itself is not accepted"
        case .unsupportedKey(let type): "table keys must be strings, numbers or booleans, not \(type) values"
        case .unpushableKey(let key): "\(key.typeName) value \(key) cannot be a Lua table key"
        }
    }
}

extension LuaStack {
    /// The deepest table nesting copied into Swift; deeper tables are refused.
    public static let maximumCopyDepth = 32

    /// Pushes a copy of `value`. Throws (having pushed nothing) when a key cannot be a Lua
    /// key or the stack cannot grow; values with no Lua form (`.opaque`) are pushed as `nil`.
    public func push(_ value: LuaValue) throws {
        if let left = state.remainingMemory, value.estimatedLuaSize(upTo: left) > left {
            throw state.memoryLimitError()
        }
        let base = top
        do {
            try pushCopy(value)
        } catch {
            setTop(base)
            throw error
        }
    }

    private func pushCopy(_ value: LuaValue) throws {
        switch value {
        case .nil, .opaque: pushNil()
        case .boolean(let flag): push(flag)
        case .integer(let number): push(number)
        case .number(let number): push(number)
        case .string(let text): push(text)
        case .table(let entries):
            // The table, a key and a value: three slots per level of nesting.
            try reserve(3)
            pushTable(fields: entries.count)
            for (key, item) in entries {
                guard Self.canBeKey(key) else { throw LuaValueError.unpushableKey(key) }
                try pushCopy(key)
                try pushCopy(item)
                lua_rawset(L, -3)
            }
        }
    }

    private static func canBeKey(_ key: LuaValue) -> Bool {
        switch key {
        case .nil, .opaque: false
        case .number(let number): !number.isNaN
        default: true
        }
    }

    /// Copies the value at `index` into Swift.
    ///
    /// Tables deeper than ``maximumCopyDepth``, tables that contain themselves and keys with
    /// no Swift copy are refused with a ``LuaValueError``. Functions, userdata and threads
    /// become `.opaque`. The copy counts against the state's memory limit: a copy that would
    /// take more than the memory left throws the memory-limit error (a string met several
    /// times in one copy is stored, and counted, once).
    public func value(at index: Int32) throws -> LuaValue {
        var copier = ValueCopier(stack: self, budget: state.remainingMemory)
        return try copier.copy(at: lua_absindex(L, index), depth: Self.maximumCopyDepth)
    }
}

/// One copy from Lua into Swift: the tables on the path being copied (to find cycles), the
/// strings already copied, and the bytes the copy may still take.
private struct ValueCopier {
    let stack: LuaStack
    var budget: Int?
    var visiting = Set<UnsafeRawPointer>()
    var strings: [UnsafeRawPointer: String] = [:]

    /// What a copied value costs beyond its string bytes, roughly: an enum payload and, in a
    /// table, its share of the dictionary's storage.
    static let valueCost = 64

    mutating func spend(_ bytes: Int) throws {
        guard let left = budget else { return }
        guard bytes <= left else { throw stack.state.memoryLimitError() }
        budget = left - bytes
    }

    mutating func copy(at index: Int32, depth: Int) throws -> LuaValue {
        let L = stack.L
        try spend(Self.valueCost)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int(ps_tointeger(L, index))) }
            return .number(ps_tonumber(L, index))
        case LUA_TSTRING: return .string(try string(at: index))
        case LUA_TTABLE: return try table(at: index, depth: depth)
        default: return .opaque(stack.typeName(at: index))
        }
    }

    /// A string, copied once per copy: Lua strings with equal contents may be distinct
    /// objects, but one object met again costs nothing more.
    mutating func string(at index: Int32) throws -> String {
        guard let identity = lua_topointer(stack.L, index) else { return stack.string(at: index) ?? "" }
        if let known = strings[identity] { return known }
        try spend(stack.stringLength(at: index))
        let text = stack.string(at: index) ?? ""
        strings[identity] = text
        return text
    }

    mutating func table(at index: Int32, depth: Int) throws -> LuaValue {
        let L = stack.L
        guard depth > 0 else { throw LuaValueError.nestedTooDeeply }
        guard let identity = lua_topointer(L, index), visiting.insert(identity).inserted else {
            throw LuaValueError.cycle
        }
        defer { visiting.remove(identity) }
        // The key and value lua_next pushes for this level.
        try stack.reserve(2)
        var entries: [LuaValue: LuaValue] = [:]
        let base = stack.top
        lua_pushnil(L)
        do {
            while lua_next(L, index) != 0 {
                let top = lua_gettop(L)
                let keyType = stack.type(at: top - 1)
                guard keyType == .string || keyType == .number || keyType == .boolean else {
                    throw LuaValueError.unsupportedKey(type: stack.typeName(at: top - 1))
                }
                let key = try copy(at: top - 1, depth: depth - 1)
                entries[key] = try copy(at: top, depth: depth - 1)
                ps_pop(L, 1)
            }
        } catch {
            stack.setTop(base)
            throw error
        }
        return .table(entries)
    }
}
