@testable import CorpusQuery
@testable import DataExchange
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

/// A small project made the way users make one: transcripts named after their participants.
enum SmallProject {
    static let transcripts = [
        "PAR1PW01": "I felt hope when I met her.\n",
        "PAR1SU01": "She listened to me.\n",
        "STA2PW01": "We planned the week together.\n",
    ]

    static func make() throws -> (ProjectStore, URL) {
        let folder = try ExchangeFixtures.temporaryDirectory()
        let store = try ProjectStore.inMemory()
        try store.write { db in for codebook in Codebook.builtIn { try codebook.insert(db) } }
        let urls = try transcripts.keys.sorted().map { name in
            let url = folder.appendingPathComponent("\(name).txt")
            try Data(transcripts[name]!.utf8).write(to: url)
            return url
        }
        _ = try Exchange.importFiles(urls, into: store)
        return (store, folder)
    }

    static func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    static func attributes(_ store: ProjectStore, _ table: String, _ id: String) throws -> String? {
        try store.read { db in try String.fetchOne(db, sql: "SELECT attributes FROM \(table) WHERE id = ?", arguments: [id]) }
    }

    /// The problems an import refused with, or an empty list when it did not refuse.
    static func problems(_ body: () throws -> ImportReport) -> [String] {
        do {
            _ = try body()
            return []
        } catch let ExchangeError.csvRows(_, problems) {
            return problems
        } catch {
            return ["\(error)"]
        }
    }
}

@Suite("Importing participant and case attributes")
struct ExchangeAttributeImportTests {
    @Test("each column becomes an attribute; numbers stay numbers; empty cells are missing")
    func participantAttributes() throws {
        let (store, folder) = try SmallProject.make()
        let url = try SmallProject.write("""
            participant,years_in_role,gender,site code,role
            PAR1PW01,3,f,007,PW
            PAR1SU01,,m,12,
            STA2PW01,2.50,"x, y",-1,PW

            """, "people.csv", in: folder)
        let report = try Exchange.importTable(url, as: .participants, into: store)
        #expect(report.updated["participants"] == 3)
        #expect(try SmallProject.attributes(store, "participants", "PAR1PW01") == #"{"gender":"f","site code":"007","years_in_role":3}"#)
        #expect(try SmallProject.attributes(store, "participants", "PAR1SU01") == #"{"gender":"m","site code":12}"#)
        #expect(try SmallProject.attributes(store, "participants", "STA2PW01") == #"{"gender":"x, y","site code":-1,"years_in_role":2.5}"#)
        // Attributes are query fields, and a number matches however the file wrote it.
        let snapshot = try CorpusSnapshot.load(from: store)
        #expect(try snapshot.participants().filter("years_in_role", equals: "3").count() == 1)
        #expect(try snapshot.participants().filter("participant.years_in_role", equals: "2.5").count() == 1)
        #expect(Set(try snapshot.values(of: "participant.site code")) == ["-1", "007", "12"])
        // A second import of the same file changes nothing; an empty cell removes a value.
        let again = try Exchange.importTable(url, as: .participants, into: store)
        #expect(again.updated.isEmpty && again.alreadyPresent["participants"] == 3)
        let removal = try SmallProject.write("id,gender\nPAR1PW01,\n", "removal.csv", in: folder)
        _ = try Exchange.importTable(removal, as: .participants, into: store)
        #expect(try SmallProject.attributes(store, "participants", "PAR1PW01") == #"{"site code":"007","years_in_role":3}"#)
    }

    @Test("case attributes use a case (or id) column")
    func caseAttributes() throws {
        let (store, folder) = try SmallProject.make()
        let url = try SmallProject.write("case,sector,staff\r\nPAR1,PAR,12\r\nSTA2,,40\r\n", "cases.csv", in: folder)
        let report = try Exchange.importTable(url, as: .cases, into: store)
        #expect(report.updated["cases"] == 2)
        #expect(try SmallProject.attributes(store, "cases", "STA2") == #"{"staff":40}"#)
        let snapshot = try CorpusSnapshot.load(from: store)
        #expect(try snapshot.documents().filter("staff", equals: "12").count() == 2)
    }

