@testable import CorpusQuery
@testable import DataExchange
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

@Suite("Taxonomy extensions stored in the project")
struct ExchangeExtensionImportTests {
    static let json = """
        { "framework": "team",
          "groups": [ { "id": "18", "label": "Team practices",
                        "techniques": [ { "id": "18.1", "label": "Shared reflection", "definition": "Reflect together." } ] } ] }
        """

    /// Before the extension is stored, a coding of 18.1 is refused; after, it imports, and
    /// queries and the CSV export know the technique.
    @Test("codings of extension techniques import once the extension is stored")
    func codingsOfExtensionTechniques() throws {
        let (store, folder) = try SmallProject.make()
        let codings = try SmallProject.write("document,start,end,code,bcts,coder\nSTA2PW01,3,10,,18.1,C1\n",
                                             "codings.csv", in: folder)
        let refused = SmallProject.problems { try Exchange.importFiles([codings], into: store) }
        #expect(refused.first?.contains("technique \"18.1\" is not in the taxonomy") == true)
        let url = try SmallProject.write(Self.json, "team.json", in: folder)
        let report = try Exchange.importTable(url, as: .taxonomyExtension, into: store)
        #expect(report.added["techniques"] == 1)
        #expect(try store.read { try Taxonomy.load($0) }.bct("18.1")?.definition == "Reflect together.")
        #expect(try Exchange.importFiles([codings], into: store).added["codings"] == 1)
        let snapshot = try CorpusSnapshot.load(from: store)
        #expect(try snapshot.codings().filter("bct.group_label", equals: "Team practices").count() == 1)
        #expect(try CodingsCSV.text(from: store).contains(",planned,,18.1,,C1\n"))
    }

    @Test("repeating an extension is harmless; adding to it works; a clash is refused and nothing is written")
    func repeatsAndClashes() throws {
        let (store, folder) = try SmallProject.make()
        let url = try SmallProject.write(Self.json, "team.json", in: folder)
        _ = try Exchange.importTable(url, as: .taxonomyExtension, into: store)
        let again = try Exchange.importTable(url, as: .taxonomyExtension, into: store)
        #expect(again.added.isEmpty && again.alreadyPresent["techniques"] == 1)
        let csv = try SmallProject.write("""
            framework,group,group_label,technique,label,definition
            team,18,Team practices,18.1,Shared reflection,Reflect together.
            team,18,Team practices,18.2,Joint planning,
            team,19,Outreach,19.1,Home visits,

            """, "more.csv", in: folder)
        let more = try Exchange.importTable(csv, as: .taxonomyExtension, into: store)
        #expect(more.added["techniques"] == 2 && more.alreadyPresent["techniques"] == 1)
        let taxonomy = try store.read { try Taxonomy.load($0) }
        #expect(taxonomy.group("18")?.techniques.map(\.id) == ["18.1", "18.2"])
        #expect(taxonomy.group("19")?.framework == "team")

        let before = try ExchangeFixtures.snapshot(store)
        for (name, text, detail) in [
            ("relabel.json", Self.json.replacingOccurrences(of: "Shared reflection", with: "Other"), "technique id '18.1'"),
            ("builtin.json", Self.json.replacingOccurrences(of: "\"18.1\"", with: "\"3.1\""), "technique id '3.1'"),
            ("group17.json", Self.json.replacingOccurrences(of: "\"18\"", with: "\"17\""), "group id '17'"),
        ] {
            let clash = try SmallProject.write(text, name, in: folder)
            let problems = SmallProject.problems { try Exchange.importTable(clash, as: .taxonomyExtension, into: store) }
            #expect(problems.first?.contains(detail) == true, "\(problems)")
            #expect(problems.first?.contains(name) == true)
        }
        #expect(try ExchangeFixtures.snapshot(store) == before)
    }

    @Test("malformed extension files are refused with the file and the place")
    func malformed() throws {
        let (store, folder) = try SmallProject.make()
        let json = try SmallProject.write(#"{"framework": "x", "groups": []}"#, "x.json", in: folder)
        #expect("\(SmallProject.problems { try Exchange.importTable(json, as: .taxonomyExtension, into: store) })"
            .contains("x.json"))
        let csv = try SmallProject.write("""
            framework,group,group_label,technique,label
            a,18,One,18.1,x
            b,18,One,18.2,y
            a,18,Two,18.3,z
            a,18,One,,w

            """, "x.csv", in: folder)
        let problems = SmallProject.problems { try Exchange.importTable(csv, as: .taxonomyExtension, into: store) }
        #expect(problems.map { String($0.prefix(7)) } == ["line 3:", "line 4:", "line 5:"])
        let reserved = try SmallProject.write("framework,group,group_label,technique,label\nbcttv1,18,One,18.1,x\n",
                                              "r.csv", in: folder)
        #expect("\(SmallProject.problems { try Exchange.importTable(reserved, as: .taxonomyExtension, into: store) })"
            .contains("reserved"))
    }

    @Test("merging keeps identical techniques once and refuses different ones")
    func merging() throws {
        let addition = try TaxonomyExtension(json: Data(Self.json.utf8))
        let (once, added) = try Taxonomy.standard.merged(with: addition)
        #expect(added.map(\.id) == ["18"])
        let (twice, none) = try once.merged(with: addition)
        #expect(none.isEmpty && twice == once)
        let other = try TaxonomyExtension(json: Data(Self.json.replacingOccurrences(of: "team", with: "other").utf8))
        #expect(throws: FrameworkError.duplicateGroup(id: "18", existingFramework: "team")) { try once.merged(with: other) }
    }
}

