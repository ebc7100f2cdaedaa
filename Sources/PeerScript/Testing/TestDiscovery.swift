import Foundation
import ResultTables
import StudyModel

/// Finds test files: files named `*_test.lua`, in the folders given (searched recursively,
/// hidden folders such as `.git` and `.build` skipped) and the files named directly.
public enum TestDiscovery {
    /// The suffix that marks a test file.
    public static let suffix = "_test.lua"

    /// The test files under `paths`, in the order given and, within a folder, in natural path
    /// order. Paths keep the form the user gave them; files under `.` lose the `./`.
    ///
    /// - Throws: ``TestDiscoveryError`` for a path that does not exist.
    public static func files(in paths: [String]) throws -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw TestDiscoveryError(path: path)
            }
            let files = isFolder.boolValue ? testFiles(inFolder: path) : [path]
            for file in files where seen.insert(URL(fileURLWithPath: file).standardizedFileURL.path).inserted {
                found.append(file)
            }
        }
        return found
    }

    private static func testFiles(inFolder folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var relative: [String] = []
        let rootPath = root.standardizedFileURL.path
        for case let url as URL in walker where url.lastPathComponent.hasSuffix(suffix) {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(rootPath + "/") else { continue }
            relative.append(String(full.dropFirst(rootPath.count + 1)))
        }
        let prefix = folder == "." ? "" : (folder.hasSuffix("/") ? folder : folder + "/")
        return relative.sorted(by: NaturalOrder.precedes).map { prefix + $0 }
    }
}

/// A path given to `peerscript test` does not exist.
public struct TestDiscoveryError: Error, DescribedError {
    /// The path as given.
    public var path: String

    public var description: String {
        "no test file or folder at '\(path)': give *_test.lua files or folders that hold them"
    }
}
