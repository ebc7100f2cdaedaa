import CorpusQuery
import LuaBridge

/// The results of the `query:rows()` loops whose rows are light handles (see `LightHandle`):
/// a row is its loop's slot and its position in the loop's result, so a loop step makes no
/// host call and no allocation, and the iterator runs in C.
///
/// Lua never collects a light userdata, so nothing tells when a loop's rows are all gone: a
/// result stays here, readable, for the state's life. The limits bound what is kept; a loop
/// past them gets the full-userdata rows, with a metatable per loop, that Lua collects.
final class RowSlots {
    /// How many loops, and how many of their rows in all, may keep light rows.
    struct Limits {
        /// Loops, at most `LightHandle.slotCount`.
        var slots: Int
        /// Row numbers held over all those loops (4 bytes each); a loop over every row of its
        /// entity holds none.
        var rows: Int
    }

    /// Up to 4,096 loops and 32 million row numbers (about 128 MB).
    static let defaultLimits = Limits(slots: 4_096, rows: 32_000_000)

    /// The limits new loops are held to; tests lower them.
    var limits = RowSlots.defaultLimits
    private var results: [QueryRows] = []
    private var keptRows = 0

    /// How many loops hold a slot.
    var count: Int { results.count }

    /// Takes a slot for `rows`; nil when the limits leave none.
    func claim(_ rows: QueryRows) -> Int? {
        let slotLimit = min(limits.slots, LightHandle.slotCount)
        guard results.count < slotLimit, rows.count < LightHandle.numberLimit,
              keptRows + rows.heldRowNumbers <= limits.rows else { return nil }
        results.append(rows)
        keptRows += rows.heldRowNumbers
        return results.count - 1
    }

    /// The row a handle names; nil for a slot or position no loop gave out.
    func row(_ handle: LightHandle) -> RowView? {
        guard results.indices.contains(handle.slot) else { return nil }
        let rows = results[handle.slot]
        return rows.indices.contains(handle.number) ? rows[handle.number] : nil
    }
}

extension RowFunctions {
    /// Pushes the C iterator of a `query:rows()` loop whose rows are light handles; false,
    /// pushing nothing, when no slot is left.
    func pushLightRowIterator(_ rows: QueryRows, on stack: LuaStack) -> Bool {
        // A loop without rows hands out no handle, so it needs no slot of its own.
        if rows.isEmpty {
            stack.pushLightHandleCounter(slot: 0, numbers: 0..<0)
            return true
        }
        guard let slot = slots.claim(rows) else { return false }
        stack.pushLightHandleCounter(slot: slot, numbers: 0..<rows.count)
        return true
    }

    /// Makes the metatable every light userdata shares the one of light rows: it reads them as
    /// each loop's own metatable reads its full-userdata rows, with the same messages.
    func installLightRows(on stack: LuaStack) {
        let slots = self.slots
        stack.pushTable(fields: 4)
        stack.pushFunction(named: "__index") { [self] call in
            guard let handle = call.stack.lightHandle(at: 1), let row = slots.row(handle) else {
                throw call.typeError(1, expected: RowClass.name)
            }
            return try index(row, call)
        }
        stack.setField("__index", inTableAt: -2)
        stack.pushFunction(named: "__tostring") { call in
            // Light userdata that is no row (only trusted code can reach any) prints as Lua
            // prints it without a metatable.
            guard let handle = call.stack.lightHandle(at: 1) else {
                return push(call.stack.lightUserdataDescription(at: 1) ?? "Row(expired)", call)
            }
            return push(slots.row(handle).map(RowClass.description) ?? "Row(expired)", call)
        }
        stack.setField("__tostring", inTableAt: -2)
        stack.push(RowClass.name)
        stack.setField("__name", inTableAt: -2)
        stack.push(RowClass.name)
        stack.setField("__metatable", inTableAt: -2)
        stack.setLightHandleMetatable(typeName: RowClass.name)
    }
}
