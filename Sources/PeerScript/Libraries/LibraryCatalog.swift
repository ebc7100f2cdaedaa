import Foundation

/// One folder `require` searches, with what it is.
public struct LibraryLocation: Sendable, Hashable {
    /// Why the folder is searched: `PEERSCRIPT_PATH`, `user` (`~/.peerscript/lib`) or `shipped`.
    public var label: String
    /// The folder.
    public var folder: URL
}

/// A library or module found in a search folder.
public struct FoundLibrary: Sendable, Hashable {
    /// The name `require` finds it by (its first part).
    public var name: String
    /// The library folder, or the module file.
    public var path: URL
    /// Whether it is a folder (a library) rather than a single `.lua` file (a module).
    public var isFolder: Bool
    /// Its manifest, when it has a valid one.
    public var manifest: LibraryManifest?
    /// Why its manifest could not be read, when it has one that is broken.
    public var manifestProblem: String?
    /// The folder it was found in.
    public var location: LibraryLocation
}

/// The libraries visible to `require`, folder by folder in search order: the `PEERSCRIPT_PATH`
/// entries, `~/.peerscript/lib`, then the shipped `Scripts/`. (A script's own folder is
/// searched before all of them.)
public struct LibraryCatalog: Sendable {
    /// The folders, in search order.
    public var locations: [LibraryLocation]

    /// A catalog of the given folders.
    public init(locations: [LibraryLocation]) {
        self.locations = locations
    }

    /// The folders a script run with `options` searches after its own folder.
    public static func standard(_ options: ScriptOptions = ScriptOptions()) -> LibraryCatalog {
        var locations = options.extraLibraryFolders.map { LibraryLocation(label: "PEERSCRIPT_PATH", folder: URL(fileURLWithPath: $0)) }
        locations.append(LibraryLocation(label: "user", folder: UserFolders.libraries))
        if let shipped = ShippedScripts.folder { locations.append(LibraryLocation(label: "shipped", folder: shipped)) }
        return locations.reduce(into: LibraryCatalog(locations: [])) { catalog, location in
            let path = location.folder.standardizedFileURL.path
            if !catalog.locations.contains(where: { $0.folder.standardizedFileURL.path == path }) {
                catalog.locations.append(location)
            }
        }
    }

    /// The libraries (folders with `init.lua` or a manifest) and modules (`name.lua` files) at
    /// the top of `location`, by name.
    public func libraries(in location: LibraryLocation) -> [FoundLibrary] {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: location.folder.path) else { return [] }
        var found: [FoundLibrary] = []
        for entry in names.sorted() where !entry.hasPrefix(".") {
            let url = location.folder.appendingPathComponent(entry)
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: url.path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                let markers = ["init.lua"] + LibraryManifest.fileNames
                guard LibraryManifest.isValidName(entry),
                      markers.contains(where: { fileManager.fileExists(atPath: url.appendingPathComponent($0).path) }) else { continue }
                var library = FoundLibrary(name: entry, path: url, isFolder: true, location: location)
                do {
                    library.manifest = try LibraryManifest.load(fromFolder: url)
                } catch {
                    library.manifestProblem = String(describing: error)
                }
                found.append(library)
            } else if entry.hasSuffix(".lua") {
                let name = String(entry.dropLast(4))
                guard LibraryManifest.isValidName(name) else { continue }
                found.append(FoundLibrary(name: name, path: url, isFolder: false, location: location))
            }
        }
        return found
    }

    /// The library `require "name"` would find: the first one of that name in search order.
    public func find(_ name: String) -> FoundLibrary? {
        for location in locations {
            if let library = libraries(in: location).first(where: { $0.name == name }) { return library }
        }
        return nil
    }

    /// The text `peerscript lib list` prints: each folder in search order and what it holds,
    /// with versions, marking what an earlier folder hides.
    public func listing() -> String {
        var lines = ["Library folders, in the order `require` searches them (a script's own folder comes first):"]
        var seen: [String: String] = [:]
        for location in locations {
            let exists = FileManager.default.fileExists(atPath: location.folder.path)
            lines.append("")
            lines.append("\(location.label): \(location.folder.path)" + (exists ? "" : " (does not exist yet)"))
            let found = libraries(in: location)
            if found.isEmpty { lines.append("  (no libraries)") }
            for library in found {
                lines.append("  " + describe(library, hiddenBy: seen[library.name]))
                if seen[library.name] == nil { seen[library.name] = location.label }
            }
        }
        return lines.joined(separator: "\n")
    }

    private func describe(_ library: FoundLibrary, hiddenBy: String?) -> String {
        var text = library.name
        if let manifest = library.manifest {
            text += " " + manifest.version.description
            if let description = manifest.description { text += " — " + description }
        } else if let problem = library.manifestProblem {
            text += " (broken manifest: \(problem))"
        } else {
            text += library.isFolder ? " (no manifest)" : " (module file)"
        }
        if let hiddenBy { text += " [hidden by the library of the same name in \(hiddenBy)]" }
        return text
    }
}
