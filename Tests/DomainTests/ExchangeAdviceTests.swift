@testable import DataExchange
import Foundation
@testable import ProjectStorage
import Testing

/// Exchange messages say what to change in the embedder's words, and name no interface when
/// the embedder gives none.
@Suite("Exchange advice")
struct ExchangeAdviceTests {
    static let custom = ExchangeAdvice(raiseUncompressedLimit: "raise LIMIT", tryOtherOffsets: "try OTHER",
                                       chooseOffsets: "pick ONE", offsetsAskedFor: "as ASKED",
                                       nameParticipant: "set WHO")

    static let advised: [(ExchangeError, String)] = [
        (.archiveTooLarge(file: "a.qdpx", entry: "e", limitBytes: 1 << 20), "If it is genuine, raise LIMIT."),
        (.offsetOutsideText(file: "a", selection: "s", line: 1, source: "x", start: 0, end: 9, length: 3, convention: "utf16"),
         "The export does not match its sources; try OTHER or export again."),
        (.offsetInsideCharacter(file: "a", selection: "s", line: 1, source: "x", offset: 1, convention: "utf16"),
         "Try OTHER."),
        (.noOffsetConvention(file: "a", detail: "d"), "Pick ONE to see which selection is at fault."),
    ]

    @Test func errorsUseTheAdviceGiven() {
        for (error, ending) in Self.advised {
            #expect(error.description(advice: Self.custom).hasSuffix(ending), "\(error)")
        }
    }

    @Test func neutralWordsNameNoFlag() {
        for (error, _) in Self.advised {
            #expect(!error.description.contains("--"), "\(error.description)")
            #expect(error.description == error.description(advice: .neutral))
        }
        #expect(ExchangeError.noOffsetConvention(file: "a", detail: "d").description
            .hasSuffix("Choose one convention explicitly to see which selection is at fault."))
    }

    @Test func aFixedConventionsReasonUsesTheAdviceGiven() throws {
        let project = try QDPXArchive.read(ExchangeFixtures.url("utf16-unknown.qdpx"))
        let advised = try OffsetResolver(file: "f", advice: Self.custom).resolve(project, mode: .fixed(.utf16))
        #expect(advised.reason == "utf16, as ASKED")
        let neutral = try OffsetResolver(file: "f").resolve(project, mode: .fixed(.utf16))
        #expect(neutral.reason == "utf16, as asked for")
    }

    @Test func transcriptWarningsUseTheAdviceGiven() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-advice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notes.txt")
        try Data("Some text.\n".utf8).write(to: file)
        let store = try ProjectStore.createProject(at: folder.appendingPathComponent("p.peerdb"), empty: true)
        defer { try? store.close() }
        let report = try TranscriptImporter.importFiles([file], into: store, advice: Self.custom)
        #expect(report.warnings == ["notes.txt: the file name is not a participant id, so the document has no participant (set WHO)"])
    }
}
