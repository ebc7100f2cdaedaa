import CLua
import CLuaRuntime

// Light handles: light userdata whose pointer bits hold a slot and a number instead of an
// address (see CLuaRuntime's handles.c). They are the cheapest value Lua can be given for each
// of very many small things, such as the rows of a loop: making one allocates nothing, and an
// iterator over them runs in C without a host call per step. Scripts cannot make light
// userdata, and nothing else here pushes any, so every light userdata a script holds is a
// handle this host made. All of them share one metatable, set with
// ``LuaStack/setLightHandleMetatable(typeName:)``; the host finds what a handle means from its
// slot.

/// What a light handle holds: a slot the host gave out, and a number within that slot.
public struct LightHandle: Hashable, Sendable {
    /// The slot, below ``slotCount``.
    public let slot: Int
    /// The number, below ``numberLimit``.
    public let number: Int

    /// How many slots handles can name.
    public static let slotCount = Int(PS_LIGHT_HANDLE_SLOTS)
    /// One past the largest number a handle can hold.
    public static let numberLimit = 1 << 32

    /// A handle of `slot` holding `number`; both must be in range.
    public init(slot: Int, number: Int) {
        precondition((0..<Self.slotCount).contains(slot) && (0..<Self.numberLimit).contains(number),
                     "light handle out of range: slot \(slot), number \(number)")
        self.slot = slot
        self.number = number
    }
}

extension LuaStack {
    /// Pushes the light handle `handle`.
    public func push(_ handle: LightHandle) {
        room()
        ps_push_light_handle(L, UInt32(handle.slot), UInt32(handle.number))
    }

    /// The light handle at `index`; nil for any other value.
    public func lightHandle(at index: Int32) -> LightHandle? {
        var slot: UInt32 = 0
        var number: UInt32 = 0
        guard ps_light_handle(L, index, &slot, &number) != 0 else { return nil }
        return LightHandle(slot: Int(slot), number: Int(number))
    }

    /// Pushes an iterator for a generic `for`: each call returns the next handle of `slot`
    /// numbered from `numbers`, then nothing. It runs in C alone, so a loop step makes no host
    /// call and no allocation.
    public func pushLightHandleCounter(slot: Int, numbers: Range<Int>) {
        precondition((0..<LightHandle.slotCount).contains(slot) && numbers.lowerBound >= 0
                     && numbers.upperBound <= LightHandle.numberLimit,
                     "light handle counter out of range: slot \(slot), numbers \(numbers)")
        room(2)   // the counter's state, then its closure
        ps_push_light_handle_counter(L, UInt32(slot), UInt32(numbers.lowerBound), UInt32(numbers.upperBound))
    }

    /// Makes the table on top (popped) the metatable of every light userdata, adding the
    /// operator metamethods that raise what Lua raises for a full userdata named `typeName`
    /// (Lua's own messages call light userdata just "userdata"). The table keeps its other
    /// fields (`__index`, `__tostring`, `__name`, `__metatable`, …) as given.
    public func setLightHandleMetatable(typeName: String) {
        room(4)   // the refusals' name, number and event, then the light userdata
        state.withHostAllocation {
            ps_set_operator_refusals(L, -1, typeName)
            lua_pushlightuserdata(L, nil)
            lua_rotate(L, -2, 1)
            lua_setmetatable(L, -2)
        }
        pop()
    }

    /// How Lua's `tostring` shows the light userdata at `index` when it has no `__tostring`:
    /// `userdata: 0x…`; nil for any other value.
    public func lightUserdataDescription(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TLIGHTUSERDATA else { return nil }
        guard let address = lua_touserdata(L, index) else { return "userdata: (nil)" }
        return "userdata: 0x" + String(UInt(bitPattern: address), radix: 16)
    }
}
