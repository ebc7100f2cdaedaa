import Foundation
import LuaBridge
import Testing

/// The bridge's promise that nothing Swift does can raise a Lua error or overrun the stack,
/// whatever a script hands it.
@Suite("The bridge stays safe whatever scripts pass it", .timeLimit(.minutes(2)))
struct BridgeSafetyTests {
    /// A state with the standard libraries and host functions that read their arguments.
    func makeState(memoryLimit: Int? = nil) -> LuaState {
        let state = LuaState(memoryLimit: memoryLimit)
        state.openStandardLibraries()
        state.pushFunction(named: "text") { call in
            call.stack.push(try call.string(1))
            return 1
        }
        state.setGlobal("text")
        state.pushFunction(named: "copy") { call in
            let value = try call.value(1)
            try call.stack.push(value)
            return 1
        }
        state.setGlobal("copy")
        state.pushFunction(named: "many") { call in
            let count = try call.integer(1)
            try call.stack.reserve(Int32(count))
            for index in 0..<count { call.stack.push(index) }
            return Int32(count)
        }
        state.setGlobal("many")
        return state
    }

    @Test func numbersReadAsStringsMatchLuasOwnConversion() throws {
        let state = makeState()
        let results = try state.run("""
            local numbers = { 0, 1, -1, 1.5, -0.0, 1/0, -1/0, 2^53, 2^63, 1e100, 1e-300, 0.1,
                              math.maxinteger, math.mininteger, 123456789012, 3.0, -2.5e-7, 1/3 }
            for i = 1, 200 do numbers[#numbers + 1] = (math.random() - 0.5) * 10 ^ math.random(-20, 20) end
            local mismatches = {}
            for _, n in ipairs(numbers) do
              if text(n) ~= tostring(n) then mismatches[#mismatches + 1] = tostring(n) .. " -> " .. text(n) end
            end
            -- The argument stays a number.
            local n = 42
            text(n)
            return table.concat(mismatches, "; "), math.type(n)
            """)
        #expect(results == ["", "integer"])
    }

    @Test(arguments: [0, 1, 17, 18, 31, 32, 33, 40, 300])
    func nestedTablesCopyUpToTheLimitAndAreRefusedBeyond(depth: Int) throws {
        let state = makeState()
        let source = """
            local function deep(n) local t = {} for i = 1, n do t = { t, k = i } end return t end
            local function depthOf(t) local d = 0 while type(t) == "table" do d = d + 1 t = t[1] end return d end
            local ok, result = pcall(copy, deep(\(depth)))
            local co = coroutine.wrap(function() return pcall(copy, deep(\(depth))) end)
            local cok, cresult = co()
            return ok, ok and depthOf(result) or result, cok, cok and depthOf(cresult) or cresult
            """
        let results = try state.run(source)
        if depth + 1 <= LuaStack.maximumCopyDepth {
            #expect(results == [true, .integer(depth + 1), true, .integer(depth + 1)])
        } else {
            let refusal = LuaValue.string("bad argument #1 to 'copy' (tables nested more than 32 levels deep are not accepted)")
            #expect(results == [false, refusal, false, refusal])
        }
        #expect(state.stack.top == 0)
    }

    @Test func keysLuaCannotTakeAreRefusedAndNothingIsLeftPushed() throws {
        let state = makeState()
        let stack = state.stack
        let nested: LuaValue = ["outer": ["inner": .table([.number(.nan): 1])]]
        for (value, typeName) in [(LuaValue.table([.number(.nan): 1, "ok": 2]), "number"),
                                  (.table([.nil: 1, "ok": 2]), "nil"),
                                  (.table([.opaque("function"): 1]), "function"), (nested, "number")] {
            do {
                try stack.push(value)
                Issue.record("pushing \(value) should have failed")
            } catch LuaValueError.unpushableKey(let key) {
                #expect(key.typeName == typeName)
            }
            #expect(stack.top == 0)
        }
        // Tables are fine keys in Lua, and pushing one says so.
        try stack.push(.table([.table([:]): 1]))
        #expect(stack.top == 1)
    }

