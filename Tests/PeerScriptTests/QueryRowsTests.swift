import LuaBridge
import PeerScript
import Testing

@Suite("Iterating query rows from Lua")
struct QueryRowsTests {
    let session: ScriptSession

    init() throws {
        session = try ScriptSession(options: ScriptOptions(), scriptFolder: nil)
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
}
