import Foundation
import Testing

/// Where `require "peer.…"` finds the shipped library: beside an installed program
/// (`PREFIX/bin/peerscript` with `PREFIX/share/peerscript/Scripts`), else in the checkout the
/// program was built in.
@Suite("the shipped library's folder", .timeLimit(.minutes(3)))
struct ShippedScriptsLocationTests {
    @Test func anInstalledProgramUsesTheLibraryInstalledBesideIt() throws {
        let fileManager = FileManager.default
        // Beside the build, so the program can be linked (not copied) into the layout.
        let prefix = PeerScriptCLI.executable.deletingLastPathComponent()
            .appendingPathComponent("installed-layout-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: prefix) }
        let bin = prefix.appendingPathComponent("bin")
        let library = prefix.appendingPathComponent("share/peerscript/Scripts/peer")
        try fileManager.createDirectory(at: bin, withIntermediateDirectories: true)
        try fileManager.createDirectory(at: library, withIntermediateDirectories: true)
        try Data("return 'installed library'\n".utf8).write(to: library.appendingPathComponent("probe.lua"))
        let program = bin.appendingPathComponent("peerscript")
        try fileManager.linkItem(at: PeerScriptCLI.executable, to: program)

        let process = Process()
        process.executableURL = program
        process.arguments = ["run", "-e", "print(require('peer.probe'))"]
        process.currentDirectoryURL = prefix
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text == "installed library\n")
    }
}
