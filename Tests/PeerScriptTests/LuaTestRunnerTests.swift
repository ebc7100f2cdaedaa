import Foundation
import StudyModel
import Testing

@Suite("peerscript test", .timeLimit(.minutes(3)))
struct LuaTestRunnerTests {
    /// The output's last line, which `peerscript test` always makes the summary.
    private func summary(_ result: PeerScriptCLI.Result) -> String {
        result.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test func shippedLibraryAndExampleTestsPass() throws {
        let result = try PeerScriptCLI.run(["test", "Scripts", "Examples"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let last = summary(result)
        #expect(last.hasSuffix(" passed, 0 failed"))
        #expect(Int(last.prefix { $0.isNumber }).map { $0 > 0 } == true)
    }

    @Test func failingExpectationReportsFileLineAndExitsNonZero() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            describe("sums", function()
              it("adds", function() expect(1 + 1).to.equal(2) end)
              it("is wrong", function()
                local total = 1 + 1
                expect(total).to.equal(3)
              end)
            end)
            test("still runs after a failure", function() expect("abc").to.contain("b") end)
            """, to: "sums_test.lua")
        let result = try PeerScriptCLI.run(["test", "sums_test.lua"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stdout == "sums_test.lua:5: sums > is wrong: expected 3, got 2\n2 passed, 1 failed\n")
    }

    @Test func tableDifferencesAreListedByPath() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            test("tables", function()
              local expected = { PW = { ["3.1"] = 4, ["17.2"] = 1 }, SU = 7, list = { 1, 2, 3 } }
              local actual = { PW = { ["3.1"] = 5, ["17.2"] = 1 }, ST = 2, list = { 1, 2, 3.5 } }
              expect(actual).to.equal(expected)
            end)
            """, to: "diff_test.lua")
        let result = try PeerScriptCLI.run(["test"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stdout == """
            diff_test.lua:4: tables: tables differ in 4 places:
                PW["3.1"]: expected 4, got 5
                ST: unexpected 2
                SU: missing (expected 7)
                list[3]: expected 3, got 3.5
            0 passed, 1 failed

            """)
    }

    @Test func nearNumbersFailuresAndNegation() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            test("near", function() expect(0.1 + 0.2).to.be_near(0.3) end)
            test("near tables", function() expect({ a = 1.00001, b = { 2 } }).to.be_near({ a = 1, b = { 2.00002 } }, 1e-4) end)
            test("too far", function() expect(0.5).to.be_near(0.25, 0.1) end)
            test("fails with message", function() expect(function() error("unknown BCT '99.9'") end).to.fail("unknown BCT") end)
            test("fails with another message", function() expect(function() error("boom", 0) end).to.fail("unknown BCT") end)
            test("does not fail", function() expect(function() end).to.fail() end)
            test("negated", function() expect({ 1, 2 }).not_to.equal({ 1, 2 }) end)
            test("float shown exactly", function() expect(0.1 + 0.2).to.equal(0.3) end)
            test("unknown check", function() expect(1).to.equals(1) end)
            test("misspelt to", function() expect(1).to_not.equal(2) end)
            """, to: "checks_test.lua")
        let result = try PeerScriptCLI.run(["test", "checks_test.lua"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stdout == """
            checks_test.lua:3: too far: expected 0.25 ± 0.1, got 0.5 (off by 0.25)
            checks_test.lua:5: fails with another message: expected an error containing "unknown BCT", got: boom
            checks_test.lua:6: does not fail: expected the function to fail, but it returned normally
            checks_test.lua:7: negated: expected a value other than {1, 2}
            checks_test.lua:8: float shown exactly: expected 0.3, got 0.30000000000000004
            checks_test.lua:9: unknown check: unknown expectation 'equals' (expectations are: be_near, be_nil, be_truthy, contain, equal, fail, match, match_golden)
            checks_test.lua:10: misspelt to: expect(value).to_not is not an expectation: write expect(value).to.<check>(…) or expect(value).not_to.<check>(…)
            3 passed, 7 failed

            """)
    }

    @Test func errorsAreReportedWhereTheyHappen() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            test("indexes nil", function()
              local t = nil
              return t.x
            end)
            test("sandboxed", function() os.execute("true") end)
            """, to: "errors_test.lua")
        try folder.write("local x = \n", to: "syntax_test.lua")
        let result = try PeerScriptCLI.run(["test", "."], in: folder.url)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "errors_test.lua:3: indexes nil: error: attempt to index a nil value (local 't')",
            "errors_test.lua:5: sandboxed: error: os.execute is not available in the sandbox (run with --trusted to allow it)",
            "syntax_test.lua:2: unexpected symbol near <eof>",
            "0 passed, 3 failed",
        ])
    }

    @Test func goldenFilesAreComparedAndUpdated() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            test("report", function()
              expect(("line %d\\n"):rep(3):format(1, 2, 3)).to.match_golden("golden/report.txt")
            end)
            """, to: "golden_test.lua")
        let missing = try PeerScriptCLI.run(["test"], in: folder.url)
        #expect(missing.status == 1)
        #expect(missing.stdout.hasPrefix(
            "golden_test.lua:2: report: golden file golden/report.txt does not exist (run `peerscript test --update` to create it)\n"))

        let update = try PeerScriptCLI.run(["test", "--update"], in: folder.url)
        #expect(update.status == 0)
        #expect(update.stdout == "updated golden/report.txt\n1 passed, 0 failed\n")
        let golden = folder.url.appendingPathComponent("golden/report.txt")
        #expect(try String(contentsOf: golden, encoding: .utf8) == "line 1\nline 2\nline 3\n")

        let again = try PeerScriptCLI.run(["test"], in: folder.url)
        #expect(again.stdout == "1 passed, 0 failed\n")

        try Data("line 1\r\nline two\r\nline 3\r\n".utf8).write(to: golden)
        let changed = try PeerScriptCLI.run(["test"], in: folder.url)
        #expect(changed.status == 1)
        #expect(changed.stdout == """
            golden_test.lua:2: report: text differs from golden file golden/report.txt at line 2 (run `peerscript test --update` to accept it)
                expected: "line two"
                got:      "line 2"
            0 passed, 1 failed

            """)
    }

    @Test func goldenNamesMayNotLeaveTheTestFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write(#"test("escape", function() expect("x").to.match_golden("../x.golden") end)"#, to: "a/escape_test.lua")
        let result = try PeerScriptCLI.run(["test", "--update"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("a/escape_test.lua:1: escape: golden file name '../x.golden' must be a relative path inside the test file's folder"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("x.golden").path))
    }

    @Test func timeLimitStopsTheFileAndNamesTheTest() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            test("first", function() end)
            test("loops", function() while true do end end)
            test("never runs", function() end)
            """, to: "slow_test.lua")
        let result = try PeerScriptCLI.run(["test", "--timeout", "0.5"], in: folder.url)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("slow_test.lua:2: loops: ") == true)
        #expect(lines.first?.contains("timeout after 0.5 s") == true)
        #expect(lines.first?.hasSuffix("(1 later test in this file did not run)") == true)
        #expect(lines.last == "1 passed, 1 failed")
    }

    @Test func eachFileGetsAFreshState() throws {
        let folder = try TemporaryFolder()
        try folder.write(#"shared = "set by a"; test("a", function() expect(shared).to.equal("set by a") end)"#, to: "a_test.lua")
        try folder.write(#"test("b", function() expect(shared).to.be_nil() end)"#, to: "b_test.lua")
        let result = try PeerScriptCLI.run(["test"], in: folder.url)
        #expect(result.stdout == "2 passed, 0 failed\n")
        #expect(result.status == 0)
    }

    @Test func noTestsIsAFailure() throws {
        let folder = try TemporaryFolder()
        try folder.write("print('not a test')", to: "script.lua")
        let result = try PeerScriptCLI.run(["test"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stdout == "0 passed, 0 failed\n")
        #expect(result.stderr.contains("no *_test.lua files found in ."))
    }

    @Test func missingPathIsAUsageError() throws {
        let result = try PeerScriptCLI.run(["test", "no-such-folder"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("no test file or folder at 'no-such-folder'"))
    }
}
