import CorpusQuery
import Foundation
import LuaBridge
import PeerScript
import StudyModel
import Testing

@Suite("stats from Lua", .timeLimit(.minutes(3)))
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

    @Test func corpusFiguresAreTheDomainFigures() throws {
        let snapshot = try session.corpusSnapshot()
        let data = try snapshot.codings().agreementData(
            unit: .segment, options: AgreementOptions(minimumOverlap: .share(0.5), uncoded: .missing))
        let alpha = try session.evaluate("""
            local a = stats.agreement(corpus.codings(), { min_overlap = 0.5, uncoded = "missing" })
            return a:get("alpha_nominal")
            """)
        let expected = data.krippendorffAlpha()
        #expect(alpha.first?.doubleValue == expected.value)
        let kappa = try session.evaluate("""
            local a = stats.agreement(corpus.codings(), { min_overlap = "50%", uncoded = "missing" })
            local forward = a:get("cohen_kappa", { pair = { "Coder A", "Coder B" } })
            local backward, _, record = a:get("cohen_kappa", { pair = { "Coder B", "Coder A" } })
            return forward, backward, record.units, record.pair
            """)
        let pair = try data.cohenKappa(between: "Coder A", and: "Coder B")
        #expect(kappa[0].doubleValue == pair.value && kappa[1] == kappa[0])
        #expect(kappa[2].intValue == pair.units)
        #expect(kappa[3] == "Coder A–Coder B")
    }

    @Test func undefinedFiguresGiveTheirReasonAndPrintAsNotes() throws {
        let results = try session.evaluate("""
            local a = stats.agreement({ { "x", "x" }, { "x", "x" } }, { coders = { "Ann", "Ben" }, per_code = false })
            local value, reason = a:get("cohen_kappa", { pair = { "Ann", "Ben" } })
            return value, reason, a:get("percent_agreement"), tostring(a), a.coders[2]
            """)
        #expect(results[0] == .nil)
        #expect(results[1].stringValue?.hasPrefix("no variation") == true)
        #expect(results[2].doubleValue == 1)
        #expect(results[3].stringValue?.contains("* NA in ") == true)
        #expect(results[4] == "Ben")
    }

    @Test func characterAgreementPoolsEachCodeAndTakesGroups() throws {
        let results = try session.evaluate("""
            local a = stats.agreement(corpus.codings(), { unit = "character" })
            local pooled, per_document = 0, 0
            for row in a:rows() do
              if row.measure == "character_kappa" then
                if row.document == "all" then pooled = pooled + 1 else per_document = per_document + 1 end
              end
            end
            local g = stats.agreement(corpus.codings(), { unit = "character", sides = { { "Coder A" }, { "Coder B", "Coder C" } } })
            local first = g:rows()()
            return pooled, per_document, first.pair, a.unit, a.table and #a:table()
            """)
        #expect((results[0].intValue ?? 0) > 0 && (results[1].intValue ?? 0) > (results[0].intValue ?? 0))
        #expect(results[2] == "Coder A–Coder B+Coder C")
        #expect(results[3] == "character")
    }

    @Test func resultsCanBeWalkedInsideACoroutine() throws {
        let results = try session.evaluate("""
            return coroutine.wrap(function()
              local n, m = 0, 0
              for _ in stats.agreement(corpus.codings(), { unit = "document" }):rows() do n = n + 1 end
              for _ in corpus.codings():count_by("coder"):rows() do m = m + 1 end
              return n, m
            end)()
            """)
        #expect((results[0].intValue ?? 0) > 6)
        #expect(results[1] == 3)
    }

    @Test func shippedReportWritesMarkdownAndCSV() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agreement-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = ScriptOptions()
        options.outputFolder = folder
        let session = try ScriptSession(options: options, scriptFolder: nil)
        let results = try session.evaluate(#"local _, _, text = require("peer.agreement").report{ write = "agreement" } return text"#)
        let markdown = try String(contentsOf: folder.appendingPathComponent("agreement.md"), encoding: .utf8)
        #expect(results.first?.stringValue == markdown)
        #expect(markdown.hasPrefix("# Inter-coder agreement"))
        let csv = try String(contentsOf: folder.appendingPathComponent("agreement.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("measure,code,pair,value,units,dropped,coders,pairable_values\r\n"))
    }

    @Test func wrongUseIsReported() throws {
        #expect(throws: LuaError.self) { try session.evaluate(#"return stats.agreement(corpus.participants())"#) }
        #expect(throws: LuaError.self) { try session.evaluate(#"return stats.alpha({}, { distance = "euclid" })"#) }
        let cases = [
            (#"stats.agreement(corpus.codings(), { minoverlap = 2 })"#, "unknown option 'minoverlap'"),
            (#"stats.agreement(corpus.codings(), { min_overlap = 0 })"#, "'min_overlap': a minimum overlap of 0 characters cannot be met"),
            (#"stats.agreement(corpus.codings(), { min_overlap = "150%" })"#, "cannot be met"),
            (#"stats.agreement(corpus.codings(), { min_overlap = 2.5 })"#, "neither a whole number of characters nor a share below 1"),
            (#"stats.agreement(corpus.codings(), { unit = "line" })"#, #"'unit' must be "segment", "document" or "character", not "line")"#),
            (#"stats.agreement(corpus.codings(), { unit = 5 })"#, "option 'unit' must be a string, not number"),
            (#"stats.agreement(corpus.codings(), { field = true })"#, "option 'field' must be a string, not boolean"),
            (#"stats.agreement(corpus.codings(), { sides = { { "Coder A" }, { "Coder B" } } })"#, "'sides' applies to character agreement only"),
            (#"stats.agreement(corpus.codings(), { coders = { "Coder A", "Coder Z" } })"#, "coder 'Coder Z' does not appear"),
            (#"stats.agreement(corpus.codings()):get("kappa")"#, "unknown measure 'kappa'"),
            (#"stats.agreement(corpus.codings()):get("cohen_kappa", { pair = { "Coder A" } })"#, "'pair' must list two coder names"),
        ]
        for (source, message) in cases {
            do {
                _ = try session.evaluate(source)
                Issue.record("no error for \(source)")
            } catch let error as LuaError {
                #expect(error.message.contains(message), "\(source): \(error.message)")
            }
        }
    }
}
