import CLua

// Handles: userdata that hold only a number and have no finalizer, the cheapest value Lua can
// be given for each of many small things (such as the rows of a loop). The host builds their
// metatable; an object of a registered class at the metatable's index 1 can tell what a
// handle's number means (and stays alive as long as the metatable does).

extension LuaStack {
    /// Pushes a handle holding `number`, with the metatable `metatable` refers to.
    public func pushHandle(_ number: Int, metatable: LuaReference) {
        room(2)   // the handle and, briefly, its metatable
        let slot = lua_newuserdatauv(L, MemoryLayout<Int>.size, 0)!
        slot.storeBytes(of: number, as: Int.self)
        metatable.push(onto: self)
        lua_setmetatable(L, -2)
    }

    /// The number inside the value at `index` when it is a handle-sized userdata; nil for
    /// anything else. Check its metatable (``handleOwner(at:as:)``) before trusting the number.
    public func handle(at index: Int32) -> Int? {
        guard lua_type(L, index) == LUA_TUSERDATA, lua_rawlen(L, index) == MemoryLayout<Int>.size,
              let slot = lua_touserdata(L, index) else { return nil }
        return slot.load(as: Int.self)
    }

    /// The object of class `type` that the metatable of the handle at `index` holds at index
    /// 1, with the handle's number; nil when the value is not such a handle.
    public func handleOwner<Owner: AnyObject>(at index: Int32, as type: Owner.Type) -> (owner: Owner, number: Int)? {
        guard let number = handle(at: index), pushMetatable(of: index) else { return nil }
        defer { pop(2) }
        getIndex(1, inTableAt: -1)
        guard let owner = object(at: -1, as: type) else { return nil }
        return (owner, number)
    }
}
