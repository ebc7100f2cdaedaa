import LuaBridge
import Testing

@Suite("Values cross between Swift and Lua unchanged", .timeLimit(.minutes(3)))
struct ValueTests {
    let state: LuaState

    init() {
        state = LuaState()
        state.openStandardLibraries()
    }

    /// Pushes `value`, passes it through a Lua identity function, and reads it back.
    func roundTrip(_ value: LuaValue) throws -> LuaValue {
        try state.load("return ...", chunkName: "=identity")
        try state.stack.push(value)
        try state.call(arguments: 1, results: 1)
        defer { state.stack.pop() }
        return try state.stack.value(at: -1)
    }

    @Test(arguments: [
        LuaValue.nil, true, false, 0, 42, -7, .integer(Int.max), .integer(Int.min), 0.5, -1e300, .number(.infinity),
        "", "plain", "naïve café ☕️ 🧠", "tab\tand\nnewline",
    ])
    func scalarsRoundTrip(_ value: LuaValue) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test func integersAndFloatsStayDistinct() throws {
        #expect(try roundTrip(3) == .integer(3))
        #expect(try roundTrip(3.0) == .number(3.0))
        let results = try state.run("return 7 // 2, 7 / 2, math.type(2^53)")
        #expect(results == [.integer(3), .number(3.5), .string("float")])
    }

    @Test func stringsAreUTF8BytesIncludingNUL() throws {
        let results = try state.run(#"return "a\0b", #"é", "\xff""#)
        #expect(results[0] == .string("a\u{0}b"))
        #expect(results[1] == .integer(2))
        #expect(results[2] == .string("\u{FFFD}"))
    }

    @Test func nestedTablesRoundTrip() throws {
        let value: LuaValue = [
            "name": "PAR1PW01", "roles": .array(["PW", "SU"]),
            "counts": ["3.1": 4, "17.2": 1], "weight": 0.25,
        ]
        #expect(try roundTrip(value) == value)
        #expect(try roundTrip(value).arrayValues == [])
        #expect(try roundTrip(.array([1, 2, 3])).arrayValues == [1, 2, 3])
    }

    @Test func cyclesAreRefusedWhenCopying() throws {
        let error = #expect(throws: LuaValueError.self) {
            try state.run("local t = {name = 'loop'}; t.child = {parent = t}; return t")
        }
        #expect(error == .cycle)
        // A table met twice on different paths is no cycle.
        let shared = try state.run("local s = {1}; return {a = s, b = s}")
        #expect(shared == [["a": .array([1]), "b": .array([1])]])
    }

    @Test func functionsAreOpaque() throws {
        #expect(try state.run("return print") == [.opaque("function")])
    }
}
