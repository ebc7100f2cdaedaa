@testable import DataExchange
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing
import ZIPFoundation

/// Locations and small helpers shared by the exchange tests.
enum ExchangeFixtures {
    /// A file of `Fixtures/refi-qda/`.
    static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/refi-qda/\(name)")
    }

    /// A new empty folder for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("exchange-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every row of every table: two stores with the same snapshot hold the same data.
    static func snapshot(_ store: ProjectStore) throws -> String {
        try JSONLinesDump.text(from: store)
    }

    /// A project file holding the NVivo fixture, and its snapshot.
    static func nvivoProjectFile(in directory: URL) throws -> (URL, String) {
        let url = directory.appendingPathComponent("project.peerdb")
        let store = try ProjectStore.create(at: url)
        _ = try QDAImporter.importProject(at: ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx"), into: store)
        let snapshot = try snapshot(store)
        try store.close()
        return (url, snapshot)
    }

    /// The bytes of one entry of a zip archive, read with the zip library alone.
    static func entry(_ path: String, of archive: URL) throws -> Data {
        let zip = try Archive(url: archive, accessMode: .read)
        let entry = try #require(zip[path], "\(path) is in \(archive.lastPathComponent)")
        var data = Data()
        _ = try zip.extract(entry) { data.append($0) }
        return data
    }

    /// Whether `xmllint` can be run.
    static var xmllint: String? {
        ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program and returns its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

@Suite("REFI-QDA reading")
struct ExchangeReaderTests {
    @Test("reads the NVivo 12.6 export: users, nested codebook, sources with BOM removed and CRLF kept")
    func readsNVivo() throws {
        let project = try QDPXArchive.read(ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx"))
        #expect(project.origin == "NVivo for Windows 12.6")
        #expect(project.users.map(\.name) == ["Gergo", "floriansipos"])
        #expect(project.sources.count == 2)
        #expect(project.sources.reduce(0) { $0 + $1.selections.count } == 303)
        #expect(project.codingCount == 303)
        func depth(_ code: QDACode) -> Int { 1 + (code.children.map(depth).max() ?? 0) }
        #expect(project.codes.map(depth).max() == 4)
        for source in project.sources {
            let text = try #require(source.text)
            #expect(text.unicodeScalars.first != "\u{FEFF}")
            #expect(text.contains("\r\n"))
            #expect(text.unicodeScalars.contains { $0.value > 0xFFFF })
        }
        let described = project.allCodes.first { $0.name == "relativizálás, analógiák" }
        #expect(described?.description == "csak egy nátha\n")
    }

    @Test("canonicalises GUIDs written in upper case and in braces, and expands #RGB colours")
    func canonicalGUIDs() throws {
        let project = try QDPXArchive.read(ExchangeFixtures.url("codepoints-braced.qdpx"))
        #expect(project.users.first?.guid == "a5e00001-0000-4000-8000-000000000001")
        #expect(project.sources.first?.guid == "50c00001-0000-4000-8000-000000000001")
        #expect(project.sources.first?.selections.first?.codings.first?.codeGUID == "c0de0001-0000-4000-8000-000000000001")
        #expect(project.codes.first?.color == "#33AA77")
        #expect(project.codes.first?.children.first?.color == "#1F77B4")
        #expect(project.sources.first?.text?.hasPrefix("Interviewer:") == true)
        #expect(QDAGUID.canonical("{ABCDEF01-2345-4678-9ABC-DEF012345678}") == "abcdef01-2345-4678-9abc-def012345678")
        #expect(QDAGUID.canonical("not-a-guid") == nil)
        #expect(QDAGUID.canonical(" abcdef01-2345-4678-9abc-def012345678\n") == "abcdef01-2345-4678-9abc-def012345678")
        #expect(QDAGUID.canonical("abcdef0-12345-4678-9abc-def012345678") == nil)
        #expect(QDAGUID.canonical("abcdef01-2345-4678-9abc-def01234567g") == nil)
        #expect(QDAGUID.canonical("{abcdef01-2345-4678-9abc-def012345678") == nil)
        #expect(QDAGUID.canonical(QDAGUID.random()) != nil)
    }

    @Test("accepts elements out of schema order, empty elements and inline text")
    func toleratesUnordered() throws {
        let project = try QDPXArchive.read(ExchangeFixtures.url("unordered.qdpx"))
        #expect(project.users.count == 1)
        #expect(project.codes.first?.children.count == 2)
        #expect(project.variables.map(\.name) == ["gender", "sector"])
        #expect(project.cases.count == 2)
        #expect(project.cases[1].values.first?.value == "PAR")
        #expect(project.notes.first?.text == "Non-judgement comes up in most SU interviews.")
        #expect(project.sets.first?.codeRefs.count == 1)
        #expect(project.description == nil)
        let source = try #require(project.sources.first)
        #expect(source.description == nil)
        #expect(source.text?.hasPrefix("Interviewer:") == true)
        #expect(source.selections.first?.description == nil)
        #expect(source.selections.first?.codings.count == 2)
    }

    @Test("reports a file that is not a zip, by name")
    func notAZip() {
        #expect(throws: ExchangeError.notAZip(file: "not-a-zip.qdpx")) {
            try QDPXArchive.read(ExchangeFixtures.url("not-a-zip.qdpx"))
        }
    }

    @Test("reports an archive without project.qde")
    func noProjectFile() {
        #expect(throws: ExchangeError.missingProjectFile(file: "no-project.qdpx")) {
            try QDPXArchive.read(ExchangeFixtures.url("no-project.qdpx"))
        }
    }

    @Test("reports malformed XML with file and line")
    func malformed() throws {
        do {
            _ = try QDPXArchive.read(ExchangeFixtures.url("malformed.qdpx"))
            Issue.record("malformed XML was accepted")
        } catch let ExchangeError.malformedXML(file, line, _, reason) {
            #expect(file == "malformed.qdpx:project.qde")
            // libxml2 reports the unclosed <User> at the end tag where it gives up, on the last line.
            #expect(line == 6)
            #expect(reason == "an end tag does not match the element it closes")
        }
        #expect(throws: ExchangeError.self) {
            try QDEReader(file: "mismatch.qde").readProject(Data("<Project name='x'><Users></Project>".utf8))
        }
    }

    @Test("reports a missing or unreadable GUID naming element and line")
    func badGUID() throws {
        let xml = """
            <?xml version="1.0"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="x">
              <Users><User guid="12345" name="Robin"/></Users>
            </Project>
            """
        #expect(throws: ExchangeError.badAttribute(file: "x.qde", element: "User", line: 3, attribute: "guid", value: "12345")) {
            try QDEReader(file: "x.qde").readProject(Data(xml.utf8))
        }
        let message = ExchangeError.badAttribute(file: "x.qde", element: "User", line: 3, attribute: "guid", value: "12345")
            .description
        #expect(message.contains("<User> at line 3"))
    }

    @Test("reads documents larger than libxml2's single-buffer limit of about 10 MB")
    func largeDocument() throws {
        var project = QDAProject(name: "large")
        project.codes = (0..<110_000).map { QDACode(guid: QDAGUID.derived("large \($0)"), name: "Code number \($0) with a longer name") }
        project.codes[0].description = String(repeating: "x", count: 200)
        let data = Data(QDEWriter.project(project).utf8)
        #expect(data.count > 12_000_000)
        let read = try QDEReader(file: "large.qde").readProject(data)
        #expect(read.codes.count == 110_000)
        #expect(read.codes == project.codes)
    }

    @Test("round-trips awkward strings through the XML writer")
    func writerEscaping() throws {
        var project = QDAProject(name: "Tabs\tand \"quotes\" & <angles>\r\nline")
        project.description = "CR\r\nLF\nand a bell \u{7} replaced"
        let text = QDEWriter.project(project)
        let read = try QDEReader(file: "p.qde").readProject(Data(text.utf8))
        #expect(read.name == project.name)
        #expect(read.description == "CR\r\nLF\nand a bell \u{FFFD} replaced")
    }
}
