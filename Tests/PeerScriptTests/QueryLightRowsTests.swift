import LuaBridge
@testable import PeerScript
import Testing

/// The rows of `query:rows()` loops as light handles: what they read, how they compare and
/// print, what their failures say (the same as full-userdata rows), and the fallback to full
/// userdata once the slots run out.
@Suite("Light rows of query loops", .timeLimit(.minutes(3)))
struct QueryLightRowsTests {
    /// A session whose loops may take at most `slots` slots and `rows` rows.
    static func session(slots: Int = RowSlots.defaultLimits.slots, rows: Int = RowSlots.defaultLimits.rows,
                        options: ScriptOptions = ScriptOptions()) throws -> ScriptSession {
        let session = try ScriptSession(options: options, scriptFolder: nil)
        RowFunctions.shared(session.state.stack).slots.limits = RowSlots.Limits(slots: slots, rows: rows)
        return session
    }

    static func slotsInUse(_ session: ScriptSession) -> Int {
        RowFunctions.shared(session.state.stack).slots.count
    }

    @Test func aLoopStepAllocatesNothing() throws {
        let session = try Self.session()
        let results = try session.evaluate("""
            local q = corpus.codings()
            local it = q:rows()
            collectgarbage() collectgarbage("stop")
            local before, n = collectgarbage("count"), 0
            for row in it do n = n + 1 end
            local grown = (collectgarbage("count") - before) * 1024
            collectgarbage("restart")
            return n, grown
            """)
        let count = try #require(results[0].intValue)
        let grown = try #require(results[1].doubleValue)
        #expect(count > 1000)
        #expect(grown < 1024, "a loop of \(count) rows allocated \(grown) bytes")
        #expect(Self.slotsInUse(session) == 1)
    }

    @Test func nestedLoopsOverTwoQueriesReadTheirOwnRows() throws {
        let session = try Self.session()
        let results = try session.evaluate("""
            local participants, documents = {}, {}
            for p in corpus.participants():rows() do participants[#participants + 1] = p.id end
            for d in corpus.documents():rows() do documents[#documents + 1] = d.id end
            local i, pairs_seen, bad = 0, 0, nil
            for p in corpus.participants():rows() do
              i = i + 1
              local j = 0
              for d in corpus.documents():where{ ["participant.id"] = p.id }:rows() do
                j = j + 1
                if d.entity ~= "documents" or d["participant.id"] ~= p.id then bad = tostring(d) end
                pairs_seen = pairs_seen + 1
              end
              if p.id ~= participants[i] or p.entity ~= "participants" then bad = tostring(p) end
            end
            return bad, i, #participants, pairs_seen, #documents
            """)
        #expect(results[0] == .nil)
        #expect(results[1] == results[2])
        #expect(results[1] != .integer(0))
        #expect(results[3] == results[4])
    }

    @Test func rowsKeptInATableReadTheSameAfterTheirLoop() throws {
        let session = try Self.session()
        let results = try session.evaluate("""
            local kept, during = {}, {}
            for row in corpus.documents():rows() do
              kept[#kept + 1] = row
              during[#during + 1] = row.id .. "|" .. tostring(row["participant.role"]) .. "|" .. row:get("case.id")
            end
            collectgarbage() collectgarbage()
            for i, row in ipairs(kept) do
              local after = row.id .. "|" .. tostring(row["participant.role"]) .. "|" .. row:get("case.id")
              if after ~= during[i] then return false, i, after, during[i] end
            end
            return true, #kept
            """)
        #expect(results[0] == .boolean(true), "\(results)")
        #expect((results[1].intValue ?? 0) > 0)
    }

