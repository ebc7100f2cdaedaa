import ArgumentParser
import Foundation
import ProjectStorage

/// `peerscript init`: creates an empty project file.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new, empty project file.",
        discussion: """
            A project is one SQLite database (suggested extension .peerdb) laid out as \
            docs/project-format.md describes, so any SQLite tool can read it. The new project \
            holds the three built-in codebooks (change model, organisational challenges, peer \
            worker values) unless --empty is given; cases, participants, transcripts and codings \
            come later through import or scripts.

            An existing file is never overwritten.
            """
    )

    @Argument(help: ArgumentHelp("Where to create the project, e.g. study.peerdb.", valueName: "FILE"))
    var file: String

    @Option(help: ArgumentHelp("Title recorded in the project (default: the file name).", valueName: "TITLE"))
    var title: String?

    @Flag(help: "Leave out the built-in codebooks.")
    var empty = false

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let store = try ProjectStore.createProject(at: url, title: title, empty: empty)
        let counts = try store.counts()
        try store.close()
        let contents = empty ? "no codebooks" : "\(counts.codebooks) built-in codebooks, \(counts.codes) codes"
        print("Created \(file) (project format version \(ProjectSchema.version); \(contents)).")
    }
}
