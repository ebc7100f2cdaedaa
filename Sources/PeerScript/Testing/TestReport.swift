/// One failed test, or a test file that failed outside its tests (a syntax error, an error at
/// the top level, the time or memory limit).
public struct TestFailure: Sendable, Hashable, CustomStringConvertible {
    /// Where it failed: `path:line` of the failing expectation or error in the test file, or
    /// the file's path alone when no line is known.
    public var location: String
    /// The test's name, with its `describe` names before it joined by ` > `; nil for a failure
    /// of the file as a whole.
    public var test: String?
    /// What went wrong; lines after the first hold details such as a table diff.
    public var message: String

    /// Makes a failure from its parts.
    public init(location: String, test: String?, message: String) {
        self.location = location
        self.test = test
        self.message = message
    }

    /// `location: test: message` on one line, then any detail lines indented.
    public var description: String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.isEmpty ? "" : lines.removeFirst()
        let heading = location + ": " + (test.map { $0 + ": " } ?? "") + first
        return ([heading] + lines.map { "    " + $0 }).joined(separator: "\n")
    }
}

/// The outcome of running test files.
public struct TestReport: Sendable, Hashable {
    /// The test files that ran, in order.
    public var files: [String] = []
    /// How many tests passed.
    public var passed = 0
    /// The failures, in the order they happened.
    public var failures: [TestFailure] = []
    /// Golden files written by `--update`, as paths shown to the user.
    public var updatedGoldens: [String] = []

    /// Whether Ctrl-C stopped the run before every file had run.
    public var interrupted = false

    /// An empty report.
    public init() {}

    /// How many tests (or whole files) failed.
    public var failed: Int { failures.count }

    /// Whether every test passed and at least one ran.
    public var succeeded: Bool { failed == 0 && passed > 0 }

    /// The last line `peerscript test` prints: `N passed, M failed`.
    public var summary: String { "\(passed) passed, \(failed) failed" }

    /// Adds another report's results after this one's.
    public mutating func append(_ other: TestReport) {
        files += other.files
        passed += other.passed
        failures += other.failures
        updatedGoldens += other.updatedGoldens
        interrupted = interrupted || other.interrupted
    }
}
