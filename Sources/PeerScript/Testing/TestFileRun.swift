import Foundation
import LuaBridge

/// Runs one `*_test.lua` file in a fresh session and records what its tests did.
///
/// The file runs first, declaring its tests with `describe`/`it`; then the harness runs the
/// tests in order. The whole file shares the session's time limit.
final class TestFileRun {
    /// The file as the user sees its path.
    let path: String
    private let goldens: GoldenFiles
    private let onFailure: (TestFailure) -> Void
    private var report = TestReport()
    /// The test running now, for naming it when the time or memory limit stops the file.
    private var current: (name: String, location: String)?
    private var planned = 0
    private var finished = 0

    init(path: String, updatesGoldens: Bool, onFailure: @escaping (TestFailure) -> Void) {
        self.path = path
        goldens = GoldenFiles(testFile: path, updates: updatesGoldens)
        self.onFailure = onFailure
        report.files = [path]
    }

    /// Runs the file under `options` and returns its report.
    func run(options: ScriptOptions) -> TestReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            record(TestFailure(location: path, test: nil, message: "cannot read the test file"))
            return report
        }
        // Armed until the session is gone: finalizers run when its state closes.
        let closing = options.closingWatchdog()
        defer { closing?.cancel() }
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let session = try ScriptSession(options: options, scriptFolder: folder)
            // Every test file gets a session of its own; the demo-corpus note would repeat.
            session.context.notice = { _ in }
            try run(Array(data), in: session)
        } catch let error as LuaError {
            recordStop(error)
        } catch {
            record(TestFailure(location: path, test: current?.name, message: String(describing: error)))
        }
        report.updatedGoldens = goldens.written
        return report
    }

    private func run(_ source: [UInt8], in session: ScriptSession) throws {
        let state = session.state
        let base = state.stack.top
        defer { state.stack.setTop(base) }
        try session.environment.loadScript(source, chunkName: "@" + path)
        // Stack: environment, file chunk. The harness fills the environment and returns its runner.
        try state.load(TestHarness.source, chunkName: TestHarness.chunkName)
        state.stack.pushValue(at: -3)
        pushHostFunctions(into: state)
        try state.call(arguments: 2, results: 1)
        state.stack.insert(at: -2)
        try session.withLimits {
            try state.call(arguments: 0, results: 0)
            try state.call(arguments: 0, results: 0)
        }
    }

    private func pushHostFunctions(into state: LuaState) {
        let stack = state.stack
        let locator = CallStackPosition(testChunk: "@" + path, harnessChunk: TestHarness.chunkName)
        stack.pushTable(fields: 5)
        state.pushFunction(named: "position") { call in
            call.stack.push(locator.position(in: call.stack))
            return 1
        }
        stack.setField("position", inTableAt: -2)
        state.pushFunction(named: "golden") { [goldens] call in
            call.stack.push(goldens.check(try call.string(1), text: try call.string(2)))
            return 1
        }
        stack.setField("golden", inTableAt: -2)
        state.pushFunction(named: "planned") { [self] call in
            planned = try call.integer(1)
            return 0
        }
        stack.setField("planned", inTableAt: -2)
        state.pushFunction(named: "started") { [self] call in
            current = (try call.string(1), try call.string(2))
            return 0
        }
        stack.setField("started", inTableAt: -2)
        state.pushFunction(named: "finished") { [self] call in
            let name = try call.string(1)
            let location = try call.optionalString(2) ?? path
            if let message = try call.optionalString(3) {
                record(TestFailure(location: location, test: name, message: message))
            } else {
                report.passed += 1
            }
            finished += 1
            current = nil
            return 0
        }
        stack.setField("finished", inTableAt: -2)
    }

    private func record(_ failure: TestFailure) {
        report.failures.append(failure)
        onFailure(failure)
    }

    /// Records an error that ended the file: a syntax error, an error outside any test, or
    /// the time or memory limit (naming the test it stopped and how many never ran).
    private func recordStop(_ error: LuaError) {
        var message = error.message
        var location = path
        if error.kind != .runtime && error.kind != .syntax {
            // A stop can land anywhere, even in the harness: its position says nothing useful.
            message = error.reason
            report.interrupted = error.kind == .interrupted
        } else if let chunk = error.chunk, let line = error.line, chunk == path {
            location = "\(chunk):\(line)"
            message = error.reason
        } else if let line = lineInTestFile(error.traceback) {
            location = "\(path):\(line)"
        }
        if let current {
            location = current.location
            let notRun = planned - finished - 1
            if notRun > 0 { message += " (\(notRun) later test\(notRun == 1 ? "" : "s") in this file did not run)" }
        }
        record(TestFailure(location: location, test: current?.name, message: message))
    }

    /// The innermost line of the test file a traceback passes through, for an error raised in
    /// a module the file called.
    private func lineInTestFile(_ traceback: String?) -> Int? {
        let prefix = "\t" + path + ":"
        for line in (traceback ?? "").split(separator: "\n") where line.hasPrefix(prefix) {
            if let number = Int(line.dropFirst(prefix.count).prefix { $0.isNumber }) { return number }
        }
        return nil
    }
}
