import Foundation
import Testing

/// Checks on the repository's own file layout.
@Suite(.timeLimit(.minutes(3)))
struct RepositoryLayoutTests {
    /// A case-insensitive file system (macOS's default) merges paths that differ only in case on
    /// checkout, so no two tracked files or folders may be spelled that way.
    @Test func noTwoPathsDifferOnlyInCase() throws {
        let paths = try RepositoryFiles.tracked()
        #expect(paths.count > 100)
        let clashes = RepositoryFiles.caseClashes(among: paths)
        #expect(clashes.isEmpty, "paths differing only in case: \(clashes)")
    }

    @Test func caseClashesCoverFoldersAsWellAsFiles() {
        let clashes = RepositoryFiles.caseClashes(among: ["Sources/Tool/a.swift", "Sources/tool/b.swift", "README.md"])
        #expect(clashes == [["Sources/Tool", "Sources/tool"]])
    }
}

/// The repository's tracked paths, relative to its root.
enum RepositoryFiles {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The paths git tracks, or, without git or its folder, the files of the source tree.
    static func tracked() throws -> [String] {
        if let listed = gitListedFiles() { return listed }
        return try walkedFiles()
    }

    /// Groups of distinct spellings (of files and of every folder above them) that are equal
    /// once lowercased, each group sorted.
    static func caseClashes(among files: [String]) -> [[String]] {
        var spellings: [String: Set<String>] = [:]
        for file in files {
            let parts = file.split(separator: "/")
            for end in parts.indices {
                let path = parts[...end].joined(separator: "/")
                spellings[path.lowercased(), default: []].insert(path)
            }
        }
        return spellings.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    private static func gitListedFiles() -> [String]? {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "ls-files", "-z"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every file under the root, skipping build output and git's own folder.
    private static func walkedFiles() throws -> [String] {
        let keys: [URLResourceKey] = [.isDirectoryKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: root.path])
        }
        let prefix = root.standardizedFileURL.path + "/"
        var files: [String] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            let isFolder = (try url.resourceValues(forKeys: Set(keys)).isDirectory) ?? false
            if isFolder {
                if name.hasPrefix(".build") || name == ".git" { walker.skipDescendants() }
                continue
            }
            let path = url.standardizedFileURL.path
            if path.hasPrefix(prefix) { files.append(String(path.dropFirst(prefix.count))) }
        }
        return files
    }
}
