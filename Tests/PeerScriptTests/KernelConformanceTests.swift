import Foundation
import Testing

/// Python with the Jupyter client libraries, in a virtual environment under `.build` (made once,
/// reused by later runs; `.ci/run` makes it before the tests).
enum JupyterPython {
    /// `python3` on the PATH, or nil.
    static let system: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static let environment = PeerScriptCLI.repository.appendingPathComponent(".build/kernel-test-venv")
    static let requirements = PeerScriptCLI.repository.appendingPathComponent("Tests/Kernel/requirements.txt")

    /// The environment's interpreter, after making the environment and installing the
    /// requirements if that has not been done.
    static func interpreter() throws -> URL {
        let python = environment.appendingPathComponent("bin/python")
        let stamp = environment.appendingPathComponent("requirements.installed")
        let wanted = try String(contentsOf: requirements, encoding: .utf8)
        if (try? String(contentsOf: stamp, encoding: .utf8)) == wanted { return python }
        guard let system else { throw KernelTestSetupError("python3 is not on the PATH") }
        try run(system, ["-m", "venv", environment.path], bound: 120)
        try run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements.path], bound: 600)
        try wanted.write(to: stamp, atomically: true, encoding: .utf8)
        return python
    }

    /// Runs `program` with a time bound; throws with its output when it fails.
    @discardableResult
    static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:],
                    bound: Double) throws -> PeerScriptCLI.Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = PeerScriptCLI.repository
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let result = PeerScriptCLI.finish(process, out, err, bound: bound)
        guard result.status == 0, !result.timedOut else {
            throw KernelTestSetupError("\(program.lastPathComponent) \(arguments.joined(separator: " ")) "
                + (result.timedOut ? "ran past \(Int(bound)) s" : "failed (\(result.status))")
                + ":\n\(result.stdout)\n\(result.stderr)")
        }
        return result
    }

    /// A Jupyter data folder holding a kernelspec for the built `peerscript`, written by
    /// `peerscript kernel install`.
    static func kernelspecs(in folder: TemporaryFolder) throws -> [String: String] {
        let installed = try PeerScriptCLI.run(["kernel", "install", "--prefix", folder.url.path, "--write"])
        guard installed.status == 0 else { throw KernelTestSetupError("kernel install failed: \(installed.stderr)") }
        let data = folder.url.appendingPathComponent("share/jupyter").path
        return ["JUPYTER_PATH": data, "JUPYTER_RUNTIME_DIR": folder.url.appendingPathComponent("runtime").path,
                "JUPYTER_PLATFORM_DIRS": "1", "PYTHONDONTWRITEBYTECODE": "1"]
    }
}

struct KernelTestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite("Jupyter kernel: the conformance suite and notebooks through jupyter_client",
       .serialized, .timeLimit(.minutes(12)),
       .enabled(if: JupyterPython.system != nil, "python3 is not installed: the Jupyter kernel tests need it (apt-get install python3 python3-venv)"))
struct KernelConformanceTests {
    @Test func theConformanceSuitePasses() throws {
        let python = try JupyterPython.interpreter()
        let folder = try TemporaryFolder()
        let script = PeerScriptCLI.repository.appendingPathComponent("Tests/Kernel/conformance.py").path
        let result = try JupyterPython.run(python, [script], environment: JupyterPython.kernelspecs(in: folder), bound: 300)
        #expect(result.stderr.contains("OK"), "\(result.stderr)")
        #expect(!result.stderr.contains("FAIL"))
    }

    @Test func exampleNotebooksShowTablesAndChartsAndTheKernelRecovers() throws {
        let python = try JupyterPython.interpreter()
        let folder = try TemporaryFolder()
        let script = PeerScriptCLI.repository.appendingPathComponent("Tests/Kernel/notebooks.py").path
        let examples = PeerScriptCLI.repository.appendingPathComponent("Examples/notebooks").path
        let result = try JupyterPython.run(python, [script, examples], environment: JupyterPython.kernelspecs(in: folder), bound: 300)
        #expect(result.stdout.contains("recovery: interrupt, memory limit and failing cells all left the kernel usable"))
        #expect(result.stdout.contains("notebooks passed"), "\(result.stdout)\n\(result.stderr)")
    }
}
