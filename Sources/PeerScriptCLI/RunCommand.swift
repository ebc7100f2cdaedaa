import ArgumentParser
import Foundation
import LuaBridge
import PeerScript

/// `peerscript run`: runs a Lua script, sandboxed unless `--trusted`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script.",
        discussion: """
            Scripts run in a sandbox: they cannot run programs, read files outside their own \
            folder and the library folders, or write files outside the output folder \
            (./output unless --out names another; no hidden names, no symbolic links). \
            --trusted gives them the full standard libraries of Lua 5.4.

            Scripts only read the project unless --write is given: then the project global's \
            functions change it, as one change set kept only if the script succeeds \
            (`peerscript history`, `peerscript undo`). --dry-run prints what they would change \
            and keeps nothing.

            Exit status: 0 on success, 1 on a script error (or memory limit), 124 when the time \
            limit passes, 130 when interrupted with Ctrl-C. A script that cannot be stopped at \
            its time limit (inside a finalizer or one long library call) is ended by force one \
            second later, also with 124.
            """
    )

    @OptionGroup var script: ScriptOptionsGroup
    @OptionGroup var changes: WriteOptionsGroup

    @Option(name: .short, help: ArgumentHelp("Run CHUNK instead of a script file.", valueName: "CHUNK"))
    var execute: String?

    @Argument(help: ArgumentHelp("The script to run, then the arguments it receives in `arg`.", valueName: "FILE"))
    var arguments: [String] = []

    func validate() throws {
        if execute == nil && arguments.isEmpty {
            throw ValidationError("Give a script file to run, or a chunk with -e 'CHUNK'.")
        }
    }

    func run() throws {
        var options = try script.scriptOptions()
        changes.apply(to: &options)
        if execute == nil, let file = arguments.first, !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("No script at '\(file)'.")
        }
        try ScriptRun(options: options, project: script.project, chunk: execute, arguments: arguments).perform()
    }
}

/// One `peerscript run`, its command line read: a script file (or a chunk) with the arguments
/// it receives, under the given options.
struct ScriptRun {
    var options: ScriptOptions
    /// The `--project` path, named in the report of what the run changed.
    var project: String?
    /// The `-e` chunk, run instead of a file.
    var chunk: String?
    /// The script file, unless there is a chunk, then the arguments the script receives.
    var arguments: [String]

    /// Runs the script; a failed script throws the exit code its failure maps to.
    func perform() throws {
        let folder = chunk == nil ? arguments.first.map(scriptFolder) : FileManager.default.currentDirectoryPath
        let start = ContinuousClock.now
        var session: ScriptSession? = try ScriptSession(options: options, scriptFolder: folder)
        defer {
            // Releasing the session closes its state, which runs the finalizers still pending:
            // they are script code too, bounded by the time limit and a forced exit.
            let closing = session.flatMap { options.closingWatchdog(after: $0.closingAllowance(since: start)) }
            session = nil
            closing?.cancel()
        }
        try run(in: session!)
    }

    private func run(in session: ScriptSession) throws {
        do {
            if let chunk {
                try session.runChunk(chunk, arguments: arguments)
            } else {
                try session.runFile(arguments[0], arguments: Array(arguments.dropFirst()))
            }
        } catch let error as LuaError {
            try? ChangeReport.finish(session, succeeded: false, project: project)
            ScriptFailure.report(error)
            throw ExitCode(ScriptFailure.exitStatus(for: error))
        }
        try ChangeReport.finish(session, succeeded: true, project: project)
    }

    private func scriptFolder(_ file: String) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().path
    }
}
