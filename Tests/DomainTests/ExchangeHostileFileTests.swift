@testable import DataExchange
import Foundation
import GRDB
import ProjectStorage
@testable import StudyModel
import Testing
import ZIPFoundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the built `peerscript` with a time limit, so that a crash, a hang or a spin fails the
/// test instead of stopping the test runner.
enum TimedPeerScript {
    struct Result {
        var status: Int32
        var crashed: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String

        /// A finished run that refused its input with a message rather than crashing or hanging.
        var refused: Bool { !crashed && !timedOut && status == 1 }
    }

    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:],
                    seconds: TimeInterval = 30) throws -> Result {
        let executable = try #require(ExchangeKillTests.peerscript, "the peerscript executable is built with the tests")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Output goes to files, not pipes: a child that writes megabytes cannot block on a full pipe.
        let outURL = folder.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        return Result(status: process.terminationStatus,
                      crashed: !timedOut && process.terminationReason == .uncaughtSignal,
                      timedOut: timedOut,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// Builds hostile inputs at test time, small on disk.
enum HostileFiles {
    static let guid = "11111111-2222-3333-4444-555555555555"
    static let namespace = "urn:QDA-XML:project:1.0"

    /// A zip at `url` with the given entries, deflated.
    static func zip(_ url: URL, _ entries: [(String, Data)]) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// `<open>` nested `depth` times inside `prefix` … `suffix`.
    static func nested(_ depth: Int, open: String, close: String, prefix: String, suffix: String) -> Data {
        var text = prefix
        text.reserveCapacity(prefix.count + depth * (open.count + close.count) + suffix.count)
        for _ in 0..<depth { text += open }
        for _ in 0..<depth { text += close }
        return Data((text + suffix).utf8)
    }

    /// A minimal valid project.qde with one text source whose text is in `sources/text.txt`.
    static var projectWithOneSource: Data {
        Data("""
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="\(namespace)" name="bomb">
              <Sources>
                <TextSource guid="\(guid)" name="text" plainTextPath="internal://text.txt"/>
              </Sources>
            </Project>
            """.utf8)
    }

    /// Rewrites the uncompressed size that the local and central headers of a one-entry zip
    /// declare, leaving the compressed data alone: a bomb that lies about its size.
    static func declareUncompressedSize(_ size: UInt32, in url: URL, entry: String) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        func patch(signature: [UInt8], sizeOffset: Int, nameLengthOffset: Int, nameOffset: Int) {
            var index = 0
            while index + nameOffset < bytes.count {
                if Array(bytes[index..<index + 4]) == signature {
                    let nameLength = Int(bytes[index + nameLengthOffset]) | Int(bytes[index + nameLengthOffset + 1]) << 8
                    let name = String(decoding: bytes[(index + nameOffset)..<(index + nameOffset + nameLength)], as: UTF8.self)
                    if name == entry {
                        for byte in 0..<4 { bytes[index + sizeOffset + byte] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(byte))) }
                    }
                }
                index += 1
            }
        }
        patch(signature: [0x50, 0x4B, 0x03, 0x04], sizeOffset: 22, nameLengthOffset: 26, nameOffset: 30)
        patch(signature: [0x50, 0x4B, 0x01, 0x02], sizeOffset: 24, nameLengthOffset: 28, nameOffset: 46)
        try Data(bytes).write(to: url)
    }

    /// A project file with the NVivo fixture whose rows are then changed with `sql`, as another
    /// program might; CHECK constraints are off for the change.
    static func brokenProject(in directory: URL, _ sql: String) throws -> URL {
        let (url, _) = try ExchangeFixtures.nvivoProjectFile(in: directory)
        let queue = try DatabaseQueue(path: url.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
        }
        try queue.close()
        return url
    }
}

@Suite("Hostile files", .timeLimit(.minutes(2)))
struct ExchangeHostileFileTests {
    let folder: URL