    @Test func rowsCompareAndPrintAsBefore() throws {
        let session = try Self.session()
        let results = try session.evaluate("""
            local q = corpus.participants()
            local first, again, keys = nil, nil, {}
            for row in q:rows() do first = first or row; keys[row] = true end
            for row in q:rows() do again = row; keys[row] = true; break end
            local distinct = 0 for _ in pairs(keys) do distinct = distinct + 1 end
            local copy = first
            return first == copy, rawequal(first, copy), first == again, first.id == again.id,
                   distinct, q:count(), tostring(first), "Row(participants " .. first.id .. ")",
                   type(first), getmetatable(first)
            """)
        #expect(Array(results[0...3]) == [.boolean(true), .boolean(true), .boolean(false), .boolean(true)])
        // Every row of the first loop, and the first of the second, are distinct keys.
        #expect(results[4].intValue == (results[5].intValue ?? 0) + 1)
        #expect(results[6] == results[7])
        #expect(results[8] == "userdata")
        #expect(results[9] == "Row")
    }

    @Test func aRowOfOneLoopNeverReadsAnothersFields() throws {
        let session = try Self.session()
        let results = try session.evaluate("""
            local p_rows, d_rows = {}, {}
            for row in corpus.participants():rows() do p_rows[#p_rows + 1] = row end
            for row in corpus.documents():rows() do d_rows[#d_rows + 1] = row end
            for i = 1, math.min(#p_rows, #d_rows) do
              local p, d = p_rows[i], d_rows[i]
              if p == d or p.entity ~= "participants" or d.entity ~= "documents"
                 or p.id ~= p:get("participant.id") or d.id ~= d:get("document.id") then
                return false, i
              end
            end
            return true
            """)
        #expect(results == [.boolean(true)])
    }

