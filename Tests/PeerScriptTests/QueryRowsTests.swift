import CorpusQuery
import LuaBridge
import PeerScript
import Testing

@Suite("Iterating query rows from Lua", .timeLimit(.minutes(3)))
struct QueryRowsTests {
    let session: ScriptSession

    init() throws {
        session = try ScriptSession(options: ScriptOptions(), scriptFolder: nil)
    }

    /// A printed query says what it counts, how it is filtered and how many rows pass.
    @Test func queriesPrintTheirFiltersAndCount() throws {
        let results = try session.evaluate("""
            local all = corpus.codings()
            local some = all:where{ ["participant.role"] = { "PW", "SU" }, framework = "bcttv1" }
            local managers = corpus.participants():where(function(r) return r["participant.role"] == "MA" end)
            return tostring(all), all:count(), tostring(some), some:count(), tostring(managers), managers:count(),
                   tostring(all:where(function() error("no") end))
            """)
        guard case .integer(let total) = results[1], case .integer(let narrowed) = results[3],
              case .integer(let managers) = results[5] else {
            Issue.record("no counts in \(results)")
            return
        }
        #expect(results[0] == .string("Query(codings: \(total) rows)"))
        #expect(results[2] == .string("Query(codings where framework = bcttv1; participant.role = PW | SU: \(narrowed) rows)"))
        #expect(results[4] == .string("Query(participants where 1 predicate: \(managers) rows)"))
        #expect(results[6] == "Query(codings where 1 predicate)")
    }

    @Test func rowsReadFieldsAndMethods() throws {
        let results = try session.evaluate("""
            for row in corpus.participants():rows() do
              return tostring(row), row.id, row.entity, row["participant.role"], row:get("case.sector"),
                     row:values("participant.id")[1], getmetatable(row)
            end
            """)
        guard case .string(let id) = results[1] else {
            Issue.record("no row id")
            return
        }
        #expect(results[0] == .string("Row(participants \(id))"))
        #expect(results[2] == "participants")
        #expect(results[3] == .string(String(id.dropFirst(4).prefix(2))))
        #expect(results[4] == .string(String(id.prefix(3))))
        #expect(results[5] == .string(id))
        #expect(results[6] == "Row")
    }

    @Test func everyRowIsVisitedOnce() throws {
        let results = try session.evaluate("""
            local n, seen = 0, {}
            for row in corpus.codings():rows() do n = n + 1; seen[row.id] = true end
            local distinct = 0 for _ in pairs(seen) do distinct = distinct + 1 end
            return n, distinct, corpus.codings():count()
            """)
        #expect(results[0] == results[2])
        #expect(results[1] == results[2])
    }

