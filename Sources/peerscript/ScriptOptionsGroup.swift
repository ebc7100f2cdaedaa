import ArgumentParser
import Foundation
import PeerScript

/// The options shared by the commands that run Lua (`run`, `repl`, `test`).
struct ScriptOptionsGroup: ParsableArguments {
    @Option(help: ArgumentHelp("The project file to query (default: the synthetic demo corpus).", valueName: "FILE"))
    var project: String?

    @Flag(help: "Lift the sandbox: full Lua standard libraries, files anywhere.")
    var trusted = false

    @Option(help: ArgumentHelp("Stop the script after this many seconds (0 for no limit).", valueName: "SECONDS"))
    var timeout: Double = 60

    @Option(name: .customLong("max-memory"), help: ArgumentHelp("Stop the script when it holds more than this many megabytes (0 for no limit).", valueName: "MB"))
    var maxMemory: Int = 1024

    @Option(name: .customLong("out"), help: ArgumentHelp("Folder that output files are written to (default: ./output, made on the first write).", valueName: "DIR"))
    var outputFolder: String?

    func validate() throws {
        guard timeout >= 0, timeout.isFinite else { throw ValidationError("--timeout must be 0 or more seconds.") }
        guard maxMemory >= 0 else { throw ValidationError("--max-memory must be 0 or more megabytes.") }
        if let project, !FileManager.default.fileExists(atPath: project) {
            throw ValidationError("No project file at '\(project)'. Create one with `peerscript init \(project)`.")
        }
    }

    /// The options for a script session.
    func scriptOptions() throws -> ScriptOptions {
        var options = ScriptOptions()
        options.trusted = trusted
        options.timeout = timeout > 0 ? timeout : nil
        options.memoryLimitMB = maxMemory > 0 ? maxMemory : nil
        options.projectPath = project
        if let outputFolder {
            let url = URL(fileURLWithPath: outputFolder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            options.outputFolder = url
        }
        return options
    }
}