    /// Loops past the slot limit get full-userdata rows that read, compare and fail alike.
    @Test func loopsPastTheSlotLimitFallBackToFullRows() throws {
        let session = try Self.session(slots: 2)
        let results = try session.evaluate("""
            local firsts, counts = {}, {}
            for loop = 1, 4 do
              local n = 0
              for row in corpus.participants():rows() do
                n = n + 1
                firsts[loop] = firsts[loop] or row
              end
              counts[loop] = n
            end
            local out = {}
            for loop = 1, 4 do
              local row = firsts[loop]
              out[#out + 1] = tostring(row) .. " " .. row["participant.role"] .. " " .. counts[loop]
              out[#out + 1] = select(2, pcall(function() return row + 1 end))
            end
            return table.unpack(out)
            """)
        #expect(Self.slotsInUse(session) == 2)
        #expect(results.count == 8)
        for loop in 1..<4 {
            #expect(results[2 * loop] == results[0], "loop \(loop + 1)")
            #expect(results[2 * loop + 1] == results[1], "loop \(loop + 1)")
        }
        #expect(results[1].stringValue?.contains("attempt to perform arithmetic on a Row value (upvalue 'row')") == true,
                "\(results[1])")
    }

    @Test func loopsPastTheRowLimitFallBackToFullRows() throws {
        let filtered = #"corpus.participants():where{ ["participant.role"] = "PW" }"#
        let count = try #require(try Self.session().evaluate("return \(filtered):count()").first?.intValue)
        let session = try Self.session(rows: count + 1)
        let results = try session.evaluate("""
            local ids = {}
            for loop = 1, 2 do
              local seen = {}
              for row in \(filtered):rows() do seen[#seen + 1] = row.id .. row["participant.role"] end
              ids[loop] = table.concat(seen, ",")
            end
            return ids[1] == ids[2], #ids[1]
            """)
        #expect(results[0] == .boolean(true))
        #expect((results[1].intValue ?? 0) > 0)
        #expect(Self.slotsInUse(session) == 1)
    }

    /// A loop over every row of its entity holds no row numbers, so the row limit leaves it be.
    @Test func unfilteredLoopsHoldNoRowNumbers() throws {
        let session = try Self.session(rows: 0)
        let results = try session.evaluate("""
            local n = 0
            for loop = 1, 3 do for row in corpus.codings():rows() do n = n + 1 end end
            return n, 3 * corpus.codings():count()
            """)
        #expect(results[0] == results[1])
        #expect(Self.slotsInUse(session) == 3)
    }

    /// Each probe fails with the same message whether the row is light or, with no slots,
    /// a full userdata: Lua names only full userdata by `__name`, so light rows' metatable
    /// words these failures itself. Each probe is a statement run in a loop over rows.
    @Test(arguments: [
        "local _ = row + 1", "local _ = 1 + row", "local _ = row * row", "local _ = -row",
        "local _ = row // 2", "local _ = row ^ 2", "local _ = row + '1'", "local _ = '1' + row",
        "local _ = row & 1", "local _ = ~row", "local _ = 1 << row", "local _ = row .. 'x'",
        "local _ = 'x' .. row", "local _ = #row", "local _ = row < row", "local _ = row < 1",
        "local _ = 1 <= row", "local _ = row < {}", "local _ = row()", "row.x = 1", "row[1] = true",
        "local _ = (function() return row + 1 end)()", "local _ = (function() row.x = 1 end)()",
        "shared = row local _ = (function() return shared .. 'x' end)()",
        "local _ = row.rol", "local _ = row[{}]", "local _ = row:values()",
        "local _ = row.get({}, 'participant.role')",
        "local _ = setmetatable({}, { __add = function() error('table add') end }) + row",
        "assert(row + setmetatable({}, { __add = function(a, b) return 'added' end }) == 'added')",
        "assert(row .. setmetatable({}, { __concat = function(a, b) return 'joined' end }) == 'joined')",
    ])
    func failuresReadAsForFullRows(probe: String) throws {
        let light = try Self.session()
        let full = try Self.session(slots: 0)
        let chunk = """
            for row in corpus.participants():rows() do
              \(probe)
              return "no failure"
            end
            """
        func outcome(_ session: ScriptSession) -> String {
            do {
                return "returned \(try session.evaluate(chunk))"
            } catch {
                return "\(error)"
            }
        }
        let lightOutcome = outcome(light)
        #expect(lightOutcome == outcome(full))
        #expect(Self.slotsInUse(light) == 1)
        #expect(Self.slotsInUse(full) == 0)
    }

    @Test func theTimeLimitStopsALongRowsLoop() throws {
        var options = ScriptOptions()
        options.timeout = 0.3
        let session = try Self.session(options: options)
        for chunk in [
            "local it = corpus.codings():rows() while true do for row in it do end end",
            "local q = corpus.codings() while true do for row in q:rows() do end end",
            "return coroutine.wrap(function() local it = corpus.codings():rows() while true do for row in it do end end end)()",
        ] {
            let error = #expect(throws: LuaError.self) { try session.evaluate(chunk) }
            #expect(error?.message.contains("timeout after 0.3 s") == true, "\(chunk)")
        }
    }

    /// The metatable all light userdata share stays out of a sandboxed script's reach.
    @Test func scriptsCannotReachTheLightRowMetatable() throws {
        let session = try Self.session()
        let results = try session.evaluate("""
            for row in corpus.participants():rows() do
              local set_ok = pcall(setmetatable, row, {})
              local debug_ok, debug_message = pcall(debug.setmetatable, row, nil)
              local id_ok = pcall(debug.upvalueid, function() return row end, 1)
              return getmetatable(row), set_ok, debug_ok, debug_message, id_ok, row.entity
            end
            """)
        #expect(results[0] == "Row")
        #expect(results[1] == .boolean(false))
        #expect(results[2] == .boolean(false))
        #expect(results[3].stringValue?.contains("not available in the sandbox") == true, "\(results)")
        #expect(results[4] == .boolean(false))
        #expect(results[5] == "participants")
    }

    @Test func otherLightUserdataIsNoRow() throws {
        var options = ScriptOptions()
        options.trusted = true
        let session = try Self.session(options: options)
        let results = try session.evaluate("""
            local up = 1
            local function f() return up end
            local id = debug.upvalueid(f, 1)
            for _ in corpus.participants():rows() do break end
            local ok, message = pcall(function() return id.id end)
            return tostring(id), ok, message, type(id)
            """)
        #expect(results[0].stringValue?.hasPrefix("userdata: 0x") == true, "\(results)")
        #expect(results[1] == .boolean(false))
        #expect(results[2].stringValue?.contains("Row expected") == true, "\(results)")
        #expect(results[3] == "userdata")
    }
}