    @Test("unknown and repeated ids, ragged rows and clashing built-in columns are all listed by line; nothing is written")
    func badRows() throws {
        let (store, folder) = try SmallProject.make()
        let before = try ExchangeFixtures.snapshot(store)
        let url = try SmallProject.write("""
            participant,age,role
            PAR1PW01,40,PW
            NOBODY,30,PW
            PAR1PW01,41,PW
            PAR1SU01,22
            ,50,SU
            PAR1SU01,22,PW

            """, "bad.csv", in: folder)
        let problems = SmallProject.problems { try Exchange.importTable(url, as: .participants, into: store) }
        #expect(problems.map { String($0.prefix(7)) } == ["line 5:"], "ragged rows stop the file before ids are looked up")
        let fixed = try SmallProject.write("""
            participant,age,role
            PAR1PW01,40,PW
            NOBODY,30,PW
            PAR1PW01,41,PW
            ,50,SU
            PAR1SU01,22,PW

            """, "bad2.csv", in: folder)
        let listed = SmallProject.problems { try Exchange.importTable(fixed, as: .participants, into: store) }
        #expect(listed.map { String($0.prefix(7)) } == ["line 3:", "line 4:", "line 5:", "line 6:"])
        #expect(listed[0].contains("\"NOBODY\" is not in the project"))
        #expect(listed[1].contains("already given on line 2"))
        #expect(listed[2].contains("id is empty"))
        #expect(listed[3].contains("role \"PW\" differs from the project's \"SU\""))
        #expect(try ExchangeFixtures.snapshot(store) == before)
    }