    init() throws { folder = try ExchangeFixtures.temporaryDirectory() }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func projectFilesLeft(_ project: String) -> [String] {
        ProjectStore.files(at: URL(fileURLWithPath: project)).map(\.path).filter { FileManager.default.fileExists(atPath: $0) }
    }

    // MARK: - Deep nesting

    @Test("a .qdpx with 200,000 nested elements is refused, and the new project file is removed")
    func deeplyNestedProject() throws {
        let qde = HostileFiles.nested(200_000, open: "<a>", close: "</a>",
                                      prefix: "<Project xmlns=\"\(HostileFiles.namespace)\" name=\"deep\">",
                                      suffix: "</Project>")
        try HostileFiles.zip(folder.appendingPathComponent("deep.qdpx"), [("project.qde", qde)])
        let project = path("new.peerdb")
        let result = try TimedPeerScript.run(["import", path("deep.qdpx"), "--project", project], in: folder)
        #expect(result.refused, "status \(result.status), crashed \(result.crashed): \(result.stderr.prefix(500))")
        #expect(result.stderr.contains("deep.qdpx:project.qde: elements are nested more than 256 deep at line 1"))
        #expect(projectFilesLeft(project).isEmpty)
    }

    @Test("a .qdc with 100,000 nested codes is refused with the file named")
    func deeplyNestedCodebook() throws {
        let qdc = HostileFiles.nested(100_000, open: "<Code guid=\"\(HostileFiles.guid)\" name=\"c\">", close: "</Code>",
                                      prefix: "<CodeBook xmlns=\"\(HostileFiles.namespace)\"><Codes>",
                                      suffix: "</Codes></CodeBook>")
        try qdc.write(to: folder.appendingPathComponent("deep.qdc"))
        let project = path("new.peerdb")
        let result = try TimedPeerScript.run(["import", path("deep.qdc"), "--project", project], in: folder)
        #expect(result.refused, "status \(result.status), crashed \(result.crashed): \(result.stderr.prefix(500))")
        #expect(result.stderr.contains("deep.qdc: elements are nested more than 256 deep"))
        #expect(projectFilesLeft(project).isEmpty)
    }

    @Test("a code tree a few hundred levels deep within the limit still imports")
    func codeTreeWithinTheLimit() throws {
        let depth = 250
        let codes = (0..<depth).map { index in
            "<Code guid=\"\(QDAGUID.derived("deep code \(index)"))\" name=\"c\(index)\">"
        }.joined() + String(repeating: "</Code>", count: depth)
        let qdc = "<CodeBook xmlns=\"\(HostileFiles.namespace)\"><Codes>\(codes)</Codes></CodeBook>"
        let codebook = try QDEReader(file: "ok.qdc").readCodebook(Data(qdc.utf8))
        var level = codebook.codes.first
        var count = 0
        while let code = level {
            count += 1
            level = code.children.first
        }
        #expect(count == depth)
    }

    // MARK: - Not a regular file

    @Test("a folder named like an import file is refused, for every format", arguments: ["qdpx", "qdc", "csv", "txt"])
    func folderInsteadOfFile(format: String) throws {
        let name = "export.\(format)"
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        let project = path("new.peerdb")
        let result = try TimedPeerScript.run(["import", path(name), "--project", project], in: folder, seconds: 15)
        #expect(result.refused, "timed out \(result.timedOut), status \(result.status): \(result.stderr.prefix(500))")
        #expect(result.stderr.contains("\(path(name)): is a folder, not a regular file"))
        #expect(projectFilesLeft(project).isEmpty)
    }

    @Test("a named pipe given to import or lib install is refused instead of waited on",
          arguments: ["import.qdpx", "import.csv", "library.zip"])
    func pipeInsteadOfFile(name: String) throws {
        #expect(mkfifo(path(name), 0o600) == 0)
        let arguments = name.hasSuffix(".zip")
            ? ["lib", "install", path(name)]
            : ["import", path(name), "--project", path("new.peerdb")]
        let result = try TimedPeerScript.run(arguments, in: folder, environment: ["PEERSCRIPT_HOME": path("home")],
                                             seconds: 15)
        #expect(result.refused, "timed out \(result.timedOut), status \(result.status): \(result.stderr.prefix(500))")
        #expect(result.stderr.contains("not a regular file"))
    }

