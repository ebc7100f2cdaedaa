import Foundation
import Testing

/// `peerscript import --participants/--cases/--fidelity-items/--fidelity-ratings/--taxonomy-extension`
/// and `peerscript export --with-attributes`, run as a user runs them.
@Suite("peerscript import of tables", .timeLimit(.minutes(3)))
struct TableImportCommandTests {
    /// A project file with three transcripts: PAR1PW01, PAR1SU01, STA2PW01.
    private func project() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("I felt hope when I met her.\n", to: "PAR1PW01.txt")
        try folder.write("She listened to me.\n", to: "PAR1SU01.txt")
        try folder.write("We planned the week together.\n", to: "STA2PW01.txt")
        let made = try PeerScriptCLI.run(["import", "PAR1PW01.txt", "PAR1SU01.txt", "STA2PW01.txt", "--project", "p.peerdb"],
                                         in: folder.url)
        #expect(made.status == 0, "\(made.stderr)")
        return folder
    }

    private func run(_ script: String, in folder: TemporaryFolder) throws -> PeerScriptCLI.Result {
        try PeerScriptCLI.run(["run", "--project", "p.peerdb", "-e", script], in: folder.url)
    }

    @Test func participantAttributesBecomeQueryFields() throws {
        let folder = try project()
        try folder.write("participant,years_in_role,gender\r\nPAR1PW01,3,f\r\nSTA2PW01,10,m\r\n", to: "people.csv")
        let imported = try PeerScriptCLI.run(["import", "--participants", "people.csv", "--project", "p.peerdb"], in: folder.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("updated: 2 participants"), "\(imported.stdout)")
        let query = try run(#"""
            print(corpus.participants():where{ years_in_role = 3 }:count(),
                  corpus.participants():where{ ["participant.years_in_role"] = { "3", "10" } }:count(),
                  corpus.documents():where{ gender = "m" }:count())
            """#, in: folder)
        #expect(query.stdout == "1\t2\t1\n", "\(query.stderr)")
        let numbers = try run(#"""
            print(corpus.participants():where{ years_in_role = 3.0 }:count(),
                  corpus.participants():where{ years_in_role = { 3, 10.0 } }:count())
            """#, in: folder)
        #expect(numbers.stdout == "1\t2\n", "\(numbers.stderr)")
    }

    @Test func badAttributeRowsAreListedByFileAndLineAndNothingIsWritten() throws {
        let folder = try project()
        try folder.write("participant,age\nPAR1PW01,40\nGHOST,30\nPAR1PW01,41\n", to: "people.csv")
        let refused = try PeerScriptCLI.run(["import", "--participants", "people.csv", "--project", "p.peerdb"], in: folder.url)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("people.csv: 2 row(s) cannot be imported, so nothing was imported"), "\(refused.stderr)")
        #expect(refused.stderr.contains("line 3: participant \"GHOST\" is not in the project"))
        #expect(refused.stderr.contains("line 4: participant \"PAR1PW01\" is already given on line 2"))
        let check = try run(#"for _, f in ipairs(corpus.fields()) do if f:find("age") then print(f) end end"#, in: folder)
        #expect(check.stdout.isEmpty, "the refused file left attributes behind: \(check.stdout)")
    }

    @Test func aCSVWithoutAKindFlagNamesTheFlags() throws {
        let folder = try project()
        try folder.write("participant,age\nPAR1PW01,40\n", to: "people.csv")
        let result = try PeerScriptCLI.run(["import", "people.csv", "--project", "p.peerdb"], in: folder.url)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--participants"), "\(result.stderr)")
        let two = try PeerScriptCLI.run(["import", "--cases", "a.csv", "b.csv", "--project", "p.peerdb"], in: folder.url)
        #expect(two.status != 0 && two.stderr.contains("one file at a time"), "\(two.stderr)")
        let both = try PeerScriptCLI.run(["import", "--cases", "--participants", "people.csv", "--project", "p.peerdb"],
                                         in: folder.url)
        #expect(both.status != 0)
        let mixed = try PeerScriptCLI.run(["import", "--participants", "people.csv", "--participant", "PAR1PW01",
                                           "--project", "p.peerdb"], in: folder.url)
        #expect(mixed.status != 0 && mixed.stderr.contains("--participant is for .txt transcripts"), "\(mixed.stderr)")
    }

    @Test func fidelityImportsAndScores() throws {
        let folder = try project()
        try folder.write("item,principle,text,scale_min,scale_max\ni1,P1,Shares lived experience,1,5\n", to: "items.csv")
        try folder.write("item,case,rater,value\ni1,PAR1,ann,5\ni1,STA2,ann,3\n", to: "ratings.csv")
        let none = try run(#"print(principles.fidelity())"#, in: folder)
        #expect(none.stderr.contains("peerscript import --fidelity-items"), "\(none.stderr)")
        for (flag, file) in [("--fidelity-items", "items.csv"), ("--fidelity-ratings", "ratings.csv")] {
            let result = try PeerScriptCLI.run(["import", flag, file, "--project", "p.peerdb"], in: folder.url)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let scores = try run(#"for r in principles.fidelity():rows() do print(r["case.id"], r.P1) end"#,
                             in: folder)
        #expect(scores.stdout == "PAR1\t1.0\nSTA2\t0.5\n", "\(scores.stderr)")
    }

    @Test func storedExtensionsReachImportsScriptsAndExports() throws {
        let folder = try project()
        let json = #"{"framework": "team", "groups": [{"id": "18", "label": "Team practices", "techniques": [{"id": "18.1", "label": "Shared reflection"}]}]}"#
        try folder.write(json, to: "team.json")
        try folder.write("document,start,end,code,bcts,coder\nSTA2PW01,3,10,,18.1,C1\n", to: "codings.csv")
        let before = try PeerScriptCLI.run(["import", "codings.csv", "--project", "p.peerdb"], in: folder.url)
        #expect(before.stderr.contains("technique \"18.1\" is not in the taxonomy"))
        let stored = try PeerScriptCLI.run(["import", "--taxonomy-extension", "team.json", "--project", "p.peerdb"], in: folder.url)
        #expect(stored.status == 0 && stored.stdout.contains("1 techniques"), "\(stored.stderr)")
        let codings = try PeerScriptCLI.run(["import", "codings.csv", "--project", "p.peerdb"], in: folder.url)
        #expect(codings.status == 0, "\(codings.stderr)")
        // Scripts see the stored technique, and extending with the same file again is harmless.
        let script = try run(#"""
            print(taxonomy.get("18.1").label, #taxonomy.extend("team.json"),
                  corpus.codings():where{ ["bct.group"] = "18" }:count())
            """#, in: folder)
        #expect(script.stdout == "Shared reflection\t1\t1\n", "\(script.stderr)")
        let clash = try run(#"taxonomy.extend{ framework = "team", groups = {{ id = "18", label = "Team practices", techniques = {{ id = "18.1", label = "Other" }} }} }"#,
                            in: folder)
        #expect(clash.status != 0 && clash.stderr.contains("technique id '18.1' is already defined by 'team'"), "\(clash.stderr)")
        let export = try PeerScriptCLI.run(["export", "--project", "p.peerdb", "out.qdpx"], in: folder.url)
        #expect(export.status == 0, "\(export.stderr)")
        let again = try PeerScriptCLI.run(["import", "out.qdpx", "--project", "copy.peerdb"], in: folder.url)
        #expect(again.status == 0, "\(again.stderr)")
        let copy = try PeerScriptCLI.run(["run", "--project", "copy.peerdb", "-e", #"print(taxonomy.get("18.1").label)"#],
                                         in: folder.url)
        #expect(copy.stdout == "Shared reflection\n", "\(copy.stderr)")
    }

    @Test func exportWithAttributes() throws {
        let folder = try project()
        try folder.write("participant,years_in_role\nPAR1PW01,3\n", to: "people.csv")
        try folder.write("case,staff\nPAR1,=cmd|' /C calc'!A0\n", to: "cases.csv")
        try folder.write("document,start,end,code,coder\nPAR1PW01,7,11,cm.rolemodel.hope,C1\n", to: "codings.csv")
        for arguments in [["--participants", "people.csv"], ["--cases", "cases.csv"], ["codings.csv"]] {
            let result = try PeerScriptCLI.run(["import"] + arguments + ["--project", "p.peerdb"], in: folder.url)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let export = try PeerScriptCLI.run(["export", "--project", "p.peerdb", "out.csv", "--with-attributes"], in: folder.url)
        #expect(export.status == 0, "\(export.stderr)")
        let text = try String(contentsOf: folder.url.appendingPathComponent("out.csv"), encoding: .utf8)
        #expect(text == """
            participant,role,case,sector,document,start,end,text,code,bcts,principles,coder,participant.years_in_role,case.staff
            PAR1PW01,PW,PAR1,PAR,PAR1PW01,7,11,hope,cm.rolemodel.hope,15.1;6.2,P3,C1,3,=cmd|' /C calc'!A0

            """)
        #expect(export.stderr.contains("warning: 1 cell(s) start with =") && !export.stderr.contains("unique-code-names"),
                "\(export.stderr)")
        let safe = try PeerScriptCLI.run(["export", "--project", "p.peerdb", "safe.csv", "--with-attributes", "--spreadsheet-safe"],
                                         in: folder.url)
        #expect(safe.status == 0 && safe.stderr.isEmpty, "\(safe.stderr)")
        let marked = try String(contentsOf: folder.url.appendingPathComponent("safe.csv"), encoding: .utf8)
        #expect(marked.hasSuffix(",C1,3,'=cmd|' /C calc'!A0\n"))
        let wrong = try PeerScriptCLI.run(["export", "--project", "p.peerdb", "out.jsonl", "--with-attributes"], in: folder.url)
        #expect(wrong.status != 0 && wrong.stderr.contains("--with-attributes is for .csv"), "\(wrong.stderr)")
    }

    @Test func helpDescribesEveryKind() throws {
        let importHelp = try PeerScriptCLI.run(["import", "--help"])
        for flag in ["--participants", "--cases", "--fidelity-items", "--fidelity-ratings", "--taxonomy-extension"] {
            #expect(importHelp.stdout.contains(flag), "\(flag)")
        }
        let exportHelp = try PeerScriptCLI.run(["export", "--help"])
        #expect(exportHelp.stdout.contains("--with-attributes") && exportHelp.stdout.contains("--spreadsheet-safe"))
    }
}
