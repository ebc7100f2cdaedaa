import Foundation
import StudyModel

/// Why a library could not be read, installed or removed. Each message names the file or
/// library involved and says what to do.
public enum LibraryError: Error, Sendable, Equatable, DescribedError {
    /// The folder has neither `peerlib.lua` nor `peerlib.json`.
    case noManifest(folder: String)
    /// The folder has both manifest files, so which one counts is unclear.
    case twoManifests(folder: String)
    /// The manifest could not be read or evaluated (syntax error, not a table, bad JSON).
    case unreadableManifest(file: String, reason: String)
    /// A manifest field is missing or wrong.
    case invalidManifest(file: String, field: String, problem: String)
    /// The library folder has no `init.lua`, so `require "name"` would find nothing.
    case missingInit(folder: String)
    /// The library needs a newer PeerScript than this one.
    case needsNewerPeerScript(library: String, requirement: VersionRequirement, running: SemanticVersion)
    /// A library of the same name is already installed.
    case alreadyInstalled(name: String, path: String)
    /// The name is taken by a library elsewhere in the search path.
    case nameClash(name: String, path: String, location: String)
    /// A library it depends on is not found anywhere in the search path.
    case missingDependency(library: String, dependency: String, requirement: VersionRequirement)
    /// A library it depends on is found, but too old (or without a version).
    case unsuitableDependency(library: String, dependency: String, requirement: VersionRequirement,
                              found: String, path: String)
    /// A zip entry would be written outside the folder it is unpacked into, or is a link.
    case unsafeArchiveEntry(archive: String, entry: String, reason: String)
    /// The zip could not be opened or read.
    case unreadableArchive(archive: String, reason: String)
    /// The zip would unpack to more than the limit on uncompressed size (`limit` already worded).
    case archiveTooLarge(archive: String, entry: String, limit: String)
    /// The zip holds no manifest at its top, nor in a single top-level folder.
    case noLibraryInArchive(archive: String)
    /// The library folder holds a symbolic link, which could point anywhere on the machine.
    case symbolicLink(path: String)
    /// No installed library has this name.
    case notInstalled(name: String, folder: String, installed: [String])
    /// The name cannot be a library name.
    case invalidName(String)
    /// A file operation failed.
    case fileOperation(action: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .noManifest(let folder):
            return "no library manifest in \(folder): add peerlib.lua (returning a table) or peerlib.json with at least 'name' and 'version'"
        case .twoManifests(let folder):
            return "\(folder) has both peerlib.lua and peerlib.json: keep only one manifest"
        case .unreadableManifest(let file, let reason):
            return FailureWording.cannot("read", "the manifest \(file)", because: reason)
        case .invalidManifest(let file, let field, let problem):
            return "manifest \(file): '\(field)' \(problem)"
        case .missingInit(let folder):
            return "\(folder) has no init.lua: a library's init.lua returns its table of functions"
        case .needsNewerPeerScript(let library, let requirement, let running):
            return "library '\(library)' needs PeerScript \(requirement), but this is PeerScript \(running): update PeerScript first"
        case .alreadyInstalled(let name, let path):
            return "a library named '\(name)' is already installed at \(path): remove it with `peerscript lib remove \(name)` or install with --replace"
        case .nameClash(let name, let path, let location):
            return "the name '\(name)' is already used by \(path) (\(location)); one would hide the other from `require`: rename the library"
        case .missingDependency(let library, let dependency, let requirement):
            return "library '\(library)' depends on '\(dependency)' (\(requirement)), which is not installed: install '\(dependency)' first"
        case .unsuitableDependency(let library, let dependency, let requirement, let found, let path):
            return "library '\(library)' depends on '\(dependency)' \(requirement), but \(path) has \(found): install a suitable version of '\(dependency)' first"
        case .unsafeArchiveEntry(let archive, let entry, let reason):
            return "refusing \(archive): entry '\(entry.excerpt)' \(reason); nothing was installed"
        case .unreadableArchive(let archive, let reason):
            return FailureWording.cannot("read", "the zip \(archive)", because: reason)
        case .archiveTooLarge(let archive, let entry, let limit):
            return "refusing \(archive): it would unpack to more than \(limit) (reached at entry "
                + "'\(entry.excerpt)'), the limit on uncompressed size; nothing was installed. "
                + "If the library is genuine, raise the limit with --max-uncompressed-mb"
        case .noLibraryInArchive(let archive):
            return "\(archive) holds no library: expected peerlib.lua or peerlib.json at its top or in its single top-level folder"
        case .symbolicLink(let path):
            return "\(path) is a symbolic link: libraries must hold plain files and folders only"
        case .notInstalled(let name, let folder, let installed):
            let listed = installed.isEmpty ? "none are installed" : "installed: " + installed.joined(separator: ", ")
            return "no library named '\(name)' in \(folder) (\(listed))"
        case .invalidName(let name):
            return "'\(name)' is not a valid library name: use letters, digits and '_', not starting with a digit"
        case .fileOperation(let action, let path, let reason):
            return FailureWording.cannot(action, path, because: reason)
        }
    }
}
