import Foundation

/// Runs the built `peerscript` executable, as a user would from a shell.
struct PeerScriptCLI {
    /// What a finished run printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Whether the run was killed for outlasting its bound (its status is then SIGKILL's).
        var timedOut = false
        /// How long the run took, in seconds.
        var seconds: Double = 0
    }

    /// The longest a run may take before it is killed, so a hang fails the test instead of
    /// stalling the whole test run.
    static let defaultBound = 120.0

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
                    stdin: String? = nil, bound: Double = defaultBound) throws -> Result {
        let began = Date()
        let (process, out, err) = try start(arguments, in: folder, environment: environment, stdin: stdin)
        var result = finish(process, out, err, bound: bound)
        result.seconds = Date().timeIntervalSince(began)
        return result
    }

    /// Waits for a started process (killing it once `bound` seconds have passed) and collects
    /// its output.
    static func finish(_ process: Process, _ out: Pipe, _ err: Pipe, bound: Double = defaultBound) -> Result {
        let deadline = ChildDeadline(process, seconds: bound)
        // Read before waiting, so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let timedOut = deadline.cancel()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut)
    }
}

/// Kills a child process that outlives its bound, from a thread of its own (not a dispatch
/// queue, whose threads busy tests can all hold).
final class ChildDeadline: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished = false
    private var killed = false

    init(_ process: Process, seconds: Double) {
        let pid = process.processIdentifier
        let deadline = Date(timeIntervalSinceNow: seconds)
        Thread.detachNewThread { [self] in
            condition.lock()
            while !finished && condition.wait(until: deadline) {}
            if !finished {
                killed = true
                kill(pid, SIGKILL)
            }
            condition.unlock()
        }
    }

    /// Stops watching; returns whether the child had been killed.
    func cancel() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        condition.signal()
        return killed
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
