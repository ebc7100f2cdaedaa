import CorpusGenerator
import Foundation
import GRDB
import Testing

/// A project another tool wrote with a value of the wrong kind in a column the loader reads as
/// an integer: the run must end with a message naming the row and the value it holds (not a
/// made-up 0 that "names no row"). Run as a subprocess, so a crash fails the test instead of
/// the test runner.
@Suite("Loading a project with malformed columns", .timeLimit(.minutes(2)))
struct CorpusLoadErrorTests {
    /// A small generated project with one SQL change applied, foreign keys off.
    static func project(_ change: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("peerscript-malformed-\(UUID().uuidString).peerdb")
        _ = try ProjectGenerator.generate(
            GeneratorOptions(participants: 7, codings: 200, coders: 2, seed: 5), to: url)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        try queue.write { try $0.execute(sql: change) }
        try queue.close()
        return url
    }

    static func count(in project: URL) throws -> PeerScriptCLI.Result {
        try PeerScriptCLI.run(["run", "--project", project.path, "-e", "print(corpus.codings():count())"], bound: 60)
    }

    /// Text where a segment or coder number belongs, and a segment naming no document.
    @Test(arguments: [
        ("UPDATE codings SET segment_id = 'seven' WHERE id = 5", "codings row '5' has segment_id 'seven', which is not an integer"),
        ("UPDATE codings SET coder_id = 'Ana' WHERE id = 9", "codings row '9' has coder_id 'Ana', which is not an integer"),
        ("UPDATE segments SET document_id = 'nowhere' WHERE id = 3", "segments row '3' has document_id 'nowhere', which names no row"),
    ])
    func malformedColumnIsNamed(change: String, message: String) throws {
        let url = try Self.project(change)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try Self.count(in: url)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message))
    }

    @Test func loadsTheUnchangedProject() throws {
        let url = try Self.project("SELECT 1")
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try Self.count(in: url)
        #expect(result.status == 0)
        #expect(result.stdout == "200\n")
    }
}
