import Foundation
import StudyModel

/// Why a project file could not be created or opened.
public enum ProjectStoreError: Error, Equatable, Sendable {
    /// There is no file at the path.
    case fileNotFound(path: String)
    /// `create` was asked to make a project where a file already exists.
    case alreadyExists(path: String)
    /// The file is not an SQLite database at all.
    case notSQLite(path: String)
    /// The file is an SQLite database but not a PeerScript project (its application id differs).
    case notAProject(path: String, applicationID: Int32)
    /// The project was written by a newer PeerScript with a schema this build does not know.
    case newerVersion(path: String, found: Int, supported: Int)
    /// The project has an older schema and was opened read-only, so it cannot be migrated.
    case needsMigration(path: String, found: Int, current: Int)
    /// SQLite refused to open the file; `reason` is its message.
    case cannotOpen(path: String, reason: String)
}

extension ProjectStoreError: DescribedError {
    /// A sentence naming the file, what is wrong with it and what to do.
    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return FailureWording.problem("no project file at \(path)", remedy: "create one with `peerscript init \(path)`")
        case let .alreadyExists(path):
            return FailureWording.problem("\(path) already exists", remedy: "choose another name or remove the file first")
        case let .notSQLite(path):
            return "\(path) is not an SQLite database, so it cannot be a PeerScript project"
        case let .notAProject(path, applicationID):
            let found = applicationID == 0 ? "no application id" : String(format: "application id 0x%08X", applicationID)
            return "\(path) is an SQLite database but not a PeerScript project (\(found), expected 0x50455352 'PESR')"
        case let .newerVersion(path, found, supported):
            return FailureWording.problem(
                Self.version(path, found) + ", but this PeerScript (\(peerScriptVersion)) knows versions up to \(supported)",
                remedy: "update PeerScript to open it")
        case let .needsMigration(path, found, current):
            return FailureWording.problem(
                Self.version(path, found) + " and must be upgraded to version \(current)",
                remedy: "open it for writing once to upgrade it")
        case let .cannotOpen(path, reason):
            return FailureWording.cannot("open", path, because: reason)
        }
    }

    /// How both version messages begin.
    private static func version(_ path: String, _ found: Int) -> String {
        "\(path) uses project format version \(found)"
    }
}
