import Foundation

/// Runs the built `peerscript` executable, as a user would from a shell.
struct PeerScriptCLI {
    /// What a finished run printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `peerscript` binary built beside the test bundle.
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // The test bundle may sit inside a `.xctest` folder; the tool is in the build folder.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("peerscript").path),
              folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("peerscript")
    }()

    /// The repository's root folder.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts `peerscript` with `arguments` in `folder`; the caller waits for it.
    static func start(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:],
                      stdin: String? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder ?? repository
        var env = ProcessInfo.processInfo.environment
        env["PEERSCRIPT_HOME"] = env["PEERSCRIPT_HOME"] ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("peerscript-test-home").path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        return (process, out, err)
    }

    /// Runs `peerscript` with `arguments` and waits for it.
    @discardableResult
    static func run(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:],
                    stdin: String? = nil) throws -> Result {
        let (process, out, err) = try start(arguments, in: folder, environment: environment, stdin: stdin)
        return finish(process, out, err)
    }

    /// Waits for a started process and collects its output.
    static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Result {
        // Read before waiting, so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A temporary folder removed at deinit.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` inside the folder and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }
}