    @Test("a header with no id column, empty or repeated names, or built-in names is refused")
    func badHeaders() throws {
        let (store, folder) = try SmallProject.make()
        let noID = try SmallProject.write("name,age\nPAR1PW01,3\n", "noid.csv", in: folder)
        #expect(throws: ExchangeError.csvMissingColumns(file: "noid.csv", missing: ["participant (or id)"])) {
            try Exchange.importTable(noID, as: .participants, into: store)
        }
        let repeated = try SmallProject.write("participant,Age,age,\nPAR1PW01,3,4,5\n", "rep.csv", in: folder)
        let problems = SmallProject.problems { try Exchange.importTable(repeated, as: .participants, into: store) }
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("\"age\" repeats \"Age\"") })
        #expect(problems.contains { $0.contains("column 4 has no name") })
        let builtIn = try SmallProject.write("participant,guid\nPAR1PW01,x\n", "guid.csv", in: folder)
        #expect(SmallProject.problems { try Exchange.importTable(builtIn, as: .participants, into: store) }
            .first?.contains("\"guid\" is built in") == true)
        let empty = try SmallProject.write("", "empty.csv", in: folder)
        #expect(SmallProject.problems { try Exchange.importTable(empty, as: .participants, into: store) }
            .first?.contains("the file is empty") == true)
    }

    @Test("bad UTF-8 is reported with its line; workbooks, huge files and other extensions are refused")
    func hostileFiles() throws {
        let (store, folder) = try SmallProject.make()
        let bad = folder.appendingPathComponent("latin1.csv")
        try (Data("participant,town\nPAR1PW01,Lyon\nPAR1SU01,".utf8) + Data([0xE9, 0x0A])).write(to: bad)
        #expect(throws: ExchangeError.notUTF8AtLine(file: "latin1.csv", line: 3, workbook: false)) {
            try Exchange.importTable(bad, as: .participants, into: store)
        }
        let workbook = folder.appendingPathComponent("sheet.csv")
        try Data([0x50, 0x4B, 3, 4, 0xFF, 0xFE, 0x00]).write(to: workbook)
        #expect("\(SmallProject.problems { try Exchange.importTable(workbook, as: .participants, into: store) })"
            .contains("spreadsheet workbook"))
        let huge = folder.appendingPathComponent("huge.csv")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: UInt64(ExchangeLimits.maxTableMegabytes << 20) + 1)
        try handle.close()
        #expect(throws: ExchangeError.fileTooLarge(file: "huge.csv", bytes: (ExchangeLimits.maxTableMegabytes << 20) + 1,
                                                   limit: ExchangeLimits.maxTableMegabytes << 20)) {
            try Exchange.importTable(huge, as: .participants, into: store)
        }
        let text = try SmallProject.write("participant\n", "people.txt", in: folder)
        #expect(throws: ExchangeError.self) { try Exchange.importTable(text, as: .participants, into: store) }
    }

    @Test("too many lines or columns are refused before the rows are read")
    func limits() throws {
        let (store, folder) = try SmallProject.make()
        let long = try SmallProject.write("participant,x\r" + String(repeating: "PAR1PW01,1\r", count: CSVTable.maxLines),
                                          "long.csv", in: folder)
        #expect(SmallProject.problems { try Exchange.importTable(long, as: .participants, into: store) }
            .first?.contains("\(CSVTable.maxLines + 1) lines") == true)
        let names = (1...CSVTable.maxColumns).map { "c\($0)" }.joined(separator: ",")
        let wide = try SmallProject.write("participant,\(names)\nPAR1PW01\n", "wide.csv", in: folder)
        #expect(SmallProject.problems { try Exchange.importTable(wide, as: .participants, into: store) }
            .first?.contains("\(CSVTable.maxColumns + 1) columns") == true)
    }

    @Test("a byte-order mark, quoted commas, quotes and line breaks, and CR line ends are read as RFC 4180 says")
    func quoting() throws {
        let (store, folder) = try SmallProject.make()
        let url = try SmallProject.write("\u{FEFF}participant,\"note, long\"\rPAR1PW01,\"said \"\"hi\"\"\nthen left\"\r",
                                         "q.csv", in: folder)
        _ = try Exchange.importTable(url, as: .participants, into: store)
        let stored = try SmallProject.attributes(store, "participants", "PAR1PW01")
        #expect(AttributeColumn.decode(stored ?? "") == ["note, long": "said \"hi\"\nthen left"])
    }

    @Test("number cells: plain decimals only, in the form Lua prints them")
    func numbers() {
        #expect(AttributeValue.number("3") == "3")
        #expect(AttributeValue.number("3.0") == "3")
        #expect(AttributeValue.number("-2.50") == "-2.5")
        #expect(AttributeValue.number("0.1") == "0.1")
        for text in ["007", "+3", "1e3", "3.", ".5", "", "-", "1234567890123456", "NaN", "inf", "٣"] {
            #expect(AttributeValue.number(text) == nil, "\(text)")
        }
        // What the project stores reads back as the same text.
        let json = AttributeValue.json(["a": "3", "b": "-2.5", "c": "0.1", "d": "007", "e": "x\"y"])
        #expect(AttributeColumn.decode(json) == ["a": "3", "b": "-2.5", "c": "0.1", "d": "007", "e": "x\"y"])
    }
}

@Suite("Importing fidelity items and ratings")
struct ExchangeFidelityImportTests {
    static let items = """
        item,principle,text,scale_min,scale_max
        i1,P1,Peer workers share lived experience,1,5
        i2,p2,Support is reciprocal,0,10
        i3,DIV,Diverse lived experience,1,5

        """

