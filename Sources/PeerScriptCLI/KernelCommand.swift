import ArgumentParser
import Foundation
import JupyterKernel
import PeerScript
import StudyModel

/// `peerscript kernel`: PeerScript as a Jupyter kernel, for JupyterLab, VS Code and Quarto.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run PeerScript as a Jupyter kernel (started by Jupyter, not by hand).",
        discussion: """
            Jupyter starts the kernel with the connection file it wrote: \
            `peerscript kernel --connection-file FILE`. Cells run in one Lua session with the \
            sandbox and limits of `peerscript run`; --timeout applies to each cell. Register the \
            kernel with `peerscript kernel install --user --write`.
            """,
        subcommands: [KernelInstallCommand.self]
    )

    @Option(name: .customLong("connection-file"), help: ArgumentHelp("The connection file Jupyter wrote.", valueName: "FILE"))
    var connectionFile: String?

    @OptionGroup var script: ScriptOptionsGroup

    func run() throws {
        guard let connectionFile else {
            throw ValidationError("Give the connection file Jupyter wrote: peerscript kernel --connection-file FILE. "
                + "To make Jupyter start the kernel, register it with `peerscript kernel install --user --write`.")
        }
        let connection = try ConnectionInfo(file: connectionFile)
        var options = try script.scriptOptions()
        // A cell stuck past its limit must not end the kernel with everything defined in it.
        options.exitsWhenStuck = false
        var kernel: NotebookKernel?
        let engine = try ReplEngine(options: options, folder: FileManager.default.currentDirectoryPath,
                                    notice: { kernel?.notice($0) })
        kernel = try NotebookKernel(connection: connection, engine: engine, version: peerScriptVersion)
        try kernel?.run()
    }
}

/// `peerscript kernel install`: writes the kernelspec Jupyter finds the kernel by.
struct KernelInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Register the kernel with Jupyter (shows the kernelspec; --write writes it).",
        discussion: """
            Without --write, prints the kernel.json and the folder it would go to. --user (the \
            default) installs for the current user; --prefix P installs under \
            P/share/jupyter/kernels, as for a virtual environment (--prefix "$VIRTUAL_ENV"). \
            --project makes the kernel query that project file instead of the demo corpus; \
            --trusted, --timeout (per cell), --max-memory and --out are recorded for the kernel too.
            """
    )

    @Flag(help: "Install for the current user (the default).")
    var user = false

    @Option(help: ArgumentHelp("Install under PREFIX/share/jupyter/kernels.", valueName: "PREFIX"))
    var prefix: String?

    // The same group as the kernel's own: ArgumentParser gives a subcommand's options to the
    // command above it when both declare them, so sharing the group is what lets both see them.
    @OptionGroup var script: ScriptOptionsGroup

    @Flag(help: "Write the kernelspec (without it, only show it).")
    var write = false

    func validate() throws {
        if user, prefix != nil { throw ValidationError("Give --user or --prefix, not both.") }
    }

    func run() throws {
        let folder = kernelFolder()
        let spec = try Self.kernelJSON(executable: Self.executablePath(), options: try kernelOptions())
        guard write else {
            print("Would write \(folder.appendingPathComponent("kernel.json").path):\n\(spec)\nAdd --write to write it.")
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(spec.utf8).write(to: folder.appendingPathComponent("kernel.json"), options: .atomic)
        } catch {
            throw ValidationError("Cannot write the kernelspec in \(folder.path): \(error.localizedDescription). "
                + "Pick a folder you may write to with --prefix, or use --user.")
        }
        print("Installed the PeerScript kernel in \(folder.path); `jupyter kernelspec list` shows it as peerscript.")
    }

    /// `kernels/peerscript` under the prefix, or the user's Jupyter data folder.
    private func kernelFolder() -> URL {
        let base: URL
        if let prefix {
            base = URL(fileURLWithPath: Self.absolute(prefix)).appendingPathComponent("share/jupyter")
        } else if let data = ProcessInfo.processInfo.environment["JUPYTER_DATA_DIR"], !data.isEmpty {
            base = URL(fileURLWithPath: data)
        } else {
            let home = FileManager.default.homeDirectoryForCurrentUser
            #if os(macOS)
            base = home.appendingPathComponent("Library/Jupyter")
            #else
            let xdg = ProcessInfo.processInfo.environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            base = URL(fileURLWithPath: xdg ?? home.appendingPathComponent(".local/share").path).appendingPathComponent("jupyter")
            #endif
        }
        return base.appendingPathComponent("kernels/peerscript")
    }

    /// The session options given to `install` that the kernel is to start with: those that
    /// differ from `peerscript run`'s defaults, paths made absolute.
    private func kernelOptions() throws -> [String] {
        let defaults = try ScriptOptionsGroup.parse([])
        var options: [String] = []
        if let project = script.project { options += ["--project", Self.absolute(project)] }
        if script.trusted { options.append("--trusted") }
        if script.timeout != defaults.timeout { options += ["--timeout", Self.number(script.timeout)] }
        if script.maxMemory != defaults.maxMemory { options += ["--max-memory", String(script.maxMemory)] }
        if let out = script.outputFolder { options += ["--out", Self.absolute(out)] }
        return options
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The kernelspec: how Jupyter starts the kernel and what it calls it.
    static func kernelJSON(executable: String, options: [String]) throws -> String {
        let argv = [executable, "kernel", "--connection-file", "{connection_file}"] + options
        let spec: [String: Any] = [
            "argv": argv, "display_name": "PeerScript (Lua 5.4)", "language": "lua",
            "interrupt_mode": "signal", "metadata": ["debugger": false],
        ]
        let data = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private static func executablePath() -> String {
        URL(fileURLWithPath: ShippedScripts.runningExecutable).resolvingSymlinksInPath().path
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL.path
    }
}
