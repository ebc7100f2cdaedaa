import Foundation
import Testing

/// `peerscript repl` running in a pseudo-terminal of a private tmux server, driven by keys and
/// read back from the screen.
final class TmuxTerminal {
    /// The tmux binary, when installed.
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    private let socket = "peerscript-test-\(UUID().uuidString.prefix(12))"
    private let target = "repl"
    /// The folder `PEERSCRIPT_HOME` points to, kept while the terminal lives.
    let home: TemporaryFolder

    /// Starts `peerscript repl` with `PEERSCRIPT_HOME` set to `home`, in a 120 × 50 terminal.
    init(home: TemporaryFolder, arguments: [String] = []) throws {
        self.home = home
        let command = ([PeerScriptCLI.executable.path, "repl"] + arguments).map(Self.shellQuoted).joined(separator: " ")
        try run(["new-session", "-d", "-x", "120", "-y", "50", "-s", target, "-c", PeerScriptCLI.repository.path,
                 "-e", "PEERSCRIPT_HOME=\(home.url.path)", command, ";", "set-option", "-t", target, "remain-on-exit", "on"])
    }

    deinit { _ = try? run(["kill-server"]) }

    /// Types `text` as it is.
    func type(_ text: String) throws { try run(["send-keys", "-t", target, "-l", text]) }

    /// Presses keys by tmux name: `Enter`, `Tab`, `Up`, `C-c`, `C-d`.
    func press(_ keys: String...) throws { try run(["send-keys", "-t", target] + keys) }

