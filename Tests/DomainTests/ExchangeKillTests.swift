import Foundation
@testable import ProjectStorage
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Interrupted imports")
struct ExchangeKillTests {
    /// The `peerscript` executable built beside the test bundle.
    static var peerscript: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ]
        return candidates.map { $0.appendingPathComponent("peerscript") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test("an import killed with SIGKILL in the middle leaves the project exactly as it was")
    func killedImport() throws {
        let executable = try #require(Self.peerscript, "the peerscript executable is built with the tests")
        let directory = try ExchangeFixtures.temporaryDirectory()
        let (project, before) = try ExchangeFixtures.nvivoProjectFile(in: directory)

        // A large CSV of new codings: long enough that the import is still writing when killed.
        let csv = directory.appendingPathComponent("bulk.csv")
        var text = "document,start,end,code,coder\n"
        for index in 0..<120_000 {
            text += "videos_selection,\(index),\(index + 7),1-oltas-tipusa.covid,bulk coder \(index % 5)\n"
        }
        try Data(text.utf8).write(to: csv)

        let process = Process()
        process.executableURL = executable
        process.arguments = ["import", csv.path, "--project", project.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // Progress lines come from inside the transaction; once one reports rows done, rows are
        // being written. Then the process is killed without any chance to clean up.
        var seen = ""
        while process.isRunning {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if seen.split(separator: "\n").contains(where: { $0.hasPrefix("import: rows") && !$0.contains(" 0/") }) {
                kill(process.processIdentifier, SIGKILL)
                break
            }
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the import finished before it could be killed: \(seen)")
        #expect(process.terminationStatus == SIGKILL)
        #expect(FileManager.default.fileExists(atPath: project.path + "-wal"))

        let store = try ProjectStore.open(at: project)
        #expect(try ExchangeFixtures.snapshot(store) == before)
        #expect(try store.counts().codings == 303)
    }
}
