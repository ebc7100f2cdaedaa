import Foundation
import StudyModel

/// Where a change set came from: what made it, the file behind it and its digest, the
/// command line, the user and when it started.
public struct ChangeProvenance: Sendable, Hashable {
    /// What made the change: `script` or `import`.
    public var kind: String
    /// The script or imported file, if any.
    public var path: String?
    /// SHA-256 hex of the file's bytes when it was read.
    public var sha256: String?
    /// The command line, its words separated by spaces.
    public var commandLine: String
    /// The user who ran it.
    public var user: String
    /// When the change set was begun.
    public var startedAt: Date

    /// Provenance with everything given.
    public init(kind: String, path: String?, sha256: String?, commandLine: String, user: String, startedAt: Date) {
        self.kind = kind
        self.path = path
        self.sha256 = sha256
        self.commandLine = commandLine
        self.user = user
        self.startedAt = startedAt
    }

    /// Provenance for this process: its command line and user, the file at `path` (hashed
    /// from `bytes` when given, else read from disk) and now.
    public static func current(kind: String, path: String?, bytes: [UInt8]? = nil) -> ChangeProvenance {
        let content = bytes ?? path.flatMap { FileManager.default.contents(atPath: $0) }.map(Array.init)
        return ChangeProvenance(kind: kind, path: path, sha256: content.map(ContentDigest.sha256Hex),
                                commandLine: CommandLine.arguments.joined(separator: " "),
                                user: currentUser, startedAt: Date())
    }

    /// The login name, from the environment, or the process's user name.
    public static var currentUser: String {
        let environment = ProcessInfo.processInfo.environment
        for name in ["USER", "LOGNAME"] { if let user = environment[name], !user.isEmpty { return user } }
        return NSUserName()
    }
}
