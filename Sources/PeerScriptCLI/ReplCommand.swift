import ArgumentParser
import Foundation
import PeerScript
import StudyModel

/// `peerscript repl`: explore a corpus interactively in Lua.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore a corpus interactively in Lua.",
        discussion: """
            Type Lua: an expression prints its value, an unfinished chunk continues on the next \
            line. Tab completes names, members and query field names; :help lists the commands \
            and the API. History is kept in ~/.peerscript/history (or $PEERSCRIPT_HOME/history). \
            Ctrl-C stops a running chunk; Ctrl-D leaves.

            With standard input not a terminal (a pipe or a file), the lines are run in the same \
            way without prompts; the exit status is then 1 if any line failed.
            """
    )

    @OptionGroup var script: ScriptOptionsGroup
    @OptionGroup var changes: WriteOptionsGroup

    func run() throws {
        var options = try script.scriptOptions()
        changes.apply(to: &options)
        let folder = FileManager.default.currentDirectoryPath
        Self.acceptInterrupts()
        let interactive = isatty(STDIN_FILENO) != 0
        // The banner names the corpus in use, so the demo-corpus note is not repeated.
        let notice: (String) -> Void = interactive ? { _ in } : { Self.writeError($0) }
        var engine: ReplEngine? = try ReplEngine(options: options, folder: folder, notice: notice)
        var succeeded = true
        if let running = engine {
            succeeded = interactive ? runInteractively(running) : runPiped(running)
        }
        // A writing session's changes are one change set, kept when it ends without a failed line.
        if let running = engine { try ChangeReport.finish(running.session, succeeded: succeeded, project: script.project) }
        // Closing the state runs pending finalizers: bound them as each line is bounded.
        let closing = engine.flatMap { options.closingWatchdog(after: $0.session.closingAllowance(since: .now)) }
        engine = nil
        closing?.cancel()
        if !succeeded { throw ExitCode(1) }
    }

    /// Ctrl-C stops a running chunk only if SIGINT reaches the process, which it does not when
    /// the REPL was started with the signal blocked (a mask inherited from the launcher).
    private static func acceptInterrupts() {
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }

    /// Edits lines through libedit; without it, reads plain lines as from a pipe. False when
    /// plain lines were read and one failed.
    private func runInteractively(_ engine: ReplEngine) -> Bool {
        guard let editor = LineEditor(historyFile: UserFolders.root.appendingPathComponent("history"),
                                      complete: engine.complete) else {
            Self.writeError("peerscript: libedit.so.2 could not be opened (install libedit2): "
                            + "no line editing, history or completion; reading plain lines.")
            return runPiped(engine)
        }
        engine.formatter.width = editor.terminalWidth
        Self.writeOutput(banner(engine.session.options.projectPath))
        while true {
            switch editor.read(prompt: engine.prompt) {
            case .end:
                Self.writeOutput("")
                return true
            case .interrupted:
                engine.discardPendingInput()
            case .line(let line):
                let reply = engine.submit(line)
                if let entry = reply.historyEntry { editor.remember(entry) }
                Self.show(reply)
                if reply.quit { return true }
            }
        }
    }

    /// Runs each line as typed input, without prompts; false when any line failed.
    private func runPiped(_ engine: ReplEngine) -> Bool {
        engine.numbersLinesOfInput = true
        var succeeded = true
        while let line = readLine(strippingNewline: true) {
            let reply = engine.submit(line)
            Self.show(reply)
            succeeded = succeeded && reply.error == nil
            if reply.quit { return succeeded }
        }
        if let unfinished = engine.finishInput() {
            Self.show(unfinished)
            succeeded = succeeded && unfinished.error == nil
        }
        return succeeded
    }

    private func banner(_ project: String?) -> String {
        let corpus = project.map { "project \($0)" } ?? "the demo corpus (synthetic, not real interviews)"
        return "PeerScript \(peerScriptVersion) on Lua 5.4, querying \(corpus).\n"
            + "Type :help for commands and the API, Tab to complete, Ctrl-D to leave."
    }

    private static func show(_ reply: ReplReply) {
        if !reply.output.isEmpty { writeOutput(reply.output) }
        if let error = reply.error { writeError(error) }
    }

    /// Writes `text` after whatever Lua's `print` and `io.write` left in C's buffers, so output
    /// keeps its order.
    private static func writeOutput(_ text: String) {
        fflush(nil)
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    private static func writeError(_ text: String) {
        fflush(nil)
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
