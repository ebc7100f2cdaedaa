import ArgumentParser
import Foundation
import PeerScript
import ProjectStorage

/// `--write` and `--dry-run`, for the commands that run scripts against a project (`run`, `repl`).
struct WriteOptionsGroup: ParsableArguments {
    @Flag(help: "Let the script change the project: all its changes are one change set, kept only if it succeeds.")
    var write = false

    @Flag(name: .customLong("dry-run"), help: "Run a writing script, print the changes it would make, and keep none of them.")
    var dryRun = false

    func validate() throws {
        if write && dryRun { throw ValidationError("Give --write or --dry-run, not both.") }
    }

    /// Sets the options' write mode and how refused writes word their advice.
    func apply(to options: inout ScriptOptions) {
        Self.apply(write: write, dryRun: dryRun, to: &options)
    }

    /// Sets the options' write mode as the two flags ask, and the advice of refused writes.
    static func apply(write: Bool, dryRun: Bool, to options: inout ScriptOptions) {
        options.changes = write ? .kept : dryRun ? .preview : .refused
        options.writeAdvice = "run with --write to keep its changes, or --dry-run to see them without keeping any"
    }
}

/// How the command line reports what a run changed, on stderr.
enum ChangeReport {
    /// Ends the session's change set and reports it; `project` is the `--project` path.
    static func finish(_ session: ScriptSession, succeeded: Bool, project: String?) throws {
        guard let outcome = try session.finishChanges(succeeded: succeeded) else { return }
        let summary = outcome.summary
        let text: String
        if !outcome.kept {
            text = "peerscript: --dry-run: nothing was written; the run would make these changes "
                + "(\(summary.rowCount) row\(summary.rowCount == 1 ? "" : "s")):\n" + summary.rendered()
        } else if let project {
            text = "peerscript: change set \(summary.id) recorded (\(summary.rowCount) row\(summary.rowCount == 1 ? "" : "s")); "
                + "undo it with `peerscript undo --project \(project) \(summary.id)`:\n" + summary.rendered(showingSamples: false)
        } else {
            text = "peerscript: the run changed the demo corpus, which lives in memory only; nothing was saved:\n"
                + summary.rendered(showingSamples: false)
        }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