    @Test("a named pipe or folder given as --project to import or export is refused", arguments: [false, true])
    func projectThatIsNotAFile(export: Bool) throws {
        let pipe = path("pipe.peerdb")
        #expect(mkfifo(pipe, 0o600) == 0)
        try Data("document,start,end,code,coder\n".utf8).write(to: folder.appendingPathComponent("c.csv"))
        for project in [pipe, folder.path] {
            let arguments = export ? ["export", "--project", project, path("out.csv")]
                                   : ["import", path("c.csv"), "--project", project]
            let result = try TimedPeerScript.run(arguments, in: folder, seconds: 15)
            #expect(result.refused,
                    "\(project): timed out \(result.timedOut), status \(result.status): \(result.stderr.prefix(300))")
        }
        let pipeResult = try TimedPeerScript.run(export ? ["export", "--project", pipe, path("out.csv")]
                                                        : ["import", path("c.csv"), "--project", pipe], in: folder, seconds: 15)
        #expect(pipeResult.stderr == "peerscript: '\(pipe)' is a device, pipe or socket, not a project file: "
            + "give --project the path of a .peerdb file\n")
    }

    // MARK: - Zip bombs

    @Test("a .qdpx whose source text inflates past --max-uncompressed-mb is refused")
    func qdpxBomb() throws {
        let archive = folder.appendingPathComponent("bomb.qdpx")
        try HostileFiles.zip(archive, [("project.qde", HostileFiles.projectWithOneSource),
                                       ("sources/text.txt", Data(repeating: 0x61, count: 2 << 20))])
        let project = path("new.peerdb")
        let refused = try TimedPeerScript.run(["import", archive.path, "--project", project, "--max-uncompressed-mb", "1"],
                                              in: folder)
        #expect(refused.refused, "\(refused.stderr.prefix(500))")
        #expect(refused.stderr.contains("bomb.qdpx: sources/text.txt would unpack to more than 1 MB"))
        #expect(refused.stderr.contains("--max-uncompressed-mb"))
        #expect(projectFilesLeft(project).isEmpty)

        let allowed = try TimedPeerScript.run(["import", archive.path, "--project", project, "--max-uncompressed-mb", "3"],
                                              in: folder)
        #expect(allowed.status == 0, "\(allowed.stderr.prefix(500))")
    }

    @Test("a codings CSV, or transcripts together, larger than --max-uncompressed-mb are refused unread",
          arguments: ["csv", "txt"])
    func oversizedPlainImport(kind: String) throws {
        let project = path("sized.peerdb")
        #expect(try TimedPeerScript.run(["init", project], in: folder).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: project))
        let line = kind == "csv" ? "DOC1,0,4,c1,alice\n" : "Support means being there for someone.\n"
        let body = String(repeating: line, count: ((kind == "csv" ? 1200 : 700) << 10) / line.utf8.count)
        let header = kind == "csv" ? "document,start,end,code,coder\n" : ""
        let files = kind == "csv" ? ["big.csv"] : ["STA1PW01.txt", "STA1SU01.txt"]
        for name in files { try Data((header + body).utf8).write(to: folder.appendingPathComponent(name)) }
        let refused = try TimedPeerScript.run(["import"] + files.map(path) + ["--project", project,
                                                                              "--max-uncompressed-mb", "1"], in: folder)
        #expect(refused.refused, "\(refused.stderr.prefix(500))")
        let label = kind == "csv" ? "big.csv" : "2 transcripts"
        #expect(refused.stderr.contains("\(label): is "), "\(refused.stderr.prefix(500))")
        #expect(refused.stderr.contains("more than the 1 MB an import reads"), "\(refused.stderr.prefix(500))")
        #expect(refused.stderr.contains("--max-uncompressed-mb"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: project)) == before)
        if kind == "txt" {
            let allowed = try TimedPeerScript.run(["import"] + files.map(path) + ["--project", project,
                                                                                  "--max-uncompressed-mb", "2"], in: folder)
            #expect(allowed.status == 0, "\(allowed.stderr.prefix(500))")
        }
    }

    @Test("a .qdpx whose headers declare a small size is stopped by counting what it inflates to")
    func qdpxBombWithLyingHeaders() throws {
        let archive = folder.appendingPathComponent("liar.qdpx")
        try HostileFiles.zip(archive, [("project.qde", HostileFiles.projectWithOneSource),
                                       ("sources/text.txt", Data(repeating: 0x61, count: 3 << 20))])
        try HostileFiles.declareUncompressedSize(100, in: archive, entry: "sources/text.txt")
        #expect(try Archive(url: archive, accessMode: .read)["sources/text.txt"]?.uncompressedSize == 100)
        let result = try TimedPeerScript.run(["import", archive.path, "--project", path("new.peerdb"),
                                              "--max-uncompressed-mb", "1"], in: folder)
        #expect(result.refused, "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("liar.qdpx: sources/text.txt would unpack to more than 1 MB"))
    }

    @Test("lib install refuses a zip that inflates past --max-uncompressed-mb and installs nothing")
    func libraryBomb() throws {
        let archive = folder.appendingPathComponent("bomb.zip")
        try HostileFiles.zip(archive, [
            ("bomb/peerlib.lua", Data(#"return { name = "bomb", version = "1.0.0", description = "d", peerscript = "0.1.0" }"#.utf8)),
            ("bomb/init.lua", Data("return {}".utf8)),
            ("bomb/data.txt", Data(repeating: 0, count: 2 << 20)),
        ])
        let home = path("home")
        let refused = try TimedPeerScript.run(["lib", "install", archive.path, "--max-uncompressed-mb", "1"], in: folder,
                                              environment: ["PEERSCRIPT_HOME": home, "PEERSCRIPT_PATH": ""])
        #expect(refused.refused, "\(refused.stderr.prefix(500))")
        #expect(refused.stderr.contains("refusing bomb.zip: it would unpack to more than 1 MB (reached at entry 'bomb/data.txt')"))
        #expect(!FileManager.default.fileExists(atPath: home + "/lib/bomb"))

        let allowed = try TimedPeerScript.run(["lib", "install", archive.path, "--max-uncompressed-mb", "3"], in: folder,
                                              environment: ["PEERSCRIPT_HOME": home, "PEERSCRIPT_PATH": ""])
        #expect(allowed.status == 0, "\(allowed.stderr.prefix(500))")
        #expect(FileManager.default.fileExists(atPath: home + "/lib/bomb/data.txt"))
    }

    // MARK: - Broken projects on export

    static let brokenSpans = [
        "UPDATE documents SET text = 'short' WHERE id = (SELECT document_id FROM segments ORDER BY start DESC LIMIT 1)",
        #"UPDATE segments SET "end" = start - 1 WHERE id = (SELECT MIN(id) FROM segments WHERE start > 0)"#,
    ]

    @Test("export of a segment outside its text or ending before it starts names the segment",
          arguments: brokenSpans, ["qdpx", "csv"])
    func exportOfBrokenSpans(sql: String, format: String) throws {
        let project = try HostileFiles.brokenProject(in: folder, sql)
        let result = try TimedPeerScript.run(["export", "--project", project.path, path("out.\(format)")], in: folder)
        #expect(result.refused, "status \(result.status), crashed \(result.crashed): \(result.stderr.prefix(500))")
        #expect(result.stderr.contains("project: segment "))
        #expect(result.stderr.contains("so the project cannot be exported"))
        #expect(!FileManager.default.fileExists(atPath: path("out.\(format)")))
    }

    @Test("export of a code tree nested past the limit, or with a loop, is refused", arguments: [false, true])
    func exportOfBrokenCodeTree(loop: Bool) throws {
        let (project, _) = try ExchangeFixtures.nvivoProjectFile(in: folder)
        let queue = try DatabaseQueue(path: project.path)
        try queue.write { db in
            if loop {
                try db.execute(sql: "INSERT INTO codes (id, codebook, label, level) VALUES ('loop', 'project', 'loop', 'code')")
                try db.execute(sql: "UPDATE codes SET parent_id = 'loop' WHERE id = 'loop'")
            } else {
                var parent: String?
                for index in 0..<100_000 {
                    try db.execute(sql: "INSERT INTO codes (id, codebook, parent_id, label, level) VALUES (?, 'project', ?, 'c', 'code')",
                                   arguments: ["deep\(index)", parent])
                    parent = "deep\(index)"
                }
            }
        }
        try queue.close()
        let result = try TimedPeerScript.run(["export", "--project", project.path, path("out.qdc")], in: folder)
        #expect(result.refused, "status \(result.status), crashed \(result.crashed): \(result.stderr.prefix(500))")
        #expect(result.stderr.contains(loop ? "code loop is its own ancestor" : "is nested more than 256 deep"))
    }

    // MARK: - Bounded messages

    @Test("an error about a multi-megabyte attribute quotes 200 characters of it and its size")
    func hugeAttributeInMessage() throws {
        let huge = String(repeating: "x", count: 3_000_000)
        let qdc = "<CodeBook xmlns=\"\(HostileFiles.namespace)\"><Codes><Code guid=\"\(huge)\" name=\"c\"/></Codes></CodeBook>"
        try Data(qdc.utf8).write(to: folder.appendingPathComponent("huge.qdc"))
        let result = try TimedPeerScript.run(["import", path("huge.qdc"), "--project", path("new.peerdb")], in: folder)
        #expect(result.refused)
        #expect(result.stderr.contains("has attribute guid \"\(String(repeating: "x", count: 200))… (3000000 bytes in all)\""))
        #expect(result.stderr.utf8.count < 1_000, "\(result.stderr.utf8.count) bytes of message")
    }

    @Test("a library manifest with a multi-megabyte version quotes 200 characters of it")
    func hugeManifestValueInMessage() throws {
        let version = String(repeating: "9", count: 3_000_000)
        let library = folder.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        try Data(#"{"name": "big", "version": "\#(version)"}"#.utf8).write(to: library.appendingPathComponent("peerlib.json"))
        try Data("return {}".utf8).write(to: library.appendingPathComponent("init.lua"))
        let result = try TimedPeerScript.run(["lib", "install", library.path], in: folder,
                                             environment: ["PEERSCRIPT_HOME": path("home"), "PEERSCRIPT_PATH": ""])
        #expect(result.refused)
        #expect(result.stderr.contains("'version' is \"\(String(repeating: "9", count: 200))… (3000000 bytes in all)\", which"))
        #expect(result.stderr.utf8.count < 1_000, "\(result.stderr.utf8.count) bytes of message")
    }

    @Test("CSV row problems quote at most 200 characters of each value")
    func hugeCSVValueInMessage() throws {
        let (project, _) = try ExchangeFixtures.nvivoProjectFile(in: folder)
        let code = String(repeating: "é", count: 1_000_000)
        let csv = "document,start,end,code,coder\nvideos_selection,0,5,\(code),someone\nnowhere\(code),0,1,x,someone\n"
        try Data(csv.utf8).write(to: folder.appendingPathComponent("huge.csv"))
        let result = try TimedPeerScript.run(["import", path("huge.csv"), "--project", project.path], in: folder)
        #expect(result.refused)
        let shown = String(repeating: "é", count: 200) + "… (2000000 bytes in all)"
        #expect(result.stderr.contains("row 2: code \"\(shown)\" does not exist"))
        #expect(result.stderr.contains("row 3: document \"nowhere\(String(repeating: "é", count: 193))… (2000007 bytes in all)\""))
        #expect(result.stderr.utf8.count < 2_000, "\(result.stderr.utf8.count) bytes of message")
    }
}