    /// Types `line` and presses Enter.
    func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// The visible screen, one string per row, trailing spaces removed.
    func screen() throws -> [String] {
        try run(["capture-pane", "-p", "-t", target]).split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    /// Whether the program in the terminal has ended.
    func hasExited() throws -> Bool {
        try run(["display-message", "-p", "-t", target, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Polls the screen until `condition` holds; records the screen as an issue after `seconds`.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: ([String]) -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(try screen()) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let shown = try screen().joined(separator: "\n")
        Issue.record("timed out waiting for \(what); the screen shows:\n\(shown)", sourceLocation: sourceLocation)
        return false
    }

    /// Waits until some row of the screen is exactly `row`.
    @discardableResult
    func waitForRow(_ row: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        try waitFor("a row \"\(row)\"", sourceLocation: sourceLocation) { $0.contains(row) }
    }

    /// Waits until the last non-empty row is exactly `row` (such as the line being edited).
    @discardableResult
    func waitForLastRow(_ row: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        try waitFor("the last row to be \"\(row)\"", sourceLocation: sourceLocation) {
            $0.last { !$0.isEmpty } == row
        }
    }

    /// Runs a tmux command and returns what it printed.
    ///
    /// Spawned by hand rather than with `Process`: a test may run on a thread that blocks
    /// signals, and the tmux server (and the REPL in it) would inherit that mask, leaving
    /// Ctrl-C and tmux's own signals undelivered. Output goes to a file, not a pipe, since the
    /// server that the first command forks must not hold the caller's pipe open.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let tmux = Self.tmux ?? "tmux"
        let argv = ([tmux, "-L", socket, "-f", "/dev/null"] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, tmux, &actions, &attributes, argv, envp)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) == -1, errno == EINTR {}
        return (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    private static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

@Suite("peerscript repl in a terminal", .enabled(if: TmuxTerminal.tmux != nil, "tmux is not installed, so no pseudo-terminal can be driven"), .timeLimit(.minutes(3)))
struct ReplTerminalTests {
    /// A REPL in a terminal with a fresh home folder, once it shows its prompt.
    func startRepl() throws -> TmuxTerminal {
        let terminal = try TmuxTerminal(home: TemporaryFolder())
        try terminal.waitForLastRow(">")
        return terminal
    }

    @Test func startsWithABannerAndAutoPrintsExpressions() throws {
        let terminal = try TmuxTerminal(home: TemporaryFolder())
        try terminal.waitFor("the banner") { $0.contains { $0.hasPrefix("PeerScript ") && $0.contains("demo corpus") } }
        try terminal.waitForLastRow(">")
        try terminal.enter("1 + 1")
        try terminal.waitForRow("2")
        try terminal.enter("{1, 2, name = 'x'}")
        try terminal.waitForRow(#"{ 1, 2, name = "x" }"#)
        try terminal.enter("taxonomy.get('13.2')")
        try terminal.waitForRow("13.2 Framing/reframing")
        try terminal.enter("error('boom')")
        try terminal.waitForRow("stdin:1: boom")
        try terminal.enter("'still running'")
        try terminal.waitForRow("still running")
    }

    @Test func tabCompletesNamesMembersAndFields() throws {
        let terminal = try startRepl()
        try terminal.type("taxo")
        try terminal.press("Tab")
        try terminal.waitForLastRow("> taxonomy")
        try terminal.type(".gr")
        try terminal.press("Tab")
        try terminal.waitForLastRow("> taxonomy.group")
        // Nothing more is shared, so a second Tab lists the candidates under the line.
        try terminal.press("Tab")
        try terminal.waitFor("the candidates listed") { rows in
            rows.contains { $0.hasPrefix("group ") && $0.hasSuffix("groups") }
        }
        try terminal.waitForLastRow("> taxonomy.group")
        try terminal.type("('3'):tech")
        try terminal.press("Tab")
        try terminal.waitForLastRow("> taxonomy.group('3'):techniques(")
        try terminal.type(")[1].la")
        try terminal.press("Tab")
        try terminal.waitForLastRow("> taxonomy.group('3'):techniques()[1].label")
        try terminal.press("Enter")
        try terminal.waitForRow("Social support (unspecified)")
        try terminal.type(#"corpus.codings():count_by("participant.ro"#)
        try terminal.press("Tab")
        try terminal.waitForLastRow(#"> corpus.codings():count_by("participant.role""#)
    }

    @Test func unfinishedChunksContinueOnASecondaryPrompt() throws {
        let terminal = try startRepl()
        try terminal.enter("function twice(n)")
        try terminal.waitForLastRow(">>")
        try terminal.enter("  return n * 2")
        try terminal.waitForLastRow(">>")
        try terminal.enter("end")
        try terminal.waitForLastRow(">")
        try terminal.enter("twice(21)")
        try terminal.waitForRow("42")
    }

    @Test func helpShowsCommandsAndDocumentation() throws {
        let terminal = try startRepl()
        try terminal.enter(":help")
        try terminal.waitForRow("Commands")
        try terminal.waitFor("the :quit line") { $0.contains { $0.hasPrefix("  :quit") } }
        try terminal.enter(":help taxonomy.get")
        try terminal.waitForRow("taxonomy.get(id)")
    }

    @Test func historyIsKeptAcrossRestarts() throws {
        let home = try TemporaryFolder()
        do {
            let first = try TmuxTerminal(home: home)
            try first.waitForLastRow(">")
            try first.enter("history_marker = 12345")
            try first.waitForLastRow(">")
            try first.enter("function f()")
            try first.enter("return 'from history' end")
            try first.waitForLastRow(">")
            try first.press("C-d")
            try first.waitFor("the REPL to leave on Ctrl-D") { _ in (try? first.hasExited()) == true }
        }
        let second = try TmuxTerminal(home: home)
        try second.waitForLastRow(">")
        // The last entry is the multi-line chunk, which comes back whole.
        try second.press("Up")
        try second.waitFor("the chunk recalled") { $0.last { !$0.isEmpty }?.hasSuffix("return 'from history' end") == true }
        try second.press("Enter")
        try second.waitForLastRow(">")
        try second.enter("f()")
        try second.waitForRow("from history")
        // Newest first: f(), the chunk (not entered twice in a row), then the assignment.
        try second.press("Up", "Up", "Up")
        try second.waitForLastRow("> history_marker = 12345")
        try second.press("Enter")
        try second.waitForLastRow(">")
        try second.enter("history_marker")
        try second.waitForRow("12345")
        // Kept where PEERSCRIPT_HOME points (libedit's own encoding, so only its presence is checked).
        #expect(FileManager.default.fileExists(atPath: home.url.appendingPathComponent("history").path))
    }

    @Test func ctrlCInterruptsALoopAndKeepsTheState() throws {
        let terminal = try startRepl()
        try terminal.enter("kept = 41")
        try terminal.waitForLastRow(">")
        try terminal.enter("print('looping') while true do end")
        // The line has been read and the loop runs once it has printed.
        try terminal.waitForRow("looping")
        try terminal.press("C-c")
        try terminal.waitFor("the interrupt message") { $0.contains { $0.hasSuffix("interrupted") } }
        try terminal.waitForLastRow(">")
        try terminal.enter("kept + 1")
        try terminal.waitForRow("42")
    }

    @Test func ctrlCAtThePromptClearsTheLineAndCtrlDLeaves() throws {
        let terminal = try startRepl()
        try terminal.type("this is not lua")
        try terminal.waitForLastRow("> this is not lua")
        try terminal.press("C-c")
        try terminal.waitForRow("> this is not lua^C")
        try terminal.waitForLastRow(">")
        try terminal.enter("function unfinished(")
        try terminal.waitForLastRow(">>")
        try terminal.press("C-c")
        try terminal.waitForLastRow(">")
        try terminal.enter("1 + 2")
        try terminal.waitForRow("3")
        #expect(try !terminal.screen().contains { $0.contains("unexpected symbol") })
        try terminal.press("C-d")
        try terminal.waitFor("the REPL to leave on Ctrl-D") { _ in (try? terminal.hasExited()) == true }
    }
}