    @Test func pairsOnUserdataNeedsNoGlobalNext() throws {
        final class Bag { let items: [(LuaValue, LuaValue)] = [("a", 1), ("b", 2)] }
        let state = makeState()
        state.register(LuaClass<Bag>("Bag").pairs { $0.items })
        state.stack.push(object: Bag())
        state.setGlobal("bag")
        let results = try state.run("""
            next = nil
            setmetatable(_G, { __index = function(_, name) error("no global " .. name) end })
            local sum, keys = 0, {}
            for key, value in pairs(bag) do keys[#keys + 1] = key sum = sum + value end
            table.sort(keys)
            return table.concat(keys, ","), sum
            """)
        #expect(results == ["a,b", 3])
    }

    @Test func aScriptCannotMakeHostPushesRaiseThroughTheRegistry() throws {
        final class Token {}
        let state = makeState()
        state.register(LuaClass<Token>("Token").method("name") { _, call in
            call.stack.push("token")
            return 1
        })
        state.pushFunction(named: "maker") { call in
            call.stack.pushFunction(named: "made") { call in
                call.stack.push(object: Token())
                return 1
            }
            return 1
        }
        state.setGlobal("maker")
        // A trusted script can reach the registry: it empties it of names and makes every
        // read or write through metamethods raise. Host pushes use raw access only.
        let results = try state.run("""
            local registry = debug.getregistry()
            for key in pairs(registry) do
              if type(key) == "string" and key ~= "_LOADED" and key ~= "_PRELOAD" then rawset(registry, key, nil) end
            end
            setmetatable(registry, {
              __index = function(_, key) error("registry read of " .. tostring(key)) end,
              __newindex = function(_, key) error("registry write of " .. tostring(key)) end,
            })
            local made = maker()
            return made():name()
            """)
        #expect(results == ["token"])
    }

    @Test func aHostCallWithTheStackAlmostFullFailsCleanly() throws {
        let state = makeState()
        // Recurse until Lua refuses to go deeper, then call the host from the deepest frames
        // that still can: each call either works in full or fails with a stack overflow.
        let results = try state.run("""
            local outcomes = { ok = 0, overflow = 0, other = 0 }
            local function deeper(level)
              local a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z
              local fine = pcall(deeper, level + 1)
              if not fine or level % 50000 == 0 then
                local ok, first, count = pcall(function() return select(1, many(60)), select("#", many(60)) end)
                if ok and count == 60 then outcomes.ok = outcomes.ok + 1
                elseif not ok and tostring(first):find("stack overflow") then outcomes.overflow = outcomes.overflow + 1
                else outcomes.other = outcomes.other + 1 end
              end
              return true
            end
            deeper(1)
            return outcomes.other, outcomes.ok + outcomes.overflow > 0
            """)
        #expect(results == [0, true])
    }

