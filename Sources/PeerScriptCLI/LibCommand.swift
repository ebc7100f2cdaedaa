import ArgumentParser
import DataExchange
import Foundation
import PeerScript

/// `peerscript lib`: lists, installs and removes shared Lua libraries.
struct LibCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lib",
        abstract: "List, install and remove shared Lua libraries.",
        discussion: """
            A library is a folder with an init.lua (returning the library's table), more \
            modules, a README.md, tests/*_test.lua and a manifest: peerlib.lua returning a table, \
            or peerlib.json, with name, version, description, peerscript (the lowest PeerScript \
            version it runs on) and dependencies. `require "name.module"` searches the script's \
            folder, PEERSCRIPT_PATH, ~/.peerscript/lib ($PEERSCRIPT_HOME/lib when set), then the \
            library shipped with PeerScript.
            """,
        subcommands: [List.self, Install.self, Remove.self]
    )

    /// `peerscript lib list`.
    // Each names itself: a derived name costs every start a reflection of the type's name.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Show the library folders in search order and the libraries in each, with versions.")

        func run() throws {
            print(LibraryCatalog.standard().listing())
            if ShippedScripts.folder == nil {
                print("\nshipped: not found (no Scripts/peer beside the peerscript executable)")
            }
        }
    }

    /// `peerscript lib install FOLDER|FILE.zip`.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Check a library and copy it into ~/.peerscript/lib.",
            discussion: """
                The library's manifest must be valid, its PeerScript requirement met, its \
                dependencies installed, and its name not used by another library in the search \
                path. A zip may hold the library at its top or in a single top-level folder; a \
                zip with an entry that would land outside that folder is refused, and so is one \
                that would unpack to more than \(ByteLimit.defaultLibraryMegabytes) MB in all \
                (counted while unpacking; change the limit with --max-uncompressed-mb).
                """)

        @Argument(help: ArgumentHelp("The library folder, or a .zip of it.", valueName: "FOLDER|FILE.zip"))
        var source: String

        @Flag(help: "Replace an installed library of the same name.")
        var replace = false

        @Option(help: ArgumentHelp("For a zip: the most it may unpack to, in MB (2^20 bytes).", valueName: "MB"))
        var maxUncompressedMb: Int = ByteLimit.defaultLibraryMegabytes

        func validate() throws {
            if maxUncompressedMb < 1 {
                throw ValidationError("--max-uncompressed-mb must be at least 1 (got \(maxUncompressedMb)).")
            }
        }

        func run() throws {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
                throw ValidationError("No library folder or zip at '\(source.excerpt)'.")
            }
            let url = URL(fileURLWithPath: source)
            let installed: (manifest: LibraryManifest, folder: URL)
            do {
                installed = isFolder.boolValue ? try installFolder(url) : try installZip(url)
            } catch let error as LibraryError {
                throw CommandFailure.exit(error.description)
            }
            print("installed \(installed.manifest.name) \(installed.manifest.version) into \(installed.folder.path)")
        }

        private func installFolder(_ folder: URL) throws -> (manifest: LibraryManifest, folder: URL) {
            try LibraryInstaller().install(folder: folder, replacing: replace)
        }

        private func installZip(_ zip: URL) throws -> (manifest: LibraryManifest, folder: URL) {
            guard zip.pathExtension.lowercased() == "zip" else {
                throw CommandFailure.exit("'\(source)' is neither a folder nor a .zip file")
            }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("peerscript-lib-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            try LibraryArchive.unpack(zip, into: scratch,
                                      maxUncompressedBytes: ByteLimit.bytes(megabytes: maxUncompressedMb))
            let root = try LibraryInstaller.libraryRoot(in: scratch, archive: zip.lastPathComponent)
            return try LibraryInstaller().install(folder: root, replacing: replace)
        }
    }

    /// `peerscript lib remove NAME`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a library from ~/.peerscript/lib.")

        @Argument(help: ArgumentHelp("The library's name.", valueName: "NAME"))
        var name: String

        func run() throws {
            do {
                let folder = try LibraryInstaller().remove(name)
                print("removed \(name) from \(folder.path)")
            } catch let error as LibraryError {
                throw CommandFailure.exit(error.description)
            }
        }
    }
}

/// Reports a failure the user can act on as `peerscript: message` on stderr.
enum CommandFailure {
    /// Prints `message` and returns the exit status 1 to throw.
    static func exit(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("peerscript: \(message)\n".utf8))
        return ExitCode.failure
    }
}
