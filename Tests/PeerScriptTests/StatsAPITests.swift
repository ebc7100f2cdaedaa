import LuaBridge
import PeerScript
import Testing

@Suite("stats from Lua")
struct StatsAPITests {
    let session: ScriptSession

    init() throws {
        session = try ScriptSession(options: ScriptOptions(), scriptFolder: nil)
    }

    /// Reference values from Python's `krippendorff` (0.5333…) and scikit-learn's
    /// `cohen_kappa_score` (0.5) on the same ratings.
    @Test func plainRatingsMatchReferencePackages() throws {
        let alpha = try session.evaluate(#"return stats.alpha{ {"a","a"}, {"b","b"}, {"a","b"}, {"a","a"} }"#)
        #expect(abs((alpha.first?.doubleValue ?? 0) - 0.533333333333333) < 1e-6)
        let kappa = try session.evaluate(#"return stats.kappa{ {"yes","yes"}, {"no","yes"}, {"no","no"}, {"yes","yes"} }"#)
        #expect(abs((kappa.first?.doubleValue ?? 0) - 0.5) < 1e-6)
    }

    @Test func undefinedAgreementIsNilWithAReason() throws {
        let results = try session.evaluate(#"return stats.alpha{ {"a", "a"}, {"a", "a"} }"#)
        #expect(results.first == .nil)
        #expect(results.count == 2 && results[1] != .nil)
    }

    @Test func corpusAgreementCountsUnitsAndCoders() throws {
        let results = try session.evaluate("""
            local t = stats.agreement(corpus.codings(), { unit = "document", per_code = false, per_pair = false })
            local rows = {}
            for row in t:rows() do rows[#rows + 1] = row end
            return #rows, rows[1].measure, rows[1].coders
            """)
        #expect(results[0] == 6)
        #expect(results[1] == "percent_agreement")
        #expect(results[2] == 3)
    }

    @Test func wrongUseIsReported() throws {
        #expect(throws: LuaError.self) { try session.evaluate(#"return stats.agreement(corpus.participants())"#) }
        #expect(throws: LuaError.self) { try session.evaluate(#"return stats.alpha({}, { distance = "euclid" })"#) }
    }
}
