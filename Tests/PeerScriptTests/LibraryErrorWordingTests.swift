import PeerScript
import Testing

/// Library errors that use the shared "cannot …: reason" wording read as they always have.
@Suite struct LibraryErrorWordingTests {
    @Test func refusalsNameWhatAndWhy() {
        #expect(LibraryError.unreadableManifest(file: "lib/peerlib.json", reason: "bad JSON").description
            == "cannot read the manifest lib/peerlib.json: bad JSON")
        #expect(LibraryError.unreadableArchive(archive: "lib.zip", reason: "damaged").description
            == "cannot read the zip lib.zip: damaged")
        #expect(LibraryError.fileOperation(action: "remove", path: "libs/old", reason: "busy").description
            == "cannot remove libs/old: busy")
    }
}