    @Test("items and ratings import and score as principles.fidelity scores them")
    func itemsAndRatings() throws {
        let (store, folder) = try SmallProject.make()
        let items = try SmallProject.write(Self.items, "items.csv", in: folder)
        #expect(try Exchange.importTable(items, as: .fidelityItems, into: store).added["fidelity items"] == 3)
        let ratings = try SmallProject.write("""
            item,case,participant,rater,value
            i1,PAR1,,ann,5
            i1,PAR1,,bob,3
            i2,,PAR1PW01,ann,10
            i3,STA2,,,1

            """, "ratings.csv", in: folder)
        #expect(try Exchange.importTable(ratings, as: .fidelityRatings, into: store).added["fidelity ratings"] == 4)
        let (storedItems, storedRatings) = try store.fidelity()
        #expect(storedItems.map(\.principleID) == ["P1", "P2", "DIV"])
        let scores = try FidelityModel(items: storedItems).caseScores(storedRatings, caseOf: try store.participantCases())
        #expect(scores.map(\.target) == [.studyCase("PAR1"), .studyCase("STA2")])
        #expect(scores[0].principles == ["P1": 0.75, "P2": 1.0])
        #expect(scores[1].principles == ["DIV": 0.0])
        // Importing a corrected value replaces the rating with the same item, target and rater.
        let corrected = try SmallProject.write("item,case,rater,value\ni1,PAR1,bob,4\ni1,PAR1,ann,5\n", "fix.csv", in: folder)
        let report = try Exchange.importTable(corrected, as: .fidelityRatings, into: store)
        #expect(report.updated["fidelity ratings"] == 1 && report.alreadyPresent["fidelity ratings"] == 1)
        #expect(try store.fidelity().ratings.count == 4)
    }

    @Test("bad items and ratings are listed by line and nothing is written")
    func badRows() throws {
        let (store, folder) = try SmallProject.make()
        let badItems = try SmallProject.write("""
            item,principle,text,scale_min,scale_max
            i1,P9,x,1,5
            i2,P1,x,5,5
            i3,P1,x,one,5
            i4,P1,,1,5
            i5,P1,x,1,5
            i5,P1,x,1,5

            """, "items.csv", in: folder)
        let itemProblems = SmallProject.problems { try Exchange.importTable(badItems, as: .fidelityItems, into: store) }
        #expect(itemProblems.map { String($0.prefix(7)) } == ["line 2:", "line 3:", "line 4:", "line 5:", "line 7:"])
        #expect(try store.fidelity().items.isEmpty)
        _ = try Exchange.importTable(try SmallProject.write(Self.items, "good.csv", in: folder), as: .fidelityItems, into: store)
        let before = try ExchangeFixtures.snapshot(store)
        let badRatings = try SmallProject.write("""
            item,case,participant,value
            nope,PAR1,,3
            i1,NOWHERE,,3
            i1,PAR1,PAR1PW01,3
            i1,PAR1,,9
            i1,PAR1,,x
            i1,,PAR1PW01,2
            i1,,PAR1PW01,3

            """, "ratings.csv", in: folder)
        let problems = SmallProject.problems { try Exchange.importTable(badRatings, as: .fidelityRatings, into: store) }
        #expect(problems.map { String($0.prefix(7)) } == ["line 2:", "line 3:", "line 4:", "line 5:", "line 6:", "line 8:"])
        #expect(problems[3].contains("outside the item's scale"))
        #expect(try ExchangeFixtures.snapshot(store) == before)
    }

    @Test("an item's scale cannot shrink below ratings the project has")
    func scaleChange() throws {
        let (store, folder) = try SmallProject.make()
        _ = try Exchange.importTable(try SmallProject.write(Self.items, "items.csv", in: folder), as: .fidelityItems, into: store)
        _ = try Exchange.importTable(try SmallProject.write("item,case,value\ni1,PAR1,5\n", "r.csv", in: folder),
                                     as: .fidelityRatings, into: store)
        let narrower = try SmallProject.write("item,principle,text,scale_min,scale_max\ni1,P1,New wording,1,4\n", "n.csv", in: folder)
        #expect(SmallProject.problems { try Exchange.importTable(narrower, as: .fidelityItems, into: store) }
            .first?.contains("leaves out 1 rating(s)") == true)
        let reworded = try SmallProject.write("item,principle,text,scale_min,scale_max\ni1,P1,New wording,1,5\n", "w.csv", in: folder)
        #expect(try Exchange.importTable(reworded, as: .fidelityItems, into: store).updated["fidelity items"] == 1)
        #expect(try store.fidelity().items.first { $0.id == "i1" }?.text == "New wording")
    }
}
