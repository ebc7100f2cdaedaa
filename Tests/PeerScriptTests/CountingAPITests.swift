import Foundation
import LuaBridge
import PeerScript
import StudyModel
import Testing

/// Distinct totals, shares of a group, levels and missing values as scripts see them, on the
/// demo corpus; every expected number is recomputed in the script with `count()`.
@Suite("Counting from Lua", .timeLimit(.minutes(2)))
struct CountingAPITests {
    let session: ScriptSession

    init() throws {
        session = try ScriptSession(options: ScriptOptions(), scriptFolder: nil)
    }

    /// Runs `body` after `local t`, the participants by role and BCTTv1 group.
    private func evaluate(_ body: String) throws -> [LuaValue] {
        try session.evaluate("""
            local q = corpus.codings():where{ framework = "bcttv1" }
            local t = q:crosstab("participant.role", "bct.group", { count = "participants" })
            local function people(filter) return corpus.participants():where(filter):count() end
            \(body)
            """)
    }

    @Test func rowTotalsCountDistinctParticipants() throws {
        let results = try evaluate("""
            local ok = true
            for _, role in ipairs(t.row_labels) do
              ok = ok and t:cell(role, "Total") == people{ framework = "bcttv1", ["participant.role"] = role }
            end
            return ok, t:cell("Total", "Total") == people{ framework = "bcttv1" }, t:cell("Total", "3") == people{ ["bct.group"] = "3" }
            """)
        #expect(results == [.boolean(true), .boolean(true), .boolean(true)])
    }

    @Test func percentOfTheTotalAndOfTheGroup() throws {
        let results = try evaluate("""
            local byTotal, byGroup = t:percent{ of = "row" }, t:percent{ of = "row", base = "group" }
            local ok = true
            for _, role in ipairs(t.row_labels) do
              for _, group in ipairs(t.columns) do
                local n = t:cell(role, group)
                ok = ok and math.abs(byTotal:cell(role, group) - 100 * n / t:cell(role, "Total")) < 1e-9
                ok = ok and math.abs(byGroup:cell(role, group) - 100 * n / people{ ["participant.role"] = role }) < 1e-9
              end
            end
            return ok, byGroup.notes[#byGroup.notes], tostring(byGroup):find("own group", 1, true) ~= nil
            """)
        #expect(results.first == .boolean(true))
        #expect(results[1] == .string("Percent of each row's own group: all participants with its participant.role, counted or not."))
        #expect(results[2] == .boolean(true))
    }

    @Test func levelsShowEveryGroupWithZeros() throws {
        let results = try evaluate("""
            local all = q:crosstab("participant.role", "bct.group", { count = "participants", levels = { columns = "all" } })
            local both = q:crosstab("participant.role", "bct.group", { levels = "all" })
            local listed = q:count_by("bct.group", { levels = { "16", "3" } })
            return #all.columns, all:cell("MA", "16"), #both.row_labels, table.concat(listed.row_labels, ",")
            """)
        #expect(results == [.integer(16), .integer(0), .integer(4), .string("16,3")])
    }

    @Test func missingValuesAreAGroupUnlessDropped() throws {
        let results = try session.evaluate("""
            local q = corpus.participants()
            local shown = q:count_by("years_in_role")
            local dropped = q:count_by("years_in_role", { missing = "drop" })
            local su = q:where{ ["participant.role"] = "SU" }:count()
            return shown:cell("Total", "participants") == q:count(), shown:cell("(missing)", "participants") == su,
              dropped.notes[1] == ("%d of %d participants are not counted: no value for participant.years_in_role.")
                :format(su, q:count())
            """)
        #expect(results == [.boolean(true), .boolean(true), .boolean(true)])
    }

    @Test func badOptionsAreRefusedWithWhatToWrite() throws {
        let cases: [(String, String)] = [
            (#"corpus.participants():count_by("participant.role", { levels = { "pw" } })"#, "did you mean 'PW'"),
            (#"corpus.codings():crosstab("coder", "bct.group", { levels = { rowz = "all" } })"#, "its keys are 'rows', 'columns'"),
            (#"corpus.codings():crosstab("coder", "bct.group", { missing = "hide" })"#, "'missing' must be \"show\" or \"drop\""),
            (#"corpus.codings():crosstab("coder", "bct.group", { levles = "all" })"#, "unknown option 'levles'"),
            (#"corpus.codings():count_by("coder", "bct.id", { levels = { "1.1" } })"#, "key the lists by field name"),
            (#"corpus.codings():crosstab("bct.id", "coder", { count = "participants" }):percent{ base = "group" }"#, "no group sizes for its rows"),
            (#"corpus.codings():count_by("coder"):percent{ base = "everyone" }"#, "'base' must be \"total\" or \"group\""),
        ]
        for (script, message) in cases {
            let results = try session.evaluate("local ok, e = pcall(function() return \(script) end) return ok, tostring(e)")
            #expect(results.first == .boolean(false), "\(script)")
            #expect(results.last?.stringValue?.contains(message) == true, "\(script): \(results.last?.stringValue ?? "")")
        }
    }
}