@Suite("Codings CSV with attributes, safe in spreadsheets")
struct ExchangeCodingsExportTests {
    @Test("--with-attributes adds one column per participant and case attribute")
    func withAttributes() throws {
        let (store, folder) = try SmallProject.make()
        _ = try Exchange.importTable(try SmallProject.write("participant,years_in_role,gender\nPAR1PW01,3,f\nSTA2PW01,,m\n",
                                                            "p.csv", in: folder), as: .participants, into: store)
        _ = try Exchange.importTable(try SmallProject.write("case,staff\nSTA2,40\n", "c.csv", in: folder), as: .cases, into: store)
        let codings = try SmallProject.write("""
            document,start,end,code,coder
            PAR1PW01,7,11,cm.rolemodel.hope,C1
            STA2PW01,3,10,cm.rolemodel.hope,C1

            """, "codings.csv", in: folder)
        _ = try Exchange.importFiles([codings], into: store)
        let records = try CSVFormat.parse(try CodingsCSV.text(from: store, options: CodingsCSVOptions(withAttributes: true)), file: "x.csv")
        #expect(records[0].fields == CodingsCSV.columns + ["participant.gender", "participant.years_in_role", "case.staff"])
        #expect(records[1].fields.suffix(3) == ["f", "3", ""])
        #expect(records[2].fields.suffix(3) == ["m", "", "40"])
        #expect(try CSVFormat.parse(try CodingsCSV.text(from: store), file: "x.csv")[0].fields == CodingsCSV.columns)
        // The export with attributes imports again as codings.
        let url = folder.appendingPathComponent("out.csv")
        try Exchange.export(store, to: url, csv: CodingsCSVOptions(withAttributes: true))
        #expect(try Exchange.importFiles([url], into: store).alreadyPresent["codings"] == 2)
        #expect(throws: ExchangeError.self) {
            try Exchange.export(store, to: folder.appendingPathComponent("out.qdpx"), csv: CodingsCSVOptions(withAttributes: true))
        }
    }

    @Test("formula-like cells are written exactly with a warning, or marked with --spreadsheet-safe")
    func formulaCells() throws {
        for (value, written) in [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-", "'-"), ("@a", "'@a"),
                                 ("\tx", "'\tx"), ("'=x", "''=x"), ("-3", "-3"), ("2.5", "2.5"), ("'plain", "'plain"),
                                 ("plain", "plain"), ("", "")] {
            #expect(CSVFormat.guarded(value) == written, "\(value)")
        }
        #expect(CSVFormat.guarded(String(repeating: "'", count: 200_000) + "=").count == 200_002)

        let folder = try ExchangeFixtures.temporaryDirectory()
        let store = try ProjectStore.inMemory()
        let transcript = folder.appendingPathComponent("PAR1PW01.txt")
        try Data("=1+1 said she, -yes.\n".utf8).write(to: transcript)
        _ = try Exchange.importFiles([transcript], into: store)
        _ = try Exchange.importTable(try SmallProject.write("participant,note\nPAR1PW01,@SUM(A1)\n", "p.csv", in: folder),
                                     as: .participants, into: store)
        let codings = try SmallProject.write("document,start,end,bcts,code,coder\nPAR1PW01,0,4,3.1,,=bad\n", "c.csv", in: folder)
        _ = try Exchange.importFiles([codings], into: store)

        let exact = folder.appendingPathComponent("exact.csv")
        let warnings = try Exchange.export(store, to: exact, csv: CodingsCSVOptions(withAttributes: true))
        #expect(warnings.count == 1 && warnings[0].hasPrefix("3 cell(s)"), "\(warnings)")
        #expect(try String(contentsOf: exact, encoding: .utf8).hasSuffix(",=1+1,,3.1,,=bad,@SUM(A1)\n"))

        let safe = folder.appendingPathComponent("safe.csv")
        #expect(try Exchange.export(store, to: safe, csv: CodingsCSVOptions(withAttributes: true, spreadsheetSafe: true)).isEmpty)
        #expect(try String(contentsOf: safe, encoding: .utf8).hasSuffix(",'=1+1,,3.1,,'=bad,'@SUM(A1)\n"))
        // The marked file is refused on import, saying why; the exact one imports.
        try store.write { db in try db.execute(sql: "DELETE FROM codings; DELETE FROM segments; DELETE FROM coders") }
        #expect(SmallProject.problems { try Exchange.importFiles([safe], into: store) }.first?.contains("exported spreadsheet-safe") == true)
        #expect(try Exchange.importFiles([exact], into: store).added["codings"] == 1)
        #expect(try store.read { try String.fetchOne($0, sql: "SELECT name FROM coders") } == "=bad")
    }
}
