import ArgumentParser
import Foundation

/// Collects the benchmark's lines and prints them as a table.
struct BenchReport {
    private var lines: [(String, String, String, String)] = []
    private var notes: [String] = []

    /// Times `body` (the median of `repeats` runs, which others sharing the machine disturb
    /// less than a mean), records it and returns the result and time.
    @discardableResult
    mutating func time<T>(_ name: String, target: String = "", repeats: Int = 1, baseline: Double? = nil,
                          _ body: () throws -> T) throws -> (value: T, seconds: Double) {
        var times: [Double] = []
        var value: T?
        for _ in 0..<repeats {
            let start = DispatchTime.now()
            value = try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        let median = Self.median(times)
        record(name, seconds: median, target: target, baseline: baseline)
        return (value!, median)
    }

    /// Runs a program `repeats` times with its output discarded; records the median wall time,
    /// the median CPU time (which others sharing the machine disturb less) and the largest
    /// peak RSS, and returns the wall time.
    @discardableResult
    mutating func process(_ name: String, target: String = "", repeats: Int, baseline: Double? = nil,
                          _ executable: URL, _ arguments: [String]) throws -> Double {
        var times: [Double] = [], cpu: [Double] = [], peak = 0
        for _ in 0..<repeats {
            let start = DispatchTime.now()
            let run = try Self.measuredRun(executable, arguments)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
            guard run.status == 0 else {
                throw ValidationError("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) failed (status \(run.status))")
            }
            cpu.append(run.cpuSeconds)
            peak = max(peak, run.peakKB ?? 0)
        }
        let median = Self.median(times)
        let ratio = baseline.map { String(format: "%.2f×", median / $0) } ?? ""
        let memory = peak > 0 ? ", \(peak / 1024) MB peak RSS" : ""
        lines.append((name, Self.format(median) + " (CPU " + Self.format(Self.median(cpu)) + ")" + memory, ratio, target))
        return median
    }

    /// Runs a program under `/usr/bin/time` when there is one, for the program's own peak RSS:
    /// a child started straight from this large process inherits its high-water mark.
    private static func measuredRun(_ executable: URL, _ arguments: [String]) throws
        -> (status: Int32, cpuSeconds: Double, peakKB: Int?) {
        let timer = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: timer) else {
            let run = try runQuietly(executable, arguments)
            return (run.status, run.cpuSeconds, nil)
        }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-bench-rss-\(getpid())")
        defer { try? FileManager.default.removeItem(at: report) }
        let run = try runQuietly(URL(fileURLWithPath: timer), ["-f", "%M", "-o", report.path, executable.path] + arguments)
        let text = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
        return (run.status, run.cpuSeconds, text.split(separator: "\n").last.flatMap { Int($0) })
    }

    /// Starts a program with output discarded and waits for it with `wait4`, so the time is the
    /// program's own (Foundation's `Process.waitUntilExit` polls, adding tens of ms) and its
    /// CPU time is known.
    @discardableResult
    static func runQuietly(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, cpuSeconds: Double) {
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
        var usage = rusage()
        wait4(pid, &exitStatus, 0, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return ((exitStatus >> 8) & 0xff, cpu)
    }

    private static func median(_ times: [Double]) -> Double {
        let sorted = times.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
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
