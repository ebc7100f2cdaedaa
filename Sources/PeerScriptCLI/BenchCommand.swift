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
            BCT group × role crosstab with the BCTTv1 filter through the Lua API against a dense \
            count over two pre-joined integer arrays; iterating every coding with `for row in \
            q:rows()` against a plain Lua loop of the same count; inter-coder agreement over \
            every coding (segment units); whole `peerscript run` processes that answer the \
            crosstab and count the codings, against the `sqlite3` shell answering the crosstab \
            with GROUP BY; the start-up of `peerscript run hello.lua` against `lua5.4`; an \
            `execute_request` round trip for `1 + 1` to a `peerscript kernel` on loopback; and \
            Krippendorff's alpha on 100,000 units × 3 coders. Each figure is the median of its \
            runs, printed with its target and, where there is one, its ratio to the baseline \
            measured in the same run. Build with -c release first.
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
        try report.child("open project + load corpus (fresh process), stepping the tables", target: "≤ 1 s, ≤ 300 MB peak RSS",
                         arguments: ["bench", "--load-only", url.path])
        // What `generate`, `import`, `undo` and writing runs do when they finish; here a failure
        // stops the bench rather than leaving the next figure to step the tables unnoticed.
        try report.time("save the column cache (segments and codings)") {
            let store = try ProjectStore.open(at: url)
            defer { try? store.close() }
            try CorpusSnapshot.saveColumnCache(in: store)
        }
        try report.child("open project + load corpus (fresh process), from the column cache", target: "≤ 1 s, ≤ 300 MB peak RSS",
                         arguments: ["bench", "--load-only", url.path])
        try benchmarkQueries(url, &report)
        try benchmarkProcesses(url, &report)
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
        let prejoined = PrejoinedCounts(snapshot)
        report.note("pre-joined pairs (coding × BCTTv1 group): \(prejoined.roles.count)")
        let dense = try report.time("baseline: dense count over two pre-joined Int32 arrays (role, group)", repeats: 21) {
            prejoined.count()
        }
        try report.time("Swift loop over the snapshot's columns, BCT group × role", repeats: 21) {
            try CrosstabBaseline.bctGroupByRole(in: snapshot)
        }
        try report.time(#"Lua: codings():where{ framework = "bcttv1" }:crosstab("participant.role", "bct.group")"#,
                        target: "≤ 1.5 ms and ≤ 1.5 × baseline", repeats: 21, baseline: dense.seconds) {
            try session.evaluate(Self.filteredCrosstab)
        }
        // Unfiltered, so after its first run the snapshot answers it from its cache of counts.
        try report.time(#"Lua: codings():crosstab("participant.role", "coder"), unfiltered (cached)"#,
                        repeats: 21, baseline: dense.seconds) {
            try session.evaluate(#"return corpus.codings():crosstab("participant.role", "coder")"#)
        }
        let loop = try report.time("baseline: plain Lua loop, for i = 1, \(snapshot.codingCount) do n = n + 1 end", repeats: 5) {
            try session.evaluate("local n = 0 for _ = 1, \(snapshot.codingCount) do n = n + 1 end return n")
        }
        try report.time("Lua: for row in corpus.codings():rows() do n = n + 1 end", target: "≤ 5 × baseline",
                        repeats: 5, baseline: loop.seconds) {
            try session.evaluate("local n = 0 for _ in corpus.codings():rows() do n = n + 1 end return n")
        }
        // No target: shows what agreement over a whole corpus costs, spans aligned per document.
        try report.time("Lua: stats.agreement(corpus.codings(), { per_code = false })", repeats: 1) {
            try session.evaluate("return stats.agreement(corpus.codings(), { per_code = false })")
        }
        try benchmarkSearch(session, url, &report)
    }

    /// The crosstab every figure is about, as a script asks it.
    static let filteredCrosstab = #"return corpus.codings():where{ framework = "bcttv1" }:crosstab("participant.role", "bct.group")"#

    /// Whole processes on the project: answering the crosstab, and counting codings, beside the
    /// same crosstab answered by the `sqlite3` shell with GROUP BY.
    private func benchmarkProcesses(_ url: URL, _ report: inout BenchReport) throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var baseline: Double?
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
            baseline = try report.process("baseline: sqlite3 shell, same crosstab by GROUP BY", repeats: 3,
                                          URL(fileURLWithPath: "/usr/bin/sqlite3"), ["-readonly", url.path, Self.groupBySQL])
        }
        let print = "print((" + Self.filteredCrosstab.dropFirst("return ".count) + "))"
        try report.process("peerscript run: open, load, answer the crosstab", target: "≤ 300 ms at 1M", repeats: 5,
                           baseline: baseline, executable, ["run", "--project", url.path, "-e", print])
        try report.process("peerscript run: print(corpus.codings():count())", target: "≤ 2 s, ≤ 1 GB at 10M", repeats: 3,
                           executable, ["run", "--project", url.path, "-e", "print(corpus.codings():count())"])
    }

    /// BCTTv1 group × role, distinct codings per cell, in SQL over the project's tables.
    static let groupBySQL = """
        WITH expanded(coding, bct) AS (
          SELECT id, bct_id FROM codings WHERE bct_id IS NOT NULL
          UNION SELECT c.id, m.bct_id FROM codings c JOIN code_bcts m ON m.code_id = c.code_id),
        grouped AS (SELECT coding, substr(bct, 1, instr(bct, '.') - 1) AS grp FROM expanded)
        SELECT p.role, g.grp, COUNT(DISTINCT g.coding) FROM grouped g
        JOIN codings c ON c.id = g.coding JOIN segments s ON s.id = c.segment_id
        JOIN documents d ON d.id = s.document_id JOIN participants p ON p.id = d.participant_id
        WHERE CAST(g.grp AS INTEGER) BETWEEN 1 AND 16 GROUP BY 1, 2;
        """

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
        try report.time("peerscript run hello.lua start-up", target: "≤ 10 ms", repeats: 20, baseline: baseline) {
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

    private func runQuietly(_ executable: URL, _ arguments: [String]) throws {
        _ = try BenchReport.runQuietly(executable, arguments)
    }

    /// Runs in the child process: opens the project, loads the corpus, prints time and peak RSS.
    private func measureLoad(_ path: String) throws {
        let start = DispatchTime.now()
        let store = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: true)
        let snapshot = try CorpusSnapshot.load(from: store)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        Swift.print(String(format: "%.3f s, %d MB peak RSS, %d codings", seconds, Self.peakResidentKilobytes() / 1024,
                           snapshot.codingCount))
    }

    /// This program's own peak resident memory in KiB. Linux carries `ru_maxrss` over from the
    /// process that started this one (it counts the memory of the parent it was forked from), so
    /// the figure comes from the address space's own high-water mark where there is one.
    static func peakResidentKilobytes() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}
