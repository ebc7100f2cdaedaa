import CorpusGenerator
import Foundation
import LuaBridge

/// How a script runs: sandbox or trusted, its limits, and where it may write.
public struct ScriptOptions: Sendable {
    /// Give the script the full standard libraries, as the stock `lua5.4` has them.
    public var trusted = false
    /// Stop the script after this many seconds; nil for no limit.
    public var timeout: Double? = 60
    /// Refuse allocations past this many megabytes; nil for no limit.
    public var memoryLimitMB: Int? = 1024
    /// End the whole process with status 124 when a script is still running a grace period
    /// (``Watchdog/gracePeriod``) after its time limit: in a finalizer or a long library call,
    /// where it cannot be stopped. For the command-line tool; library users leave it off.
    public var exitsWhenStuck = false
    /// Where output functions write (relative names resolve inside it). Defaults to
    /// ``defaultOutputFolderName`` in the current directory, made on the first write, so a
    /// script's files never land among the working tree's own (such as `.git`).
    public var outputFolder: URL = ScriptOptions.defaultOutputFolder()
    /// The name of the default output folder, inside the current directory.
    public static let defaultOutputFolderName = "output"
    /// Whether `outputFolder` is the default one. That folder may not be a symbolic link, since
    /// a shared folder could hold an `output` link to somewhere else; one named with `--out` may.
    public var usesDefaultOutputFolder: Bool {
        outputFolder.standardizedFileURL.path == Self.defaultOutputFolder().standardizedFileURL.path
    }

    /// ``defaultOutputFolderName`` in the current directory. Joined as text: appending a path
    /// component to a URL costs a noticeable share of a short run's start.
    static func defaultOutputFolder() -> URL {
        let current = FileManager.default.currentDirectoryPath
        let separator = current.hasSuffix("/") ? "" : "/"
        return URL(fileURLWithPath: current + separator + defaultOutputFolderName, isDirectory: true)
    }
    /// The project file scripts query, or nil for the demo corpus.
    public var projectPath: String?
    /// What the first query on the demo corpus prints on stderr; embedders word it for their
    /// interface (the command-line tool names its flag).
    public var demoCorpusNotice = DemoCorpus.notice
    /// How the sandbox's refusals say to lift a restriction, in the embedder's words.
    public var sandboxAdvice = SandboxAdvice.neutral
    /// Whether scripts may change the project (see ``ScriptChanges``).
    public var changes = ScriptChanges.refused
    /// How a refused write says to allow writing, in the embedder's words.
    public var writeAdvice = "open the project for writing"
    /// Extra library folders, searched after the script's folder (from `PEERSCRIPT_PATH`).
    public var extraLibraryFolders: [String] = ScriptOptions.pathFromEnvironment()

    /// Options with the defaults of `peerscript run`.
    public init() {}

    /// The memory limit in bytes (nil for none); a limit too large to count in bytes is none.
    public var memoryLimitBytes: Int? {
        guard let memoryLimitMB, memoryLimitMB > 0 else { return nil }
        let (bytes, overflow) = memoryLimitMB.multipliedReportingOverflow(by: 1 << 20)
        return overflow ? nil : bytes
    }

    /// How the process ends when a script cannot be stopped, or nil when it must not end.
    public var forcedExit: Watchdog.ForcedExit? {
        guard exitsWhenStuck, let timeout else { return nil }
        let grace = Watchdog.timeoutMessage(seconds: Watchdog.gracePeriod).dropFirst("timeout after ".count)
        return Watchdog.ForcedExit(
            status: 124,
            message: "peerscript: \(Watchdog.timeoutMessage(seconds: timeout)) (still running \(grace) later, "
                + "in a finalizer or a long library call: ended by force)")
    }

    /// A watchdog that ends the process if `seconds` and the grace period pass before it is
    /// cancelled, or nil when the options do not ask for forced exits. Held while a session
    /// closes, it bounds the finalizers that run then, after the script itself has ended.
    public func closingWatchdog(after seconds: Double? = nil) -> Watchdog? {
        guard let timeout, let forcedExit else { return nil }
        return Watchdog(endingProcessAfter: seconds ?? timeout, forcedExit)
    }

    /// The folders `require` searches for a script in `scriptFolder`: the script's folder,
    /// `PEERSCRIPT_PATH`, `~/.peerscript/lib`, then the library shipped with PeerScript.
    public func librarySearchPath(scriptFolder: String?) -> [String] {
        var folders: [String] = []
        if let scriptFolder { folders.append(scriptFolder) }
        folders += extraLibraryFolders
        folders.append(UserFolders.libraries.path)
        if let shipped = ShippedScripts.folder { folders.append(shipped.path) }
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    /// The `PEERSCRIPT_PATH` entries, separated by `:`.
    public static func pathFromEnvironment() -> [String] {
        guard let value = environmentVariable("PEERSCRIPT_PATH") else { return [] }
        return value.split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    /// One variable of the process's environment. `ProcessInfo` copies the whole environment
    /// into a dictionary first, a needless cost at every start.
    static func environmentVariable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// The per-user folders under `~/.peerscript`.
public enum UserFolders {
    /// `~/.peerscript` (or `$PEERSCRIPT_HOME` when set).
    public static var root: URL {
        if let home = ScriptOptions.environmentVariable("PEERSCRIPT_HOME"), !home.isEmpty {
            return URL(fileURLWithPath: home)
        }
        // $HOME first: asking the user database loads the system's name-service modules, a
        // noticeable part of a short run's start.
        if let home = ScriptOptions.environmentVariable("HOME"), home.hasPrefix("/") {
            return URL(fileURLWithPath: home).appendingPathComponent(".peerscript")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".peerscript")
    }

    /// Installed libraries: `~/.peerscript/lib`.
    public static var libraries: URL { root.appendingPathComponent("lib") }
}

/// The Lua library shipped with PeerScript (`Scripts/`).
public enum ShippedScripts {
    /// The folder holding `peer/…`, found beside the executable: in an installed layout
    /// (`bin/../share/peerscript/Scripts`) or in a source checkout (a parent folder's `Scripts/`).
    public static let folder: URL? = locate()

    /// The path of the running program. On Linux the kernel names it; `Bundle.main`, which
    /// also knows it, first lists the program's folder looking for resources.
    public static var runningExecutable: String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// Works on path text: URL arithmetic for each folder tried costs a noticeable share of a
    /// short run's start.
    private static func locate() -> URL? {
        let fileManager = FileManager.default
        func parent(_ path: String) -> String {
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
            return String(path[..<slash])
        }
        func holdsLibrary(_ folder: String) -> Bool { fileManager.fileExists(atPath: folder + "/peer") }
        var executable = runningExecutable
        if !executable.hasPrefix("/") { executable = fileManager.currentDirectoryPath + "/" + executable }
        if let real = realpath(executable, nil) {
            executable = String(cString: real)
            free(real)
        }
        var folder = parent(executable)
        let prefix = parent(folder)
        let installed = (prefix == "/" ? "" : prefix) + "/share/peerscript/Scripts"
        if holdsLibrary(installed) { return URL(fileURLWithPath: installed, isDirectory: true) }
        while folder != "/" {
            if holdsLibrary(folder + "/Scripts") { return URL(fileURLWithPath: folder + "/Scripts", isDirectory: true) }
            folder = parent(folder)
        }
        return nil
    }
}