    @Test func methodsRefuseSomethingElseThanARow() throws {
        let error = #expect(throws: LuaError.self) {
            try session.evaluate("for row in corpus.participants():rows() do return row.get({}, 'participant.role') end")
        }
        #expect(error?.message.contains("Row expected") == true)
        let unknown = #expect(throws: LuaError.self) {
            try session.evaluate("for row in corpus.participants():rows() do return row.rol end")
        }
        #expect(unknown?.message.contains("participant.role") == true)
    }

    @Test func predicateRowsReadLikeLoopRows() throws {
        let results = try session.evaluate("""
            local seen
            corpus.participants():where(function(row)
              seen = seen or { tostring(row), row.id, row.entity, row["participant.role"], row:get("case.sector"),
                               row:values("participant.id")[1], getmetatable(row) }
              return true
            end):count()
            for row in corpus.participants():rows() do
              local same = { tostring(row), row.id, row.entity, row["participant.role"], row:get("case.sector"),
                             row:values("participant.id")[1], getmetatable(row) }
              for i = 1, 7 do if same[i] ~= seen[i] then return false, i end end
              return true, seen[1]
            end
            """)
        #expect(results[0] == .boolean(true))
        guard case .string(let shown) = results[1] else {
            Issue.record("no row printed")
            return
        }
        #expect(shown.hasPrefix("Row(participants "))
    }

    @Test func predicateRowsFailAsLoopRowsDo() throws {
        let probes = [
            "row.get({}, 'participant.role')",
            "row.rol",
            "row[{}]",
            "row + 1",
            "row:values()",
        ]
        for probe in probes {
            let inLoop = #expect(throws: LuaError.self) {
                try session.evaluate("for row in corpus.participants():rows() do return \(probe) end")
            }
            let inPredicate = #expect(throws: LuaError.self) {
                try session.evaluate("return corpus.participants():where(function(row) return \(probe) end):count()")
            }
            #expect(inLoop?.message != nil)
            #expect(inLoop?.message == inPredicate?.message, "\(probe)")
        }
        let arithmetic = #expect(throws: LuaError.self) {
            try session.evaluate("for row in corpus.participants():rows() do return row + 1 end")
        }
        #expect(arithmetic?.message.contains("a Row value") == true)
    }

    @Test func aPredicateRowReadAfterItsCallFailsClearly() throws {
        let results = try session.evaluate("""
            local kept
            corpus.participants():where(function(row) kept = row return true end):count()
            local reads = {
              function() return kept.id end,
              function() return kept["participant.role"] end,
              function() return kept:get("case.sector") end,
              function() return kept:values("participant.id") end,
            }
            local outcomes = {}
            for i, read in ipairs(reads) do
              local ok, message = pcall(read)
              outcomes[i] = ok and "read" or message
            end
            return tostring(kept), getmetatable(kept), table.unpack(outcomes)
            """)
        #expect(Array(results.prefix(2)) == ["Row(expired)", "Row"])
        #expect(results.count == 6)
        for outcome in results.dropFirst(2) {
            #expect(outcome.stringValue?.contains("can only be read during that call") == true, "\(outcome)")
        }
    }

    @Test func nestedPredicatesKeepTheirOwnRows() throws {
        // The predicate runs its own query again: the outer call's row must stay readable
        // while and after the inner calls run.
        let results = try session.evaluate("""
            local q, outer_row, inner = nil, nil, {}
            q = corpus.participants():where(function(row)
              if outer_row then
                -- A nested call: the outer call, and so its row, is still running.
                return outer_row.id ~= nil and row["participant.role"] == "PW"
              end
              outer_row = row
              local before = row.id
              inner[#inner + 1] = q:count()
              outer_row = nil
              return row.id == before and row["participant.role"] == "PW"
            end)
            local outer = q:count()
            return outer, inner[1], inner[#inner], #inner, corpus.participants():where{ ["participant.role"] = "PW" }:count()
            """)
        #expect(results[0] == results[4])
        #expect(results[1] == results[4])
        #expect(results[2] == results[4])
        #expect(results[3] == .integer(try #require(session.evaluate("return corpus.participants():count()").first?.intValue)))
        #expect(results[0] != .integer(0))
    }

    @Test func loopRowsStayReadableAfterTheirLoop() throws {
        let results = try session.evaluate("""
            local kept = {}
            for row in corpus.participants():rows() do kept[#kept + 1] = row end
            local first
            for row in corpus.documents():rows() do first = row break end
            local last = kept[#kept]
            return last.id, last["participant.role"], kept[1].get(first, "document.id"), first.id, #kept
            """)
        #expect(results[2] == results[3])
        #expect(results[4] == .integer(try #require(session.evaluate("return corpus.participants():count()").first?.intValue)))
        guard case .string = results[0], case .string = results[1] else {
            Issue.record("a kept row did not read: \(results)")
            return
        }
    }

    @Test func predicatesOutliveTheCoroutineThatMadeThem() throws {
        let results = try session.evaluate("""
            local filter = function(row) return row["participant.role"] == "PW" end
            local ended = coroutine.wrap(function() return corpus.participants():where(filter) end)()
            collectgarbage() collectgarbage()
            local waiting = coroutine.create(function()
              local q = corpus.participants():where(filter)
              coroutine.yield(q)
            end)
            local _, suspended = coroutine.resume(waiting)
            local failing
            local failed = coroutine.create(function() failing = corpus.participants():where(filter) error("stop") end)
            coroutine.resume(failed)
            local inside = coroutine.wrap(function() return ended:count() end)()
            return ended:count(), suspended:count(), failing:count(), inside,
                   corpus.participants():where{ ["participant.role"] = "PW" }:count()
            """)
        #expect(results.count == 5)
        #expect(Set(results).count == 1, "\(results)")
    }

    @Test func aFailingPredicateLeavesItsQueryUsable() throws {
        let results = try session.evaluate("""
            local calls = 0
            local q = corpus.participants():where(function(row)
              calls = calls + 1
              if calls == 3 then error("third row refused") end
              return row["participant.role"] == "PW"
            end)
            local ok, message = pcall(q.count, q)
            return ok, message, q:count(), corpus.participants():where{ ["participant.role"] = "PW" }:count()
            """)
        #expect(results[0] == .boolean(false))
        #expect(results[1].stringValue?.contains("third row refused") == true)
        #expect(results[2] == results[3])
    }

    @Test func rowsAndPredicatesWorkInsideACoroutine() throws {
        let results = try session.evaluate("""
            local function survey()
              local n, first = 0, nil
              for row in corpus.participants():rows() do
                n = n + 1
                first = first or tostring(row) .. " " .. row["participant.role"]
              end
              local pw = corpus.participants():where(function(row) return row:get("participant.role") == "PW" end):count()
              return n, first, pw
            end
            local inside = { coroutine.wrap(survey)() }
            local outside = { survey() }
            return inside[1] == outside[1] and inside[2] == outside[2] and inside[3] == outside[3], outside[2]
            """)
        #expect(results[0] == .boolean(true))
        #expect(results[1].stringValue?.hasPrefix("Row(participants ") == true)
    }

    @Test func theTimeLimitStopsARunawayPredicate() throws {
        var options = ScriptOptions()
        options.timeout = 0.3
        let limited = try ScriptSession(options: options, scriptFolder: nil)
        for chunk in [
            "return corpus.participants():where(function(row) while true do end end):count()",
            "return coroutine.wrap(function() return corpus.participants():where(function(row) while true do end end):count() end)()",
        ] {
            let error = #expect(throws: LuaError.self) { try limited.evaluate(chunk) }
            #expect(error?.message.contains("timeout after 0.3 s") == true, "\(chunk)")
        }
    }
}