    @Test func errorsAreClassifiedByWhatHappenedNotByTheirWording() throws {
        let state = makeState(memoryLimit: 64 << 20)
        for source in [#"error("memory limit of 64 MB exceeded")"#, #"error("not enough memory")"#,
                       #"pcall(string.rep, "x", 1 << 30) error("not enough memory")"#] {
            let error = #expect(throws: LuaError.self) { try state.run(source, chunkName: "@s.lua") }
            #expect(error?.kind == .runtime, "\(source)")
        }
        let real = #expect(throws: LuaError.self) {
            try state.run("local t = {} for i = 1, 1e9 do t[i] = i end", chunkName: "@s.lua")
        }
        #expect(real?.kind == .memory)
        #expect(real?.message == "memory limit of 64 MB exceeded")
    }

    @Test func copiesIntoSwiftCountAgainstTheMemoryLimit() throws {
        let state = makeState(memoryLimit: 64 << 20)
        state.pushFunction(named: "measure") { call in
            guard case .table(let entries) = try call.value(1) else { return 0 }
            call.stack.push(entries.count)
            call.stack.push(entries.values.reduce(0) { $0 + ($1.stringValue?.utf8.count ?? 0) })
            return 2
        }
        state.setGlobal("measure")
        // About 20 MB in Lua, several times that as Swift values: the copy is refused as
        // Lua's own memory error, which a script can catch and go on.
        let results = try state.run("""
            local many = {}
            for i = 1, 300000 do many[i] = { i } end
            local ok, message = pcall(measure, many)
            many = nil
            collectgarbage()
            local big = string.rep("x", 1 << 20)
            local shared = {}
            for i = 1, 3000 do shared[i] = big end
            local count, bytes = measure(shared)
            -- Pushed back, each would be a string of its own: refused before it is built.
            local pushed, refusal = pcall(copy, shared)
            return ok, message, count, bytes, pushed, refusal
            """)
        #expect(results == [false, "not enough memory", 3000, .integer(3000 << 20), false, "not enough memory"])
    }

    @Test func onlyTheBridgeImportsTheLuaCAPI() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 50)
        let allowed = ["LuaBridge"]
        let offenders = try files.filter { file in
            let module = file.path.dropFirst(sources.path.count + 1).split(separator: "/").first.map(String.init) ?? ""
            guard !allowed.contains(module) else { return false }
            let text = try String(contentsOf: file, encoding: .utf8)
            return text.split(separator: "\n").contains {
                let line = $0.trimmingCharacters(in: .whitespaces)
                return line.hasPrefix("import CLua") || line.hasPrefix("@_exported import CLua")
                    || line.range(of: #"^(@\w+\s+)*import\s+(struct\s+|func\s+|var\s+)?CLua(Runtime)?\b"#, options: .regularExpression) != nil
            }
        }
        #expect(offenders.map { $0.lastPathComponent } == [])
    }
}

/// Random values of every type through every argument reader of ``LuaCall`` and back, on the
/// main thread and in coroutines; and random Swift values, NaN and nil keys included, pushed
/// into Lua and copied back.
@Suite("Random values cross the bridge safely", .timeLimit(.minutes(2)))
struct BridgeFuzzTests {
    /// A host function per reader; each checks that reading left the stack as it was.
    func makeState() -> LuaState {
        final class Marker {}
        let state = LuaState(memoryLimit: 256 << 20)
        state.openStandardLibraries()
        state.register(LuaClass<Marker>("Marker"))
        state.stack.push(object: Marker())
        state.setGlobal("marker")
        let readers: [(String, (LuaCall) throws -> Void)] = [
            ("string", { _ = try $0.string(1) }), ("optionalString", { _ = try $0.optionalString(1) }),
            ("integer", { _ = try $0.integer(1) }), ("optionalInteger", { _ = try $0.optionalInteger(1) }),
            ("number", { _ = try $0.number(1) }), ("boolean", { _ = $0.boolean(1) }),
            ("table", { _ = try $0.table(1) }), ("options", { _ = try $0.options(1) }),
            ("allowed", { _ = try $0.options(1, allowed: ["a", "b"]) }), ("value", { _ = try $0.value(1) }),
            ("function", { _ = try $0.function(1) }), ("object", { _ = try $0.object(1, as: Marker.self) }),
            ("echo", { call in
                let value = try call.value(1)
                try call.stack.push(value)
                call.stack.pop()
            }),
        ]
        state.stack.pushTable(fields: readers.count)
        for (name, read) in readers {
            state.pushFunction(named: name) { call in
                let top = call.stack.top
                try read(call)
                guard call.stack.top == top else { throw LuaScriptError("\(name) left the stack changed") }
                call.stack.push(true)
                return 1
            }
            state.stack.setField(name, inTableAt: -2)
        }
        state.setGlobal("readers")
        return state
    }

