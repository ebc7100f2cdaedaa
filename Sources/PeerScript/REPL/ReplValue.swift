import LuaBridge

/// A Lua value as the REPL prints it, described by the Lua side (`inspect`) down to a depth
/// limit, with each table that contains itself marked once instead of followed.
public indirect enum ReplValue: Sendable, Equatable {
    /// `nil`, a boolean or a number, written as Lua writes it (`1`, `1.0`, `1e+100`, `true`).
    case scalar(String)
    /// A string.
    case string(String)
    /// What `tostring` gives for anything shown through it: objects with `__tostring` (such as
    /// result tables), functions, userdata and threads.
    case text(String)
    /// A table: its entries in printing order (the sequence first), and how many were left out.
    case table(id: Int, entries: [Entry], omitted: Int)
    /// A table nested deeper than the depth limit.
    case tooDeep
    /// A table met again inside itself: the `id` of that enclosing table.
    case cycle(Int)

    /// One table entry; sequence items have no key.
    public struct Entry: Sendable, Equatable {
        /// The key, or nil for the items `t[1]` … `t[n]`.
        public var key: ReplValue?
        /// The value.
        public var value: ReplValue

        /// Makes an entry.
        public init(key: ReplValue?, value: ReplValue) {
            self.key = key
            self.value = value
        }
    }

    /// Reads the description `inspect` returned (copied from Lua); nil if it has another shape.
    init?(description: LuaValue) {
        guard let parts = description.arrayValues, let tag = parts.first?.stringValue else { return nil }
        let argument: LuaValue = parts.count > 1 ? parts[1] : .nil
        switch (tag, argument) {
        case ("scalar", .string(let text)): self = .scalar(text)
        case ("string", .string(let text)): self = .string(text)
        case ("text", .string(let text)): self = .text(text)
        case ("deep", _): self = .tooDeep
        case ("cycle", .integer(let id)): self = .cycle(id)
        case ("table", .integer(let id)):
            guard parts.count == 4, let items = parts[2].arrayValues, let omitted = parts[3].intValue,
                  let entries = Self.entries(items) else { return nil }
            self = .table(id: id, entries: entries, omitted: omitted)
        default: return nil
        }
    }

    /// Reads `{value}` (a sequence item) or `{value, key}` pairs.
    private static func entries(_ items: [LuaValue]) -> [Entry]? {
        var entries: [Entry] = []
        for item in items {
            guard let pair = item.arrayValues, let value = pair.first.flatMap(ReplValue.init(description:))
            else { return nil }
            entries.append(Entry(key: pair.count > 1 ? ReplValue(description: pair[1]) : nil, value: value))
        }
        return entries
    }
}
