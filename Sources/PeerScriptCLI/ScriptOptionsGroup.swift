import ArgumentParser
import Foundation
import PeerScript

/// The options shared by the commands that run Lua (`run`, `repl`, `test`).
struct ScriptOptionsGroup: ParsableArguments {
    @Option(help: ArgumentHelp("The project file to query (default: the synthetic demo corpus).", valueName: "FILE"))
    var project: String?

    @Flag(help: "Lift the sandbox: full Lua standard libraries, files anywhere.")
    var trusted = ScriptSettings.standard.trusted

    @Option(help: ArgumentHelp("Stop the script after this many seconds (0 for no limit).", valueName: "SECONDS"))
    var timeout: Double = ScriptSettings.standard.timeout

    @Option(name: .customLong("max-memory"), help: ArgumentHelp("Stop the script when it holds more than this many megabytes (0 for no limit).", valueName: "MB"))
    var maxMemory: Int = ScriptSettings.standard.maxMemory

    @Option(name: .customLong("out"), help: ArgumentHelp("Folder that output files are written to (default: ./output, made on the first write).", valueName: "DIR"))
    var outputFolder: String?

    /// The longest time limit accepted: a year. Longer ones are surely typing mistakes, and
    /// waits this long still fit every clock the watchdog uses.
    static let longestTimeout: Double = 365 * 24 * 3600

    /// The largest memory limit accepted, in megabytes: the most whose byte count fits in Int.
    static let largestMemoryLimit = Int.max >> 20

    func validate() throws {
        guard timeout.isFinite, timeout >= 0 else {
            throw ValidationError("--timeout must be a number of seconds, 0 or more (0 for no limit), not \(timeout).")
        }
        guard timeout <= Self.longestTimeout else {
            throw ValidationError("--timeout \(timeout) is too long: give at most \(Int(Self.longestTimeout)) seconds (a year), or 0 for no limit.")
        }
        guard maxMemory >= 0 else {
            throw ValidationError("--max-memory must be a number of megabytes, 0 or more (0 for no limit), not \(maxMemory).")
        }
        guard maxMemory <= Self.largestMemoryLimit else {
            throw ValidationError("--max-memory \(maxMemory) is too large: give at most \(Self.largestMemoryLimit) megabytes, or 0 for no limit.")
        }
        if let project, !FileManager.default.fileExists(atPath: project) {
            throw ValidationError("No project file at '\(project)'. Create one with `peerscript init \(project)`.")
        }
    }

    /// The values given, or their defaults.
    var settings: ScriptSettings {
        ScriptSettings(project: project, trusted: trusted, timeout: timeout, maxMemory: maxMemory,
                       outputFolder: outputFolder)
    }

    /// The options for a script session.
    func scriptOptions() throws -> ScriptOptions { try settings.scriptOptions() }
}

/// The values of the script options, whichever way they were read from the command line.
struct ScriptSettings: Equatable {
    /// Every option at its default.
    static let standard = ScriptSettings()

    var project: String?
    var trusted = false
    var timeout: Double = 60
    var maxMemory = 1024
    var outputFolder: String?

    /// The options for a script session.
    func scriptOptions() throws -> ScriptOptions {
        var options = ScriptOptions()
        options.wordForCommandLine()
        options.trusted = trusted
        options.timeout = timeout > 0 ? timeout : nil
        options.memoryLimitMB = maxMemory > 0 ? maxMemory : nil
        options.exitsWhenStuck = true
        options.projectPath = project
        if let outputFolder {
            let url = URL(fileURLWithPath: outputFolder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            options.outputFolder = url
        }
        return options
    }
}
