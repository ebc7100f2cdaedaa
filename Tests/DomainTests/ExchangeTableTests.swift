@testable import DataExchange
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

@Suite("CSV, JSON Lines and transcripts")
struct ExchangeTableTests {
    static func nvivoStore() throws -> ProjectStore {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx"), into: store)
        return store
    }

    static var pandasAvailable: Bool {
        guard let (status, _) = try? ExchangeFixtures.run("/usr/bin/env", ["python3", "-c", "import pandas"]) else { return false }
        return status == 0
    }

    @Test("the codings CSV has one row per coding, the documented columns, and each segment's exact text")
    func csvExport() throws {
        let store = try Self.nvivoStore()
        let text = try CodingsCSV.text(from: store)
        let records = try CSVFormat.parse(text, file: "codings.csv")
        #expect(records.first?.fields == CodingsCSV.columns)
        #expect(records.count == 304)
        let segments = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.document_id, s.start, s."end", d.text FROM codings c JOIN segments s ON s.id = c.segment_id
                JOIN documents d ON d.id = s.document_id ORDER BY s.document_id, s.start, s."end", c.id
                """)
        }
        for (record, row) in zip(records.dropFirst(), segments) {
            let segment = Segment(documentID: row["document_id"], start: row["start"], end: row["end"])
            #expect(record.fields[4] == segment.documentID)
            #expect(record.fields[5] == String(segment.start))
            #expect(Array(record.fields[7].unicodeScalars) == Array(try segment.excerpt(of: row["text"]).unicodeScalars))
        }
    }

    @Test("pandas reads the CSV with default options", .enabled(if: pandasAvailable))
    func pandasReads() throws {
        let store = try Self.nvivoStore()
        let directory = try ExchangeFixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("codings.csv")
        try Exchange.export(store, to: url)
        let script = """
            import pandas, sys
            frame = pandas.read_csv(sys.argv[1])
            lengths = (frame["end"] - frame["start"]).tolist()
            texts = [len(t) if isinstance(t, str) else 0 for t in frame["text"]]
            print(frame.shape[0], frame.shape[1], ",".join(frame.columns), lengths == texts, frame["start"].dtype)
            """
        let (status, output) = try ExchangeFixtures.run("/usr/bin/env", ["python3", "-c", script, url.path])
        #expect(status == 0, "\(output)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines)
                == "303 12 \(CodingsCSV.columns.joined(separator: ",")) True int64")
    }

    @Test("CSV codings import back into a project that has the documents and codes")
    func csvImport() throws {
        let store = try Self.nvivoStore()
        let directory = try ExchangeFixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("codings.csv")
        try Exchange.export(store, to: url)
        let codings = "SELECT s.document_id, s.start, s.\"end\", c.code_id, co.name FROM codings c JOIN segments s ON s.id = c.segment_id JOIN coders co ON co.id = c.coder_id ORDER BY 1, 2, 3, 4, 5"
        let before = try store.read { db in try Row.fetchAll(db, sql: codings).map(\.description) }
        try store.write { db in try db.execute(sql: "DELETE FROM codings; DELETE FROM segments; DELETE FROM coders") }
        let report = try Exchange.importFiles([url], into: store)
        #expect(report.added["codings"] == 303)
        #expect(try store.read { db in try Row.fetchAll(db, sql: codings).map(\.description) } == before)
        let again = try Exchange.importFiles([url], into: store)
        #expect(again.added.isEmpty)
        #expect(again.alreadyPresent["codings"] == 303)
    }

    @Test("bad CSV rows are all listed by row number and nothing is imported")
    func csvErrors() throws {
        let store = try Self.nvivoStore()
        let before = try ExchangeFixtures.snapshot(store)
        let csv = """
            document,start,end,text,code,bcts,principles,coder
            videos_selection,0,8,video_id,1-oltas-tipusa.covid,,,Ana
            nowhere,0,4,,1-oltas-tipusa.covid,,,Ana
            videos_selection,ten,20,,1-oltas-tipusa.covid,,,Ana
            videos_selection,0,8,wrong!!!,1-oltas-tipusa.covid,,,Ana
            videos_selection,0,8,,no-such-code,,,Ana
            videos_selection,0,8,,,99.9,,Ana
            "videos_selection",0,8,,,,P9,Ana
            videos_selection,0,999999999,,1-oltas-tipusa.covid,,,Ana
            videos_selection,0,8,,1-oltas-tipusa.covid,,,

            """
        let directory = try ExchangeFixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("bad.csv")
        try Data(csv.utf8).write(to: url)
        do {
            _ = try Exchange.importFiles([url], into: store)
            Issue.record("bad rows were accepted")
        } catch let ExchangeError.csvRows(file, problems) {
            #expect(file == "bad.csv")
            #expect(problems.map { String($0.prefix(6)) } == ["row 3:", "row 4:", "row 5:", "row 6:", "row 7:", "row 8:", "row 9:", "row 10"])
            #expect(problems[0].contains("\"nowhere\""))
            #expect(problems[4].contains("\"99.9\""))
        }
        #expect(try ExchangeFixtures.snapshot(store) == before)
        let missing = directory.appendingPathComponent("missing.csv")
        try Data("document,start,end\nx,1,2\n".utf8).write(to: missing)
        #expect(throws: ExchangeError.csvMissingColumns(file: "missing.csv", missing: ["code", "coder"])) {
            try Exchange.importFiles([missing], into: store)
        }
    }

    @Test("CSV fields with commas, quotes and line breaks survive writing and reading")
    func csvQuoting() throws {
        let fields = ["plain", "a,b", "say \"hi\"", "two\r\nlines", " padded ", ""]
        let records = try CSVFormat.parse(CSVFormat.record(fields) + CSVFormat.record(["x"]), file: "q.csv")
        #expect(records.map(\.fields) == [fields, ["x"]])
        #expect(records.map(\.line) == [1, 3])
    }

    @Test("the JSON Lines dump has one object per row of every table")
    func jsonLines() throws {
        let store = try Self.nvivoStore()
        let lines = try JSONLinesDump.text(from: store).split(separator: "\n")
        var tables: [String: Int] = [:]
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            tables[object["table"] as! String, default: 0] += 1
        }
        let counts = try store.counts()
        #expect(tables["codings"] == counts.codings)
        #expect(tables["segments"] == counts.segments)
        #expect(tables["codes"] == counts.codes)
        #expect(tables["documents"] == 2)
        #expect(tables["project_meta"] == 3)
        let title = try #require(lines.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(title["key"] as? String == "title")
        #expect(JSONText.quoted("q\"\\\n\u{1}é😊") == "\"q\\\"\\\\\\n\\u0001é😊\"")
    }

    @Test("exporting again to the same file replaces it")
    func exportReplaces() throws {
        let store = try Self.nvivoStore()
        let directory = try ExchangeFixtures.temporaryDirectory()
        for name in ["p.qdpx", "c.qdc", "t.csv", "d.jsonl"] {
            let url = directory.appendingPathComponent(name)
            try Data("old".utf8).write(to: url)
            try Exchange.export(store, to: url)
            try Exchange.export(store, to: url)
            #expect(try Data(contentsOf: url).count > 1_000)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 4)
    }

    @Test("transcripts: participant from the file name or --participant, BOM dropped, line ends kept")
    func transcripts() throws {
        let directory = try ExchangeFixtures.temporaryDirectory()
        let crlf = "Interviewer: Tell me more.\r\nPW: It helped 🙂\r\n"
        let files: [(String, Data)] = [
            ("PAR1PW01.txt", Data([0xEF, 0xBB, 0xBF]) + Data(crlf.utf8)),
            ("STA2SU03.txt", Data("Plain LF text.\nSecond line.\n".utf8)),
            ("notes.txt", Data("Not an interview.\n".utf8)),
        ]
        for (name, data) in files { try data.write(to: directory.appendingPathComponent(name)) }
        let store = try ProjectStore.inMemory()
        let report = try Exchange.importFiles(files.map { directory.appendingPathComponent($0.0) }, into: store)
        #expect(report.added["documents"] == 3)
        #expect(report.warnings.count == 1)
        try store.read { db in
            let document = try #require(try Document.fetchOne(db, key: "PAR1PW01"))
            #expect(Array(document.text.unicodeScalars) == Array(crlf.unicodeScalars))
            #expect(document.participantID == "PAR1PW01")
            #expect(document.caseID == "PAR1")
            let person = try #require(try Participant.fetchOne(db, key: "STA2SU03"))
            #expect(person.role == "SU")
            #expect(try StudyCase.fetchOne(db, key: "STA2")?.sector == "STA")
            #expect(try Document.fetchOne(db, key: "notes")?.participantID == nil)
        }
        let interview = directory.appendingPathComponent("interview.txt")
        try Data("MA: We budget for peer roles.\n".utf8).write(to: interview)
        _ = try Exchange.importFiles([interview], into: store, participant: "VOL1MA02")
        #expect(try store.read { db in try Document.fetchOne(db, key: "interview")?.participantID } == "VOL1MA02")
        #expect(throws: ExchangeError.self) {
            try Exchange.importFiles([interview], into: ProjectStore.inMemory(), participant: "not an id")
        }
        let before = try ExchangeFixtures.snapshot(store)
        let same = try Exchange.importFiles([directory.appendingPathComponent("PAR1PW01.txt")], into: store)
        #expect(same.alreadyPresent["documents"] == 1)
        try Data("Changed text.\n".utf8).write(to: directory.appendingPathComponent("PAR1PW01.txt"))
        #expect(throws: ExchangeError.documentConflict(file: "PAR1PW01.txt", document: "PAR1PW01")) {
            try Exchange.importFiles([directory.appendingPathComponent("STA2SU03.txt"),
                                      directory.appendingPathComponent("PAR1PW01.txt")], into: store)
        }
        #expect(try ExchangeFixtures.snapshot(store) == before)
    }

    @Test("unknown file types are refused with the allowed ones listed")
    func unsupported() throws {
        let store = try ProjectStore.inMemory()
        #expect(throws: ExchangeError.unsupportedFormat(file: "data.xlsx", allowed: ".qdpx, .qdc, .csv, .txt")) {
            try Exchange.importFiles([URL(fileURLWithPath: "/tmp/data.xlsx")], into: store)
        }
        #expect(throws: ExchangeError.self) {
            try Exchange.export(store, to: URL(fileURLWithPath: "/tmp/out.txt"))
        }
    }
}
