import Foundation

/// How a script runs: sandbox or trusted, its limits, and where it may write.
public struct ScriptOptions: Sendable {
    /// Give the script the full standard libraries, as the stock `lua5.4` has them.
    public var trusted = false
    /// Stop the script after this many seconds; nil for no limit.
    public var timeout: Double? = 60
    /// Refuse allocations past this many megabytes; nil for no limit.
    public var memoryLimitMB: Int? = 1024
    /// Where output functions write (relative names resolve inside it). Defaults to
    /// ``defaultOutputFolderName`` in the current directory, made on the first write, so a
    /// script's files never land among the working tree's own (such as `.git`).
    public var outputFolder: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent(ScriptOptions.defaultOutputFolderName)
    /// The name of the default output folder, inside the current directory.
    public static let defaultOutputFolderName = "output"
    /// Whether `outputFolder` is the default one. That folder may not be a symbolic link, since
    /// a shared folder could hold an `output` link to somewhere else; one named with `--out` may.
    public var usesDefaultOutputFolder: Bool {
        let standard = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(Self.defaultOutputFolderName)
        return outputFolder.standardizedFileURL.path == standard.standardizedFileURL.path
    }
    /// The project file scripts query, or nil for the demo corpus.
    public var projectPath: String?
    /// Extra library folders, searched after the script's folder (from `PEERSCRIPT_PATH`).
    public var extraLibraryFolders: [String] = ScriptOptions.pathFromEnvironment()

    /// Options with the defaults of `peerscript run`.
    public init() {}

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
        guard let value = ProcessInfo.processInfo.environment["PEERSCRIPT_PATH"] else { return [] }
        return value.split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }
}

/// The per-user folders under `~/.peerscript`.
public enum UserFolders {
    /// `~/.peerscript` (or `$PEERSCRIPT_HOME` when set).
    public static var root: URL {
        if let home = ProcessInfo.processInfo.environment["PEERSCRIPT_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home)
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

    private static func locate() -> URL? {
        let fileManager = FileManager.default
        let executable = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            .resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        let installed = folder.appendingPathComponent("../share/peerscript/Scripts").standardizedFileURL
        if fileManager.fileExists(atPath: installed.appendingPathComponent("peer").path) { return installed }
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("Scripts")
            if fileManager.fileExists(atPath: candidate.appendingPathComponent("peer").path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }
}
