import Foundation

/// Runs Lua test files (`*_test.lua`), each in a fresh sandboxed session against the demo
/// corpus or the project in `options`, and reports every failure with its `file:line`.
///
/// Test files get `describe`, `it` (also named `test`) and `expect`; see `docs/testing.md`.
public struct TestRunner {
    /// The options every test file's session is made with.
    public var options: ScriptOptions
    /// Whether `match_golden` rewrites golden files instead of comparing with them.
    public var updatesGoldens: Bool

    /// A runner for sessions made with `options`.
    public init(options: ScriptOptions, updatesGoldens: Bool = false) {
        self.options = options
        self.updatesGoldens = updatesGoldens
    }

    /// Runs `files` in order, calling `onFailure` as each failure happens; Ctrl-C stops the
    /// run after the file it interrupted.
    public func run(_ files: [String], onFailure: @escaping (TestFailure) -> Void = { _ in }) -> TestReport {
        var report = TestReport()
        for file in files {
            var fileOptions = options
            fileOptions.extraLibraryFolders = Self.libraryParent(of: file).map { [$0] + options.extraLibraryFolders }
                ?? options.extraLibraryFolders
            report.append(TestFileRun(path: file, updatesGoldens: updatesGoldens, onFailure: onFailure)
                .run(options: fileOptions))
            if report.interrupted { break }
        }
        return report
    }

    /// The folder holding the library a test file belongs to, so the file's `require` finds
    /// that copy of the library first: the parent of the nearest enclosing folder with a
    /// manifest or an `init.lua`. For `Scripts/peer/tests/x_test.lua` it is `Scripts`.
    static func libraryParent(of file: String) -> String? {
        var folder = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
        let markers = LibraryManifest.fileNames + ["init.lua"]
        while folder.path != "/" {
            if markers.contains(where: { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }) {
                return folder.deletingLastPathComponent().path
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }
}
