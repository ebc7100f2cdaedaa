import Foundation
import Testing

/// The lower layers word their advice neutrally; what the tool prints still names its flags.
@Suite("Messages name the tool's flags", .timeLimit(.minutes(3)))
struct CommandLineWordingTests {
    private static let fixtures = PeerScriptCLI.repository.appendingPathComponent("Tests/DomainTests/Fixtures/refi-qda")

    private func importing(_ fixture: String, offsets: String) throws -> PeerScriptCLI.Result {
        let folder = try TemporaryFolder()
        return try PeerScriptCLI.run(["import", Self.fixtures.appendingPathComponent(fixture).path,
                                      "--project", "p.peerdb", "--offsets", offsets], in: folder.url)
    }

    @Test func offsetAdviceNamesTheOffsetsFlag() throws {
        let none = try importing("offset-outside.qdpx", offsets: "auto")
        #expect(none.status != 0)
        #expect(none.stderr.hasSuffix(". Choose one with --offsets to see which selection is at fault.\n"), "\(none.stderr)")
        let outside = try importing("offset-outside.qdpx", offsets: "utf16")
        #expect(outside.stderr.hasSuffix("The export does not match its sources; try another --offsets mode or export again.\n"),
                "\(outside.stderr)")
        let asked = try importing("utf16-unknown.qdpx", offsets: "codepoints")
        #expect(asked.stdout.contains("  offsets: codepoints — codepoints, as asked for with --offsets\n"), "\(asked.stdout)")
    }

    @Test func transcriptAdviceNamesTheParticipantFlag() throws {
        let folder = try TemporaryFolder()
        try folder.write("Some text.\n", to: "notes.txt")
        let result = try PeerScriptCLI.run(["import", "notes.txt", "--project", "t.peerdb"], in: folder.url)
        #expect(result.stdout.contains("  warning: notes.txt: the file name is not a participant id, so the document has no participant (use --participant to name one)\n"),
                "\(result.stdout)")
    }

    @Test func theDemoCorpusNoticeNamesTheProjectFlag() throws {
        let folder = try TemporaryFolder()
        let result = try PeerScriptCLI.run(["run", "-e", "print(corpus.size().codings > 0)"], in: folder.url)
        #expect(result.stdout == "true\n", "\(result.stderr)")
        #expect(result.stderr == "peerscript: no --project given; using the built-in demo corpus (synthetic data, not real interviews)\n")
    }

    @Test func outputFolderAdviceNamesOutAndTrusted() throws {
        let folder = try TemporaryFolder()
        let result = try PeerScriptCLI.run(["run", "-e", #"corpus.codings():count_by("participant.role"):write("/tmp/x.csv")"#],
                                           in: folder.url)
        #expect(result.stderr.contains("(choose it with --out, or run with --trusted)"), "\(result.stderr)")
    }
}
