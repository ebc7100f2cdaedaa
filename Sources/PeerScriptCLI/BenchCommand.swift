import ArgumentParser
import Benchmarks
import CorpusGenerator
import CorpusQuery
import Foundation
import JupyterKernel
import PeerScript
import ProjectStorage
import StudyModel

/// `peerscript bench`: measures the speed targets, each against a baseline from the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure PeerScript's speed on a generated project.",
        discussion: """
            Generates a project of --codings codings (deterministic, --seed), then measures: \
            opening it and loading the corpus (time and peak memory, in a fresh process); the \
            BCT group × role crosstab through the Lua API against a hand-written Swift loop \
            over the same columns; iterating every coding with `for row in q:rows()`; \
            inter-coder agreement over every coding (segment units); the start-up of `peerscript run hello.lua`; \
            an `execute_request` round trip for `1 + 1` to a `peerscript kernel` on loopback; and Krippendorff's alpha on 100,000 units \
            × 3 coders. Each figure is printed with its target and, where there is one, its \
            ratio to the baseline measured in the same run. Build with -c release first.
            """
    )

    @Option(help: "How many codings the generated project holds.")
    var codings = 1_000_000

    @Option(help: "The generator's seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Keep the generated project at this path (default: a temporary file).", valueName: "FILE"))
    var project: String?

    @Option(name: .customLong("load-only"), help: .hidden)
    var loadOnly: String?

    func run() throws {
        if let loadOnly {
            try measureLoad(loadOnly)
            return
        }
        let url = project.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-bench-\(getpid()).peerdb")
        defer { if project == nil { try? ProjectStore.removeFiles(at: url) } }
        var report = BenchReport()
        let options = GeneratorOptions(participants: max(70, codings / 1_000), codings: codings, coders: 3, seed: seed)
        let generated = try report.time("generate \(codings) codings", target: "< 30 s") {
            try ProjectGenerator.generate(options, to: url, replacing: true)
        }
        report.note("generated: \(generated.value.codings) codings, \(generated.value.segments) segments, \(generated.value.documents) documents")
        try report.child("open project + load corpus (fresh process)", target: "≤ 1 s, ≤ 300 MB peak RSS",
                         arguments: ["bench", "--load-only", url.path])
        try benchmarkQueries(url, &report)
        try benchmarkStartup(&report)
        try benchmarkKernel(&report)
        // The agreement benchmark times the computation alone, leaving out making the ratings.
        var alpha = (seconds: Double.infinity, value: 0.0)
        for _ in 0..<5 {
            let run = try AgreementBenchmark.alpha(units: 100_000, coders: 3, seed: seed)
            if run.seconds < alpha.seconds { alpha = run }
        }
        report.record("Krippendorff's alpha, 100,000 units × 3 coders", seconds: alpha.seconds, target: "≤ 50 ms")
        report.note("alpha = \(String(format: "%.6f", alpha.value))")
        report.print()
    }

    private func benchmarkQueries(_ url: URL, _ report: inout BenchReport) throws {
        var options = ScriptOptions()
        options.wordForCommandLine()
        options.projectPath = url.path
        options.timeout = nil
        options.memoryLimitMB = nil
        let session = try ScriptSession(options: options, scriptFolder: nil)
        _ = try session.evaluate("return corpus.size()")
        let snapshot = try session.corpusSnapshot()
        let baseline = try report.time("baseline: hand-written Swift loop, BCT group × role", repeats: 5) {
            try CrosstabBaseline.bctGroupByRole(in: snapshot)
        }
        let lua = try report.time("Lua API: corpus.codings():crosstab(\"participant.role\", \"bct.group\")",
                                  target: "≤ 2 × baseline", repeats: 5, baseline: baseline.seconds) {
            try session.evaluate(#"return corpus.codings():crosstab("participant.role", "bct.group")"#)
        }
        _ = lua
        try report.time("Lua: for row in corpus.codings():rows() do n = n + 1 end", target: "≤ 300 ms", repeats: 3) {
            try session.evaluate("local n = 0 for _ in corpus.codings():rows() do n = n + 1 end return n")
        }
        // No target: shows what agreement over a whole corpus costs, spans aligned per document.
        try report.time("Lua: stats.agreement(corpus.codings(), { per_code = false })", repeats: 1) {
            try session.evaluate("return stats.agreement(corpus.codings(), { per_code = false })")
        }
        try benchmarkSearch(session, url, &report)
    }

    private func benchmarkStartup(_ report: inout BenchReport) throws {
        let hello = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-bench-hello.lua")
        try Data("print('hello')\n".utf8).write(to: hello)
        defer { try? FileManager.default.removeItem(at: hello) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let stock = ["/usr/bin/lua5.4", "/usr/local/bin/lua5.4"].first { FileManager.default.isExecutableFile(atPath: $0) }
        var baseline: Double?
        if let stock {
            baseline = try report.time("baseline: lua5.4 hello.lua start-up", repeats: 20) {
                try runQuietly(URL(fileURLWithPath: stock), [hello.path])
            }.seconds
        }
        try report.time("peerscript run hello.lua start-up", target: "≤ 30 ms", repeats: 20, baseline: baseline) {
            try runQuietly(executable, ["run", hello.path])
        }
    }

    /// Starts `peerscript kernel` and times `execute_request` for `1 + 1` from a client here,
    /// from sending the request to reading its reply.
    private func benchmarkKernel(_ report: inout BenchReport) throws {
        let connection = try KernelClient.loopbackConnection()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-bench-kernel-\(getpid()).json")
        try JSONEncoder().encode(connection).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let kernel = Process()
        kernel.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        kernel.arguments = ["kernel", "--connection-file", file.path]
        kernel.standardOutput = FileHandle.nullDevice
        kernel.standardError = FileHandle.nullDevice
        try kernel.run()
        defer {
            if kernel.isRunning { kernel.terminate() }
            kernel.waitUntilExit()
        }
        let client = try KernelClient(connection: connection)
        guard try client.request("kernel_info_request", [:], seconds: 30) != nil else {
            throw ValidationError("the kernel started for the benchmark did not answer kernel_info within 30 s")
        }
        try report.time("kernel: execute_request round trip for 1 + 1 (loopback)", target: "≤ 5 ms", repeats: 50) {
            guard let reply = try client.request("execute_request", ["code": "1 + 1", "silent": false]),
                  reply.content["status"] as? String == "ok" else {
                throw ValidationError("the kernel gave no execute_reply for 1 + 1")
            }
        }
        _ = try client.request("shutdown_request", ["restart": false], onControl: true, seconds: 5)
    }

    /// Starts a program with output discarded and waits for it with `waitpid`, so the time is
    /// the program's own (Foundation's `Process.waitUntilExit` polls, adding tens of ms).
    private func runQuietly(_ executable: URL, _ arguments: [String]) throws {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard status == 0 else { throw ValidationError("cannot start \(executable.path): error \(status)") }
        var exitStatus: Int32 = 0
        waitpid(pid, &exitStatus, 0)
    }

    /// Runs in the child process: opens the project, loads the corpus, prints time and peak RSS.
    private func measureLoad(_ path: String) throws {
        let start = DispatchTime.now()
        let store = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: true)
        let snapshot = try CorpusSnapshot.load(from: store)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        Swift.print(String(format: "%.3f s, %d MB peak RSS, %d codings", seconds, usage.ru_maxrss / 1024, snapshot.codingCount))
    }
}

