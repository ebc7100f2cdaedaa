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

/// The layers of the package: which of its own modules each module may import. It mirrors
/// `Package.swift` and `docs/architecture.md`; a new import that points across or up the graph
/// fails here with the file that made it, before it becomes a cycle.
@Suite(.timeLimit(.minutes(3)))
struct LayerTests {
    static let allowedImports: [String: Set<String>] = [
        "CLua": [], "CLuaRuntime": ["CLua"], "CEditLine": [], "CZeroMQ": [], "CTextIndex": [], "CLibXML": [],
        "LuaBridge": ["CLua", "CLuaRuntime"],
        "StudyModel": [],
        "Statistics": [],
        "ResultTables": ["StudyModel"],
        "ProjectStorage": ["StudyModel", "CTextIndex"],
        "Charts": ["StudyModel", "ResultTables"],
        "CorpusQuery": ["StudyModel", "ResultTables", "Statistics", "ProjectStorage"],
        "DataExchange": ["StudyModel", "ProjectStorage", "CLibXML"],
        "CorpusGenerator": ["StudyModel", "ProjectStorage"],
        "Benchmarks": ["StudyModel", "ResultTables", "Statistics", "CorpusQuery", "CorpusGenerator"],
        "PeerScript": ["LuaBridge", "StudyModel", "ResultTables", "Statistics", "ProjectStorage", "DataExchange",
                       "CorpusQuery", "Charts", "CorpusGenerator"],
        "JupyterKernel": ["CZeroMQ", "PeerScript"],
        "PeerScriptCLI": ["LuaBridge", "CEditLine", "StudyModel", "ProjectStorage", "CorpusQuery",
                          "DataExchange", "CorpusGenerator", "Benchmarks", "PeerScript", "JupyterKernel"],
    ]

    @Test func everySourceFolderIsAKnownLayer() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.root.appendingPathComponent("Sources").path)
            .filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(Self.allowedImports.keys))
    }

    @Test func modulesImportOnlyTheLayersBelowThem() throws {
        var violations: [String] = []
        for path in try RepositoryFiles.tracked() where path.hasPrefix("Sources/") && path.hasSuffix(".swift") {
            let module = String(path.split(separator: "/")[1])
            let allowed = Self.allowedImports[module] ?? []
            let text = try String(contentsOf: RepositoryFiles.root.appendingPathComponent(path), encoding: .utf8)
            for imported in Self.projectImports(in: text) where !allowed.contains(imported) && imported != module {
                violations.append("\(path) imports \(imported)")
            }
        }
        #expect(violations.isEmpty, "imports against the layers: \(violations)")
    }

    @Test func theLayersHaveNoCycle() {
        // Depth-first search; a module met again while still on the path closes a cycle.
        var finished: Set<String> = []
        func cycle(from module: String, path: [String]) -> [String]? {
            if let start = path.firstIndex(of: module) { return Array(path[start...]) + [module] }
            if finished.contains(module) { return nil }
            for next in (Self.allowedImports[module] ?? []).sorted() {
                if let found = cycle(from: next, path: path + [module]) { return found }
            }
            finished.insert(module)
            return nil
        }
        for module in Self.allowedImports.keys.sorted() {
            #expect(cycle(from: module, path: []) == nil, "cycle through \(module)")
        }
    }

    @Test func findsAnImportThatPointsUp() {
        let text = "import Foundation\n@testable import CorpusQuery\nimport GRDB\n// import PeerScript\n"
        #expect(Self.projectImports(in: text) == ["CorpusQuery"])
    }

    /// The package modules a Swift file imports (system and third-party modules left out).
    static func projectImports(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let index = words.firstIndex(of: "import"), words[..<index].allSatisfy({ $0.hasPrefix("@") }),
                  index + 1 < words.count else { return nil }
            let name = String(words[index + 1])
            return allowedImports[name] != nil ? name : nil
        }
    }

    @Test func noSourceFileIsLongerThanFourHundredLines() throws {
        var long: [String] = []
        for path in try RepositoryFiles.tracked() where path.hasPrefix("Sources/") && (path.hasSuffix(".swift") || path.hasSuffix(".c") || path.hasSuffix(".lua")) {
            let text = try String(contentsOf: RepositoryFiles.root.appendingPathComponent(path), encoding: .utf8)
            let lines = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            if lines > 400 { long.append("\(path) (\(lines) lines)") }
        }
        #expect(long.isEmpty, "files over 400 lines: \(long)")
    }
}