    @Test(arguments: [11, 12, 13, 14])
    func randomLuaValuesThroughEveryReader(seed: Int) throws {
        let state = makeState()
        let results = try state.run("""
            math.randomseed(\(seed))
            local shared = string.rep("s", 1000)
            local scalars = { true, false, 0, -1, 2^63, math.mininteger, 0/0, 1/0, -0.0, 1.5, "", "7",
                              "\\255\\0", shared, print, coroutine.create(print), marker }
            local value
            local function tableOf(depth)
              local t = {}
              for i = 1, math.random(0, 5) do
                local key = ({ i, "k" .. i, shared, true, 2.5, print, {}, marker })[math.random(8)]
                t[key] = value(depth - 1)
              end
              if math.random(6) == 1 then t.loop = t end
              if math.random(6) == 1 then t[#t + 1] = { t } end
              return t
            end
            value = function(depth)
              local pick = math.random(10)
              if pick <= 4 or depth <= 0 then return scalars[math.random(#scalars + 1)] end
              if pick == 5 then
                local t = {}
                for i = 1, math.random(0, 300) do t = { t, shared } end
                return t
              end
              return tableOf(depth)
            end
            local names = {}
            for name in pairs(readers) do names[#names + 1] = name end
            table.sort(names)
            local function run(rounds)
              local calls, bad = 0, {}
              for round = 1, rounds do
                local v = value(4)
                for _, name in ipairs(names) do
                  local ok, result = pcall(readers[name], v)
                  calls = calls + 1
                  if ok and result ~= true then bad[#bad + 1] = name end
                  if not ok and type(result) ~= "string" then bad[#bad + 1] = name .. " raised a " .. type(result) end
                end
              end
              return calls, table.concat(bad, ",")
            end
            local mainCalls, mainBad = run(300)
            local co = coroutine.wrap(function() return run(300) end)
            local coCalls, coBad = co()
            return mainCalls + coCalls, mainBad .. coBad
            """)
        #expect(results == [.integer(2 * 300 * 13), ""])
        #expect(state.stack.top == 0)
    }

    /// Random Swift values: pushing either succeeds and copies back equal (up to NaN and
    /// opaque values, which Lua cannot keep), or refuses and pushes nothing.
    @Test(arguments: [21, 22, 23])
    func randomSwiftValuesPushOrRefuseCleanly(seed: UInt64) throws {
        var random = SplitMix(seed: seed)
        let state = makeState()
        let stack = state.stack
        for _ in 0..<500 {
            let value = random.value(depth: 5)
            do {
                try stack.push(value)
            } catch let error as LuaValueError {
                // Refused: a key Lua cannot take; nothing was pushed.
                guard case .unpushableKey = error else { Issue.record("unexpected \(error) for \(value)"); continue }
                #expect(stack.top == 0)
                continue
            }
            defer { stack.pop() }
            do {
                let back = try stack.value(at: -1)
                #expect(back.asLuaKeepsIt == value.asLuaKeepsIt, "\(value)")
            } catch let error as LuaValueError {
                // Lua takes tables as keys; Swift copies do not.
                #expect(error == .unsupportedKey(type: "table"), "\(value)")
            }
        }
        #expect(stack.top == 0)
    }
}

/// A small seeded generator, so a failure can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func value(depth: Int) -> LuaValue {
        switch below(depth > 0 ? 10 : 7) {
        case 0: return .nil
        case 1: return .boolean(below(2) == 0)
        case 2: return .integer([0, 1, -1, .max, .min, below(1000)][below(6)])
        case 3: return .number([0.5, -0.0, .infinity, -.infinity, 1e300, .nan][below(6)])
        case 4: return .string(["", "a", "naïve", "\u{0}", String(repeating: "x", count: 300)][below(5)])
        case 5: return .opaque("function")
        case 6: return .string("k\(below(20))")
        default:
            var entries: [LuaValue: LuaValue] = [:]
            for _ in 0..<below(5) { entries[value(depth: depth - 1)] = value(depth: depth - 1) }
            return .table(entries)
        }
    }
}

extension LuaValue {
    /// A key as Lua holds it: floats with an integral value become integers (`-0.0` is `0`).
    var asLuaKey: LuaValue {
        if case .number(let number) = self, let integer = Int(exactly: number) { return .integer(integer) }
        return asLuaKeepsIt
    }

    /// The value as Lua holds it after a push: opaque values and nil entries vanish, and a
    /// NaN cannot equal itself, so it is compared as a marker.
    var asLuaKeepsIt: LuaValue {
        switch self {
        case .opaque: return .nil
        case .number(let number) where number.isNaN: return .string("NaN")
        case .table(let entries):
            var kept: [LuaValue: LuaValue] = [:]
            for (key, value) in entries {
                let value = value.asLuaKeepsIt
                if value != .nil { kept[key.asLuaKey] = value }
            }
            return .table(kept)
        default: return self
        }
    }
}