/// Collects the benchmark's lines and prints them as a table.
struct BenchReport {
    private var lines: [(String, String, String, String)] = []
    private var notes: [String] = []

    /// Times `body` (the best of `repeats` runs), records it and returns the result and time.
    @discardableResult
    mutating func time<T>(_ name: String, target: String = "", repeats: Int = 1, baseline: Double? = nil,
                          _ body: () throws -> T) throws -> (value: T, seconds: Double) {
        var best = Double.infinity
        var value: T?
        for _ in 0..<repeats {
            let start = DispatchTime.now()
            value = try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        record(name, seconds: best, target: target, baseline: baseline)
        return (value!, best)
    }

    /// Records a time measured elsewhere.
    mutating func record(_ name: String, seconds: Double, target: String, baseline: Double? = nil) {
        let ratio = baseline.map { String(format: "%.2f×", seconds / $0) } ?? ""
        lines.append((name, Self.format(seconds), ratio, target))
    }

    /// Runs this executable with `arguments` and records the line it prints.
    mutating func child(_ name: String, target: String, arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        lines.append((name, output.trimmingCharacters(in: .whitespacesAndNewlines), "", target))
    }

    mutating func note(_ text: String) { notes.append(text) }

    func print() {
        let headers = ("measurement", "result", "ratio", "target")
        let rows = [headers] + lines
        let widths = [rows.map(\.0.count).max()!, rows.map(\.1.count).max()!, rows.map(\.2.count).max()!]
        for row in rows {
            Swift.print(row.0.padding(toLength: widths[0], withPad: " ", startingAt: 0) + "  "
                + row.1.padding(toLength: widths[1], withPad: " ", startingAt: 0) + "  "
                + row.2.padding(toLength: widths[2], withPad: " ", startingAt: 0) + "  " + row.3)
        }
        for note in notes { Swift.print(note) }
    }

    private static func format(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }
}
