import ArgumentParser
import StudyModel

/// The `peerscript` command: runs analyses written in Lua over peer-support research data.
@main
struct PeerScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerscript",
        abstract: "Analyse coded peer-support interviews with Lua scripts.",
        discussion: """
            Scripts query a project file (.peerdb) or, without --project, a small synthetic \
            demo corpus. Run `peerscript help <command>` for a command's options.
            """,
        version: peerScriptVersion,
        subcommands: [
            RunCommand.self,
            InitCommand.self,
            InfoCommand.self,
            GenerateCommand.self,
            ReplCommand.self,
            DocsCommand.self,
            BenchCommand.self,
            TestCommand.self,
            LibCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            KernelCommand.self,
            HistoryCommand.self,
            UndoCommand.self,
        ]
    )

    /// Starts the program. A plain `run [--project PROJECT] FILE` (see ``ScriptRun/plain(_:)``)
    /// skips the argument parser, which spends a few milliseconds reflecting on every command
    /// before it reads a word: a large share of a short script's run.
    static func main() {
        if let run = ScriptRun.plain(Array(CommandLine.arguments.dropFirst())) {
            do { try run.perform() } catch { exit(withError: error) }
            return
        }
        main(nil)
    }
}
