import ArgumentParser
import Foundation
import PeerScript

/// `peerscript docs`: generates the Lua API reference and the editor definitions file.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Generate the Lua API reference and the LuaLS definitions file.",
        discussion: """
            Both files are generated from the documentation written beside each function's \
            registration. Without --write, the Markdown reference is printed. With --write, \
            \(APIReference.markdownPath) and \(APIReference.definitionsPath) are written under \
            the folder given by --root (default: the current folder).
            """
    )

    @Flag(help: "Write the two files instead of printing the reference.")
    var write = false

    @Option(help: ArgumentHelp("The repository folder the files are written under.", valueName: "DIR"))
    var root: String = "."

    func run() throws {
        let reference = APIReference.current
        guard write else {
            print(reference.markdown(), terminator: "")
            return
        }
        let base = URL(fileURLWithPath: root)
        for (path, text) in [(APIReference.markdownPath, reference.markdown()),
                             (APIReference.definitionsPath, reference.luaDefinitions())] {
            let url = base.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            print("wrote \(url.path)")
        }
    }
}
