import Foundation
import PeerScript
import Testing

/// The zip policy for script libraries, tested where it lives rather than through `lib install`.
@Suite("Library archives", .timeLimit(.minutes(3)))
struct LibraryArchiveTests {
    private static let fixtures = PeerScriptCLI.repository.appendingPathComponent("Tests/PeerScriptTests/Fixtures/libraries")

    /// Everything under `folder`, as paths relative to it.
    private func contents(of folder: URL) -> [String] {
        (FileManager.default.subpaths(atPath: folder.path) ?? []).sorted()
    }

    @Test func aSafeArchiveUnpacksEveryEntry() throws {
        let folder = try TemporaryFolder()
        try LibraryArchive.unpack(Self.fixtures.appendingPathComponent("zipped.zip"), into: folder.url)
        #expect(contents(of: folder.url).contains("zipped/init.lua"))
    }

    @Test(arguments: [
        ("slip.zip", "slip/../../escaped.lua", "would be written outside the library folder (it contains '..')"),
        ("absolute.zip", "/tmp/peerscript-absolute-escape.lua", "has an absolute path"),
        ("link.zip", "link/passwd", "is a symbolic link"),
    ])
    func anUnsafeEntryRefusesTheWholeArchiveBeforeWriting(zip: String, entry: String, reason: String) throws {
        let folder = try TemporaryFolder()
        #expect(throws: LibraryError.unsafeArchiveEntry(archive: zip, entry: entry, reason: reason)) {
            try LibraryArchive.unpack(Self.fixtures.appendingPathComponent(zip), into: folder.url)
        }
        #expect(contents(of: folder.url).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/peerscript-absolute-escape.lua"))
    }

    @Test func entriesInflatingPastTheLimitStopTheUnpacking() throws {
        let folder = try TemporaryFolder()
        do {
            try LibraryArchive.unpack(Self.fixtures.appendingPathComponent("zipped.zip"), into: folder.url,
                                      maxUncompressedBytes: 8)
            Issue.record("an archive larger than 8 bytes was unpacked")
        } catch let error as LibraryError {
            guard case .archiveTooLarge(let archive, _, let limit) = error else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(archive == "zipped.zip")
            #expect(limit == "8 bytes")
        }
    }

    @Test func aFileThatIsNotAZipIsNamed() throws {
        let folder = try TemporaryFolder()
        let notZip = try folder.write("plain text", to: "plain.zip")
        let target = folder.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        #expect(throws: LibraryError.unreadableArchive(archive: "plain.zip", reason: "not a zip file, or damaged")) {
            try LibraryArchive.unpack(URL(fileURLWithPath: notZip), into: target)
        }
    }
}
