import Foundation
import Testing

/// Libraries only one command uses are opened when it first needs them, not linked: each
/// linked library is loaded, with everything it needs, at every start of every command.
@Suite("libraries loaded at start-up", .timeLimit(.minutes(3)))
struct StartupLinkTests {
    /// The shared libraries the dynamic loader maps before `peerscript` runs its first line.
    static func loadedAtStart() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [PeerScriptCLI.executable.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test(arguments: ["libedit", "libzmq", "libxml2", "libicuuc", "liblzma"])
    func isOpenedOnFirstUse(library: String) throws {
        let loaded = try Self.loadedAtStart()
        #expect(loaded.contains("liblua5.4"), "ldd listed no libraries: \(loaded)")
        #expect(!loaded.contains(library), "\(library) is linked: \(loaded)")
    }
}
