import Foundation
import StudyModel

/// Installs libraries into the user library folder (`~/.peerscript/lib`) and removes them.
///
/// A library is installed only after its manifest, its `init.lua`, the PeerScript version it
/// needs, its name and its dependencies have all been checked, and it is copied under a
/// temporary name first, so a failed copy never leaves half a library behind.
public struct LibraryInstaller: Sendable {
    /// Where libraries are installed.
    public var destination: URL
    /// The folders searched for name clashes and dependencies.
    public var catalog: LibraryCatalog
    /// The running PeerScript's version, checked against each library's requirement.
    public var runningVersion: SemanticVersion

    /// An installer into `destination` (by default `~/.peerscript/lib`), checking against
    /// `catalog`.
    public init(destination: URL = UserFolders.libraries, catalog: LibraryCatalog = .standard(),
                runningVersion: SemanticVersion = SemanticVersion(peerScriptVersion) ?? SemanticVersion(0, 0, 0)) {
        self.destination = destination
        self.catalog = catalog
        self.runningVersion = runningVersion
    }

    /// Checks the library in `folder` and copies it to `destination/<name>`.
    ///
    /// - Parameter replacing: allow replacing an installed library of the same name.
    /// - Returns: the installed library's manifest and folder.
    @discardableResult
    public func install(folder: URL, replacing: Bool = false) throws -> (manifest: LibraryManifest, folder: URL) {
        guard let manifest = try LibraryManifest.load(fromFolder: folder) else {
            throw LibraryError.noManifest(folder: folder.path)
        }
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("init.lua").path) else {
            throw LibraryError.missingInit(folder: folder.path)
        }
        guard manifest.peerscript.accepts(runningVersion) else {
            throw LibraryError.needsNewerPeerScript(library: manifest.name, requirement: manifest.peerscript, running: runningVersion)
        }
        let target = destination.appendingPathComponent(manifest.name)
        try checkName(manifest.name, target: target, replacing: replacing)
        try checkDependencies(of: manifest)
        let files = try Self.plainFiles(in: folder)
        try copy(files, from: folder, to: target, replacing: replacing)
        return (manifest, target)
    }

    /// Removes the installed library `name`.
    ///
    /// - Returns: the folder removed.
    @discardableResult
    public func remove(_ name: String) throws -> URL {
        guard LibraryManifest.isValidName(name) else { throw LibraryError.invalidName(name) }
        let target = destination.appendingPathComponent(name)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), isFolder.boolValue else {
            let location = LibraryLocation(label: "user", folder: destination)
            throw LibraryError.notInstalled(name: name, folder: destination.path,
                                            installed: catalog.libraries(in: location).filter(\.isFolder).map(\.name))
        }
        do {
            try FileManager.default.removeItem(at: target)
        } catch {
            throw LibraryError.fileOperation(action: "remove", path: target.path, reason: error.localizedDescription)
        }
        return target
    }

    /// The folder inside an unpacked archive that holds the library: `root` itself when the
    /// manifest is at its top, or its only top-level folder when the manifest is in there.
    public static func libraryRoot(in root: URL, archive: String) throws -> URL {
        let hasManifest = { (folder: URL) in
            LibraryManifest.fileNames.contains { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
        }
        if hasManifest(root) { return root }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "__MACOSX" }
        if entries.count == 1 {
            let only = root.appendingPathComponent(entries[0])
            if hasManifest(only) { return only }
        }
        throw LibraryError.noLibraryInArchive(archive: archive)
    }

    // MARK: Checks

    /// Refuses a name another search folder already uses, or an installed one unless replacing.
    private func checkName(_ name: String, target: URL, replacing: Bool) throws {
        let destinationPath = destination.standardizedFileURL.path
        for location in catalog.locations where location.folder.standardizedFileURL.path != destinationPath {
            if let other = catalog.libraries(in: location).first(where: { $0.name == name }) {
                throw LibraryError.nameClash(name: name, path: other.path.path, location: Self.explain(location))
            }
        }
        if !replacing {
            for candidate in [target, destination.appendingPathComponent(name + ".lua")]
            where FileManager.default.fileExists(atPath: candidate.path) {
                throw LibraryError.alreadyInstalled(name: name, path: candidate.path)
            }
        }
    }

    private static func explain(_ location: LibraryLocation) -> String {
        switch location.label {
        case "shipped": "the library shipped with PeerScript"
        case "user": "the user library folder"
        default: "a \(location.label) folder"
        }
    }

    private func checkDependencies(of manifest: LibraryManifest) throws {
        for (name, requirement) in manifest.dependencies.sorted(by: { $0.key < $1.key }) {
            guard let found = catalog.find(name) else {
                throw LibraryError.missingDependency(library: manifest.name, dependency: name, requirement: requirement)
            }
            guard requirement.minimum != nil else { continue }
            guard let version = found.manifest?.version else {
                throw LibraryError.unsuitableDependency(library: manifest.name, dependency: name, requirement: requirement,
                                                        found: "no version (no valid manifest)", path: found.path.path)
            }
            guard requirement.accepts(version) else {
                throw LibraryError.unsuitableDependency(library: manifest.name, dependency: name, requirement: requirement,
                                                        found: "version \(version)", path: found.path.path)
            }
        }
    }

    // MARK: Copying

    /// The files and folders under `folder` (relative paths, folders before their contents),
    /// hidden ones left out; throws for a symbolic link.
    static func plainFiles(in folder: URL) throws -> [(path: String, isFolder: Bool)] {
        let keys: [URLResourceKey] = [.isSymbolicLinkKey, .isDirectoryKey]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys,
                                                          options: [.skipsHiddenFiles]) else {
            throw LibraryError.fileOperation(action: "read", path: folder.path, reason: "the folder cannot be listed")
        }
        let base = folder.standardizedFileURL.path
        var files: [(String, Bool)] = []
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: Set(keys))
            if values?.isSymbolicLink == true { throw LibraryError.symbolicLink(path: url.path) }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            files.append((String(path.dropFirst(base.count + 1)), values?.isDirectory == true))
        }
        return files
    }

    private func copy(_ files: [(path: String, isFolder: Bool)], from source: URL, to target: URL, replacing: Bool) throws {
        let fileManager = FileManager.default
        let staging = destination.appendingPathComponent(".installing-\(UUID().uuidString)")
        func failure(_ action: String, _ path: URL, _ error: Error) -> LibraryError {
            .fileOperation(action: action, path: path.path, reason: error.localizedDescription)
        }
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw failure("create", staging, error)
        }
        defer { try? fileManager.removeItem(at: staging) }
        for file in files {
            let to = staging.appendingPathComponent(file.path)
            do {
                if file.isFolder {
                    try fileManager.createDirectory(at: to, withIntermediateDirectories: true)
                } else {
                    try fileManager.copyItem(at: source.appendingPathComponent(file.path), to: to)
                }
            } catch {
                throw failure("copy", source.appendingPathComponent(file.path), error)
            }
        }
        if replacing, fileManager.fileExists(atPath: target.path) {
            do { try fileManager.removeItem(at: target) } catch { throw failure("replace", target, error) }
        }
        do {
            try fileManager.moveItem(at: staging, to: target)
        } catch {
            throw failure("install into", target, error)
        }
    }
}
