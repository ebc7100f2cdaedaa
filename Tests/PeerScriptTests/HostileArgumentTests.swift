import Foundation
import StudyModel
import Testing

/// Scripts that pass the API what it does not expect, run as a separate process so that a
/// crash fails the test instead of ending the test run.
@Suite("Hostile arguments neither crash nor corrupt the host", .timeLimit(.minutes(3)))
struct HostileArgumentTests {
    /// Runs `source` with the demo corpus in a fresh folder; output files land in it.
    func run(_ source: String, _ extra: [String] = []) throws -> PeerScriptCLI.Result {
        let folder = try TemporaryFolder()
        let script = try folder.write(source, to: "hostile.lua")
        return try PeerScriptCLI.run(["run", script, "--out", folder.url.path] + extra, in: folder.url)
    }

    @Test func numbersWhereStringsAreExpectedAreConvertedAsLuaConvertsThem() throws {
        let result = try run("""
            print(pcall(taxonomy.get, 1))
            print(taxonomy.get(1.1).label)
            print(pcall(peerscript.write, 123, "x"))
            local t = corpus.codings():count_by("participant.role")
            print(pcall(t.cell, t, 1, 1))
            print(pcall(t.cell, t, 2^63, 1.5))
            """)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix("false\tunknown BCT '1';") == true)
        #expect(lines.dropFirst().first == "Goal setting (behaviour)")
        #expect(lines.dropFirst(2).first?.hasPrefix("true\t") == true)
        #expect(lines.dropFirst(3).first?.hasPrefix("false\tno row is labelled '1';") == true)
        #expect(lines.dropFirst(4).first?.hasPrefix("false\tno row is labelled '9.2233720368548e+18';") == true)
    }

    /// Every way a script hands the host a nested table, at depths around the old breaking
    /// points, on the main thread and inside a coroutine.
    @Test(arguments: [17, 18, 19, 31, 32, 33, 40, 300])
    func deeplyNestedTablesAreRefusedCleanly(depth: Int) throws {
        let result = try run("""
            local function deep(n, key)
              local t = {}
              for i = 1, n do t = { [key or 1] = t, ["k" .. i] = string.rep("\\255", 24) } end
              return t
            end
            local calls = {
              function() return stats.alpha(deep(DEPTH)) end,
              function() return stats.alpha({ { "a", deep(DEPTH) }, { "a", "a" } }) end,
              function() return corpus.codings():where{ ["participant.role"] = deep(DEPTH) }:count() end,
              function() return taxonomy.extend(deep(DEPTH, "groups")) end,
              function() return report.new(deep(DEPTH, "title")) end,
              function() return corpus.codings():crosstab("participant.role", "coder", deep(DEPTH, "count")) end,
            }
            local function all()
              local out = {}
              for i, f in ipairs(calls) do
                local ok, message = pcall(f)
                out[#out + 1] = tostring(ok) .. " " .. tostring(message):gsub("^.-:%d+: ", "")
              end
              return table.concat(out, "\\n")
            end
            print(all())
            print(coroutine.wrap(all)())
            print("done")
            """.replacingOccurrences(of: "DEPTH", with: String(depth)))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "done")
        #expect(lines.count == 13)
        let refusal = "tables nested more than 32 levels deep are not accepted"
        if depth > 32 {
            // Each call's argument nests deeper than the limit somewhere.
            #expect(lines.dropLast().allSatisfy { $0.hasPrefix("false ") && $0.contains(refusal) },
                    "\(lines)")
        } else if depth < 30 {
            #expect(!result.stdout.contains(refusal))
        }
    }

    @Test func keysThatHaveNoSwiftCopyAreRefused() throws {
        let result = try run("""
            print(pcall(report.new, { [print] = 1, title = "x" }))
            print(pcall(stats.alpha, { [{}] = { "a", "a" } }))
            local t = {}; t.self = { t }
            print(pcall(report.new, t))
            """)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == """
            false\tbad argument #1 to 'report.new' (table keys must be strings, numbers or booleans, not function values)
            false\tbad argument #1 to 'stats.alpha' (table keys must be strings, numbers or booleans, not table values)
            false\tbad argument #1 to 'report.new' (a table that contains itself is not accepted)

            """)
    }

    @Test func aManifestReturningADeepTableIsRefusedByLibInstall() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            local t = { name = "deep", version = "1.0.0" }
            for i = 1, 40 do t = { inner = t, name = "deep", version = "1.0.0" } end
            return t
            """, to: "deep/peerlib.lua")
        try folder.write("return {}\n", to: "deep/init.lua")
        let home = folder.url.appendingPathComponent("home").path
        let result = try PeerScriptCLI.run(["lib", "install", folder.url.appendingPathComponent("deep").path],
                                           in: folder.url, environment: ["PEERSCRIPT_HOME": home, "PEERSCRIPT_PATH": ""])
        #expect(result.status != 0)
        #expect(result.stderr.contains("nested more than 32 levels deep"), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    /// 3,000 references to one 1 MB string: the copy holds the string once, so the call
    /// finishes within the limit instead of growing to gigabytes.
    @Test func sharedStringsAreCopiedOnceAndCopiesCountAgainstTheLimit() throws {
        let result = try run("""
            local big = string.rep("x", 1 << 20)
            local rows = {}
            for i = 1, 3000 do rows[i] = { big, big } end
            print(stats.alpha(rows))
            local many = {}
            for i = 1, 400000 do many[i] = { i, i } end
            print(pcall(stats.alpha, many))
            print("alive")
            """, ["--max-memory", "64"])
        #expect(result.stdout.hasPrefix("nil\tno variation:") || result.stdout.hasPrefix("nil\t"),
                "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("false\tnot enough memory\nalive\n"), "stdout: \(result.stdout)")
        #expect(result.status == 0, "stderr: \(result.stderr)")
    }

    @Test func wherePredicatesRunOnTheThreadThatAsksForTheResult() throws {
        let result = try run("""
            local co = coroutine.create(function()
              local seen
              local n = corpus.participants():where(function(r) seen = coroutine.running() return true end):count()
              return seen == coroutine.running(), n > 0
            end)
            print(coroutine.resume(co))
            local seen
            local q = coroutine.wrap(function()
              return corpus.participants():where(function(r) seen = coroutine.running() return true end)
            end)()
            q:count()
            print(seen == coroutine.running())
            """)
        #expect(result.stdout == "true\ttrue\ttrue\ntrue\n", "stderr: \(result.stderr)")
        #expect(result.status == 0)
    }

    /// Megabyte arguments where names are expected: answered at once, with short messages.
    @Test func hugeNamesGetShortMessagesQuickly() throws {
        let result = try run("""
            local huge = string.rep("x", 1000000)
            local q = corpus.codings()
            local calls = {
              function() return taxonomy.get(huge) end,
              function() return q:count_by(huge) end,
              function() return q:where{ [huge] = "a" }:count() end,
              function() return q:where{ ["bct.id"] = huge }:count() end,
              function() return stats.agreement(q, { unit = huge }) end,
              function() return principles.get(huge) end,
            }
            for _, f in ipairs(calls) do
              local ok, message = pcall(f)
              print(ok, #tostring(message) < 5000)
            end
            """, ["--timeout", "20"])
        #expect(result.status == 0, "stderr: \(result.stderr.prefix(500))")
        #expect(result.stdout == String(repeating: "false\ttrue\n", count: 6))
    }
}
