import CorpusQuery
import Foundation
import LuaBridge
@testable import PeerScript
import StudyModel
import Testing

/// Every options table is checked against its function's schema: misspelt names, values of the
/// wrong type and values outside the allowed ones are errors that say what would be right.
@Suite("option schemas", .timeLimit(.minutes(3)))
struct OptionSchemaTests {
    let session: ScriptSession

    init() throws {
        session = try ScriptSession(options: ScriptOptions(), scriptFolder: nil)
    }

    private func message(of source: String) -> String? { session.failure(of: source) }

    /// Each of these was silently ignored before: the misspelt option left the default in place.
    @Test(arguments: [
        (#"corpus.codings():cooccurrence("bct.id", { withn = "document" })"#, "unknown option 'withn'; did you mean 'within'?"),
        (#"corpus.codings():where{ ["bct.id"] = "3.1" }:quotes{ contxt = 20 }"#, "unknown option 'contxt'; did you mean 'context'?"),
        (#"report.new{ title = "R", titel = "R" }"#, "unknown option 'titel'; did you mean 'title'?"),
        (#"principles.fidelity{ bye = "participant" }"#, "unknown option 'bye'; did you mean 'by'?"),
        (#"stats.alpha({ { "a", "a" } }, { distanse = "masi" })"#, "unknown option 'distanse'; did you mean 'distance'?"),
        (#"stats.kappa({ { "a", "a" } }, { methd = "fleiss" })"#, "unknown option 'methd'; did you mean 'method'?"),
        (#"corpus.codings():count_by("participant.role"):plot{ knd = "bar" }"#, "unknown option 'knd'; did you mean 'kind'?"),
        (#"corpus.codings():crosstab("participant.role", "bct.group", { cont = "participants" })"#, "unknown option 'cont'; did you mean 'count'?"),
        (#"corpus.codings():count_by("participant.role", { mising = "drop" })"#, "unknown option 'mising'; did you mean 'missing'?"),
        (#"corpus.codings():count_by("participant.role"):percent{ bse = "group" }"#, "unknown option 'bse'; did you mean 'base'?"),
        (#"stats.agreement(corpus.codings(), { feild = "bct.id" })"#, "unknown option 'feild'; did you mean 'field'?"),
    ])
    func misspeltOptionsAreErrorsWithASuggestion(source: String, expected: String) {
        let text = message(of: source) ?? "no error"
        #expect(text.contains(expected), "\(source): \(text)")
    }

    @Test(arguments: [
        (#"corpus.codings():cooccurrence("bct.id", { within = "documnt" })"#,
         #"option 'within' must be "segment" or "document", not "documnt" (did you mean "document"?)"#),
        (#"corpus.codings():cooccurrence("bct.id", { overlap = 1 })"#, "option 'overlap' must be true or false, not number"),
        (#"corpus.codings():quotes{ context = -1 }"#, "option 'context' must be at least 0, not -1"),
        (#"corpus.codings():quotes{ context = 2.5 }"#, "option 'context' must be a whole number, not 2.5"),
        (#"principles.fidelity{ by = "site" }"#, #"option 'by' must be "case" or "participant", not "site""#),
        (#"stats.alpha({ { "a", "a" } }, { coders = 2 })"#, "option 'coders' must be a non-empty list of strings"),
        (#"report.new{ title = 3 }"#, "option 'title' must be a string, not number"),
    ])
    func wrongValuesSayWhatIsAllowed(source: String, expected: String) {
        let text = message(of: source) ?? "no error"
        #expect(text.contains(expected), "\(source): \(text)")
    }

    /// `by` meant "what the share is of" in `percent` but "group by" in `principles.fidelity`;
    /// the share's option is now `of`, and its column value is spelt out.
    @Test func percentTakesOfWithColumnSpeltOut() throws {
        let byColumn = try session.evaluate(#"""
            local t = corpus.codings():crosstab("participant.role", "case.sector")
            local p = t:percent{ of = "column" }
            local sum = 0
            for _, label in ipairs(p.row_labels) do sum = sum + p:cell(label, "PAR") end
            return sum
            """#)
        #expect(abs((byColumn.first?.doubleValue ?? 0) - 100) < 1e-6)
        let old = message(of: #"corpus.codings():count_by("participant.role"):percent{ by = "row" }"#) ?? "no error"
        #expect(old.contains("unknown option 'by'"), "\(old)")
        let col = message(of: #"corpus.codings():count_by("participant.role"):percent{ of = "col" }"#) ?? "no error"
        #expect(col.contains(#"option 'of' must be "row", "column" or "all", not "col" (did you mean "column"?)"#), "\(col)")
    }

    /// A third column of ratings used to turn Cohen's kappa into Fleiss' without a word.
    @Test func kappaNeverSwitchesMethodByItself() throws {
        let rows = #"{ {"a","a","b"}, {"b","b","b"}, {"a","b","a"}, {"a","a","a"} }"#
        let refused = message(of: "return stats.kappa(\(rows))") ?? "no error"
        #expect(refused.contains("Cohen's kappa compares exactly two coders, and these ratings have 3"))
        #expect(refused.contains(#"method = "fleiss""#))
        let fleiss = try session.evaluate(#"return stats.kappa(\#(rows), { method = "fleiss" })"#)
        #expect(fleiss.first?.doubleValue != nil)
        let two = try session.evaluate(#"return stats.kappa({ {"yes","yes"}, {"no","yes"}, {"no","no"}, {"yes","yes"} }, { method = "cohen" })"#)
        #expect(abs((two.first?.doubleValue ?? 0) - 0.5) < 1e-9)
    }

    /// `coders` names the coders in `stats.alpha` as in `stats.agreement`; their number is how
    /// many columns are read.
    @Test func alphaCodersAreNamesAsInAgreement() throws {
        let all = try session.evaluate(#"return stats.alpha{ {"a","a","b"}, {"b","b","a"}, {"a","a","b"} }"#)
        let firstTwo = try session.evaluate(#"return stats.alpha({ {"a","a","b"}, {"b","b","a"}, {"a","a","b"} }, { coders = { "Ann", "Ben" } })"#)
        #expect(firstTwo.first?.doubleValue == 1.0)
        #expect(all.first?.doubleValue != 1.0)
    }

    @Test func schemasDocumentTheirOptions() {
        let manual = APIReference.current.markdown()
        #expect(manual.contains("| `context` | `integer` | `0` | how many characters of text to show on each side |"))
        #expect(manual.contains(#"| `method` | `"cohen"\|"fleiss"` | `cohen` |"#))
        let definitions = APIReference.current.luaDefinitions()
        #expect(definitions.contains(#"---@param options? {within?: "segment"|"document", overlap?: boolean}"#))
    }

    @Test func aSchemaOffersNoSuggestionForANameFarFromAll() {
        let text = message(of: #"corpus.codings():quotes{ zzzzzzzz = 1 }"#) ?? "no error"
        #expect(text.contains("unknown option 'zzzzzzzz'; Query:quotes takes 'context'") || text.contains("unknown option 'zzzzzzzz'; quotes takes 'context'"), "\(text)")
    }
}

extension ScriptSession {
    /// The message of the error `source` raises, or nil when it runs.
    func failure(of source: String) -> String? {
        do {
            _ = try evaluate(source)
            return nil
        } catch let error as LuaError {
            return error.message
        } catch {
            return "\(error)"
        }
    }
}
