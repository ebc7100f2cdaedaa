import Foundation
import LuaBridge

/// Compares test output with golden files kept beside a test file, or rewrites them
/// (`peerscript test --update`).
///
/// Names are relative to the test file's folder and may not leave it, neither by `..` nor by a
/// symbolic link, and no part of them may start with a dot (so a hostile test cannot write
/// `.git/hooks/…` with `--update`). Updated golden files are written new, never through a
/// link. Line endings are
/// compared as `\n`, and one final newline is ignored, so a golden file edited by hand or
/// checked out with CRLF endings still matches.
final class GoldenFiles {
    /// The folder golden names are relative to.
    let folder: URL
    /// Whether mismatching or missing golden files are rewritten instead of reported.
    let updates: Bool
    /// The golden files written so far, as the paths shown to the user.
    private(set) var written: [String] = []
    private let displayFolder: String

    /// Golden files for the test file at `testFile` (a path as the user sees it).
    init(testFile: String, updates: Bool) {
        let display = (testFile as NSString).deletingLastPathComponent
        displayFolder = display
        folder = URL(fileURLWithPath: display.isEmpty ? "." : display)
        self.updates = updates
    }

    /// Checks `text` against the golden file `name`, or writes it when updating.
    ///
    /// - Returns: nil when the text matches (or was written), otherwise the failure message.
    func check(_ name: String, text: String) -> String? {
        if let problem = Self.problem(with: name) { return problem }
        let url = folder.appendingPathComponent(name)
        let shown = displayFolder.isEmpty ? name : displayFolder + "/" + name
        let stored: String?
        switch read(url, shown: shown) {
        case .success(let text): stored = text
        case .failure(let refusal): return refusal.message
        }
        if let stored, Self.normalised(stored) == Self.normalised(text) { return nil }
        guard updates else {
            guard let stored else {
                return "golden file \(shown) does not exist (run `peerscript test --update` to create it)"
            }
            return Self.difference(golden: stored, actual: text, shown: shown)
        }
        do {
            let content = text.hasSuffix("\n") ? text : text + "\n"
            let parts = name.split(separator: "/").map(String.init).filter { $0 != "." }
            try OutputFolder.writeNewFile(Data(content.utf8), at: parts, under: folder)
        } catch {
            return "cannot write golden file \(shown): \(error)"
        }
        written.append(shown)
        return nil
    }

    /// The golden file's text, nil when there is none, or a refusal when its real location
    /// (after symbolic links) lies outside the test file's folder.
    private func read(_ url: URL, shown: String) -> Result<String?, LuaScriptError> {
        guard FileManager.default.fileExists(atPath: url.path) else { return .success(nil) }
        do {
            let real = try ScriptEnvironment.readablePath(url.path, within: [folder.path])
            return .success(FileManager.default.contents(atPath: real).map { String(decoding: $0, as: UTF8.self) })
        } catch {
            return .failure(LuaScriptError("golden file \(shown) leads outside the test file's folder through a symbolic link; golden files must lie inside it"))
        }
    }

    /// Why a golden file name is refused, or nil when it is a plain relative path.
    static func problem(with name: String) -> String? {
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        if name.isEmpty || name.hasPrefix("/") || components.contains("..") || components.contains("") {
            return "golden file name '\(name)' must be a relative path inside the test file's folder, such as \"golden/table.golden\""
        }
        if let hidden = components.first(where: { $0.hasPrefix(".") && $0 != "." }) {
            return "golden file name '\(name)' must not have a part that starts with a dot ('\(hidden)'): golden files are plain files inside the test file's folder, such as \"golden/table.golden\""
        }
        return nil
    }

    static func normalised(_ text: String) -> String {
        var text = text.replacingOccurrences(of: "\r\n", with: "\n")
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// A message naming the first line that differs, with both versions of it.
    static func difference(golden: String, actual: String, shown: String) -> String {
        let expected = normalised(golden).split(separator: "\n", omittingEmptySubsequences: false)
        let got = normalised(actual).split(separator: "\n", omittingEmptySubsequences: false)
        let index = zip(expected, got).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expected.count, got.count)
        func line(_ lines: [Substring]) -> String {
            index < lines.count ? "\"" + lines[index] + "\"" : "(no line: the text ends before it)"
        }
        var message = "text differs from golden file \(shown) at line \(index + 1) (run `peerscript test --update` to accept it)"
        message += "\nexpected: " + line(expected)
        message += "\ngot:      " + line(got)
        if expected.count != got.count {
            message += "\nthe golden file has \(expected.count) lines, the text \(got.count)"
        }
        return message
    }
}
