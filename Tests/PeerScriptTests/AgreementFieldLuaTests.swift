import CorpusGenerator
import Foundation
import GRDB
import LuaBridge
import PeerScript
import ProjectStorage
import Testing

/// `stats.agreement` on projects written for the purpose: what it compares by default, and
/// exact agreement against "a code in common" on generated projects.
@Suite("stats.agreement fields", .timeLimit(.minutes(3)))
struct AgreementFieldLuaTests {
    /// A session over the project file at `url`.
    private static func session(_ url: URL) throws -> ScriptSession {
        var options = ScriptOptions()
        options.projectPath = url.path
        return try ScriptSession(options: options, scriptFolder: nil)
    }

    /// A fresh path for a project file, removed with its folder by `cleanUp`.
    private static func projectURL() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agreement-field-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("project.peerdb")
    }

    private static func cleanUp(_ url: URL) {
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }

    /// Two coders applied techniques directly to twelve lines and agreed on ten.
    private static func writeDirectTechniques(to url: URL) throws {
        let first = ["3.1", "3.1", "3.2", "3.2", "1.4", "1.4", "2.2", "4.1", "8.1", "10.4", "1.1", "5.1"]
        let second = ["3.1", "3.1", "3.2", "3.2", "1.4", "1.4", "2.2", "4.1", "8.1", "10.4", "1.2", "6.1"]
        let store = try ProjectStore.create(at: url)
        try store.write { db in
            try db.execute(sql: "INSERT INTO coders (id, name) VALUES (1, 'A'), (2, 'B')")
            try db.execute(sql: "INSERT INTO documents (id, title, text, content_hash) VALUES ('D1', 'D1', ?, 'x')",
                           arguments: [String(repeating: "x", count: 120)])
            for line in first.indices {
                try db.execute(sql: "INSERT INTO segments (id, document_id, start, \"end\") VALUES (?, 'D1', ?, ?)",
                               arguments: [line + 1, line * 10, line * 10 + 10])
                try db.execute(sql: "INSERT INTO codings (segment_id, bct_id, coder_id) VALUES (?, ?, 1), (?, ?, 2)",
                               arguments: [line + 1, first[line], line + 1, second[line]])
            }
        }
    }

    /// Percent agreement 0.833 and alpha 0.819, as Python's `krippendorff` gives for these
    /// ratings (0.8188976377952756), rather than "perfect" agreement on "no code".
    @Test func techniquesAppliedDirectlyAreComparedByDefault() throws {
        let url = try Self.projectURL()
        defer { Self.cleanUp(url) }
        try Self.writeDirectTechniques(to: url)
        let results = try Self.session(url).evaluate("""
            local a = stats.agreement(corpus.codings())
            return a:get("percent_agreement"), (a:get("alpha_nominal")), a.field, tostring(a),
              (a:get("alpha_nominal", { code = "bct:1.1" }))
            """)
        #expect(abs((results[0].doubleValue ?? 0) - 10.0 / 12) < 1e-12)
        #expect(abs((results[1].doubleValue ?? 0) - 0.8188976377952756) < 1e-9)
        #expect(results[2] == "coding.applied")
        let printed = results[3].stringValue ?? ""
        #expect(printed.contains("0.833") && printed.contains("0.819") && !printed.contains("no variation"), "\(printed)")
        #expect(results[4].doubleValue != nil)
    }

    /// On generated projects, for several fields and both kinds of unit, overall and per pair:
    /// exact agreement and "a code in common" use the same units, and exact is never higher.
    @Test func exactAgreementNeverExceedsACodeInCommon() throws {
        for seed: UInt64 in [5, 17, 40] {
            let url = try Self.projectURL()
            defer { Self.cleanUp(url) }
            _ = try ProjectGenerator.generate(GeneratorOptions(
                participants: 12, codings: 1_200, coders: 3, seed: seed, doubleCodedShare: 0.8, disagreement: 0.35), to: url)
            let results = try Self.session(url).evaluate("""
                local problems, compared = {}, 0
                for _, field in ipairs{ "code.id", "bct.id", "bct.group", "code.category", "code.theme", "coding.applied" } do
                  for _, unit in ipairs{ "segment", "document" } do
                    local a = stats.agreement(corpus.codings(), { field = field, unit = unit, per_code = false })
                    local exact, common = {}, {}
                    for row in a:rows() do
                      if row.measure == "percent_agreement" then exact[row.pair] = row end
                      if row.measure == "any_code_in_common" then common[row.pair] = row end
                    end
                    for pair, e in pairs(exact) do
                      local c = common[pair]
                      local where = field .. " " .. unit .. " " .. pair
                      compared = compared + e.units
                      if e.units ~= c.units then
                        problems[#problems + 1] = where .. ": units " .. e.units .. " vs " .. c.units
                      elseif (e.value or 0) > (c.value or 0) then
                        problems[#problems + 1] = ("%s: exact %.3f > in common %.3f"):format(where, e.value, c.value or 0)
                      end
                    end
                  end
                end
                return table.concat(problems, "\\n"), compared
                """)
            #expect(results[0] == "", "seed \(seed)")
            #expect((results[1].intValue ?? 0) > 0, "seed \(seed)")
        }
    }
}
