import Foundation
import LuaBridge
import Testing

/// Refusals say how to lift a restriction in the embedder's words, and in neutral words when
/// the embedder gives none; the bridge itself names no command-line flag.
@Suite("Sandbox advice", .timeLimit(.minutes(3)))
struct SandboxAdviceTests {
    static let custom = SandboxAdvice(liftRestriction: "tick the Trusted box", chooseOutputFolder: "pick a folder in Settings")

    @Test func refusedFunctionsUseTheAdviceGiven() {
        #expect(sandboxError("os.execute('true')", advice: Self.custom)
            == "script.lua:1: os.execute is not available in the sandbox (tick the Trusted box to allow it)")
        #expect(sandboxError("os.execute('true')", advice: .neutral)
            == "script.lua:1: os.execute is not available in the sandbox (run the script as trusted to allow it)")
    }

    @Test func readsAndModulesOutsideTheFoldersUseTheAdviceGiven() throws {
        let folders = try ScriptFolders()
        try folders.write("return 'secret'", to: "elsewhere/secret.lua")
        let secret = folders.root.appendingPathComponent("elsewhere/secret.lua").path
        #expect(sandboxError("dofile('\(secret)')", folders: folders, advice: Self.custom)?
            .hasSuffix("(tick the Trusted box to lift this)") == true)
        try FileManager.default.createSymbolicLink(atPath: folders.scripts.appendingPathComponent("away.lua").path,
                                                   withDestinationPath: secret)
        let module = sandboxError("require('away')", folders: folders, advice: .neutral)
        #expect(module?.contains("leads outside the script's folder and the library folders (run the script as trusted to lift this)") == true,
                "\(module ?? "no error")")
        #expect(module?.contains("--") == false)
    }

    @Test func outputFolderRefusalsUseTheAdviceGiven() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-advice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("out")
        func message(_ folder: OutputFolder, _ name: String) -> String {
            do { try folder.write(Data(), to: name); return "written" } catch { return "\(error)" }
        }
        let custom = OutputFolder(root: root, advice: Self.custom)
        #expect(message(custom, "/tmp/x").hasSuffix("(pick a folder in Settings, or tick the Trusted box)"))
        #expect(message(custom, ".hidden").hasSuffix("(tick the Trusted box to allow it)"))
        let neutral = OutputFolder(root: root)
        #expect(message(neutral, "/tmp/x").hasSuffix("(choose another output folder, or run the script as trusted)"))
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: base.path)
        #expect(message(neutral, "link/x.txt").hasSuffix("(run the script as trusted to allow it)"))
    }
}
