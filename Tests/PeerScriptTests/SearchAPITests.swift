import Foundation
import LuaBridge
import PeerScript
import Testing

/// `corpus.search`, `Hits` and `corpus.words` as scripts see them, in the sandbox, on the demo
/// corpus; expected numbers are recomputed in the script from the texts themselves.
@Suite("Search from Lua", .timeLimit(.minutes(3)))
struct SearchAPITests {
    private func session(timeout: Double? = 60) throws -> ScriptSession {
        var options = ScriptOptions()
        options.timeout = timeout
        return try ScriptSession(options: options, scriptFolder: nil)
    }

    @Test func hitsAgreeWithAPlainFindOverTheQuotedTexts() throws {
        // Every document's full text through quotes of its segments is not the whole text, so
        // the check reads each hit back from its own quote with a large context.
        let results = try session().evaluate("""
            local hits = corpus.search("trust")
            local ok = hits:count() > 0
            for _, q in ipairs(hits:quotes{ context = 5 }) do
              ok = ok and q.text:lower() == "trust" and q["end"] - q.start == 5
            end
            return ok, hits.entity, tostring(hits):match("^Hits%(%d+ hits for 'trust'%)$") ~= nil
            """)
        #expect(results == [.boolean(true), .string("hits"), .boolean(true)])
    }

    @Test func hitsGroupAndFilterLikeQueries() throws {
        let results = try session().evaluate("""
            local hits = corpus.search("lived experience", { mode = "phrase" })
            local byRole = hits:count_by("participant.role")
            local sum = 0
            for _, role in ipairs(byRole.row_labels) do
              local n = byRole:cell(role, "hits")
              sum = sum + n
              if hits:where{ ["participant.role"] = role }:count() ~= n then return false end
            end
            local crosstab = hits:crosstab("participant.role", "case.sector")
            return sum == hits:count(), crosstab:cell("Total", "Total") == hits:count()
            """)
        #expect(results == [.boolean(true), .boolean(true)])
    }

    @Test func withinACodingQueryAndUncodedTextSplitTheHits() throws {
        let results = try session().evaluate("""
            local all = corpus.search("experience")
            local coded = corpus.search("experience", { within = corpus.codings() })
            local uncoded = corpus.search("experience", { uncoded = true })
            local bct = corpus.search("experience", { within = corpus.codings():where{ ["bct.id"] = "17.1" } })
            return all:count() > 0, coded:count() + uncoded:count() == all:count(), bct:count() <= coded:count()
            """)
        #expect(results == [.boolean(true), .boolean(true), .boolean(true)])
    }

    @Test func kwicAlignsTheHits() throws {
        let results = try session().evaluate("""
            local lines = corpus.search("hope"):kwic{ width = 20 }
            local ok = #lines > 0
            for _, l in ipairs(lines) do
              ok = ok and utf8.len(l.left) == 20 and l.hit:lower() == "hope" and not l.left:find("\\n")
            end
            return ok
            """)
        #expect(results == [.boolean(true)])
    }

    @Test func wordsCountWhatTheSearchFinds() throws {
        let results = try session().evaluate("""
            local words = corpus.words{ exclude = { "synthetic" } }
            local byRole = corpus.words{ by = "participant.role", top = 5 }
            local key = corpus.words{ by = "participant.role", keyness = "PW", top = 3 }
            return words:cell("trust", "count") == corpus.search("trust"):count(),
              words.row_labels[1] ~= "synthetic", #byRole.row_labels, key.columns[3]
            """)
        #expect(results == [.boolean(true), .boolean(true), .integer(5), .string("log_likelihood")])
    }

    @Test func aHostileRegularExpressionIsStoppedByTheTimeLimit() throws {
        let started = Date()
        #expect(throws: (any Error).self) {
            _ = try session(timeout: 1).evaluate(#"return corpus.search("^(\\w+\\s?)*$", { mode = "regex" }):count()"#)
        }
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func badOptionsAreRefusedWithTheirReason() throws {
        let session = try session()
        func message(_ script: String) -> String { Self.outcome(of: script, in: session) }
        #expect(message(#"corpus.search("a", { mode = "fuzzy" })"#).contains("mode"))
        #expect(message(#"corpus.search("a", { within = "codings" })"#).contains("must be a Query"))
        #expect(message(#"corpus.search("(", { mode = "regex" })"#).contains("not a valid regular expression"))
        #expect(message(#"corpus.words{ keyness = "PW" }"#).contains("needs by"))
        #expect(message(#"corpus.search("hope"):count_by("code.id")"#).contains("hits have document, participant and case fields"))
    }

    @Test("Hits:where reads its table as Query:where does: numbers as their text, a bad value refused, not dropped")
    func hitsWhereReadsFiltersAsQueriesDo() throws {
        let session = try session()
        func message(_ script: String) -> String { Self.outcome(of: script, in: session) }
        for filter in [#"{ ["case.id"] = 7 }"#, #"{ ["case.id"] = { "PAR1", {} } }"#, #"{ ["case.id"] = true }"#] {
            let hits = message("return corpus.search(\"hope\"):where\(filter):count()")
            #expect(hits != "accepted", "\(filter)")
            #expect(hits == message("return corpus.codings():where\(filter):count()"), "\(filter)")
        }
    }

    /// "accepted" when `script` runs, else its error without the chunk name and line.
    static func outcome(of script: String, in session: ScriptSession) -> String {
        do {
            _ = try session.evaluate(script)
            return "accepted"
        } catch {
            return "\(error)".replacingOccurrences(of: #"^\(evaluate\):\d+: "#, with: "", options: .regularExpression)
        }
    }

    @Test func theSandboxReadsTextsButNoFiles() throws {
        let results = try session().evaluate("""
            local q = corpus.search("recovery"):quotes{ context = 10 }
            return type(q[1].text), not pcall(function() return io.open("/etc/passwd") end),
              not pcall(function() return os.execute("true") end), corpus.search("/etc/passwd", { mode = "regex" }):count()
            """)
        // A path is searched for as text in the documents, never opened.
        #expect(results == [.string("string"), .boolean(true), .boolean(true), .integer(0)])
    }
}
