import Foundation

/// Where scripts may write files: names resolve inside one folder, and in the sandbox nothing
/// may escape it (no absolute paths elsewhere, no `..` out of it, no symbolic link out of it).
public struct OutputFolder: Sendable {
    /// The folder files are written to.
    public let root: URL
    /// Whether paths outside `root` are allowed (trusted scripts).
    public let unrestricted: Bool

    /// An output folder at `root`.
    public init(root: URL, unrestricted: Bool = false) {
        self.root = root.standardizedFileURL
        self.unrestricted = unrestricted
    }

    /// The file `name` refers to, or an error saying why the script may not write there.
    /// Missing parent folders inside the output folder are created.
    public func resolve(_ name: String) throws -> URL {
        guard !name.isEmpty else { throw LuaScriptError("the file name is empty") }
        let url = name.hasPrefix("/")
            ? URL(fileURLWithPath: name).standardizedFileURL
            : root.appendingPathComponent(name).standardizedFileURL
        if !unrestricted {
            // Compare real locations, so a symbolic link cannot lead out of the folder.
            let realRoot = root.resolvingSymlinksInPath().path
            let realTarget = url.resolvingSymlinksInPath().path
            guard realTarget.hasPrefix(realRoot + "/") else {
                throw LuaScriptError("cannot write '\(name)': scripts write only inside the output folder \(root.path) (choose it with --out, or run with --trusted)")
            }
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }
}
