import CEditLine
import Foundation
import PeerScript

/// Reads lines from the terminal through libedit: Emacs-style editing keys, a history kept in a
/// file across runs, Tab completion, and Ctrl-C discarding the line being typed.
///
/// While a line is edited the terminal sends Ctrl-C as a key, not as SIGINT, so it can clear
/// the line; once the line is returned the terminal is back in its usual mode, where Ctrl-C
/// interrupts the chunk that runs.
final class LineEditor {
    /// What reading a line gave.
    enum Input: Equatable {
        /// A line, without its newline.
        case line(String)
        /// Ctrl-C was pressed: the line was discarded.
        case interrupted
        /// Ctrl-D at an empty line, or the end of input.
        case end
    }

    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: URL
    private let complete: (String) -> ReplCompletion
    private var prompt: UnsafeMutablePointer<CChar>
    private var wasInterrupted = false

    /// Entries kept in the history file.
    static let historySize: Int32 = 1000

    /// Sets up editing on standard input and output, loading the history from `historyFile`;
    /// nil when libedit cannot be opened.
    ///
    /// - Parameter complete: the completions of the text before the cursor.
    init?(historyFile: URL, complete: @escaping (String) -> ReplCompletion) {
        guard ps_edit_available() != 0, let history = ps_history_init() else { return nil }
        guard let editor = ps_el_init_standard(CommandLine.arguments.first ?? "peerscript") else {
            ps_history_end(history)
            return nil
        }
        self.history = history
        self.editor = editor
        // Multibyte input (accents, other scripts) needs the user's character encoding; only
        // LC_CTYPE, so that numbers keep their `.` decimal point.
        setlocale(LC_CTYPE, "")
        self.historyFile = historyFile
        self.complete = complete
        prompt = strdup("> ")
        ps_history_set_size(history, Self.historySize)
        ps_history_set_unique(history, 1)
        try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(),
                                                 withIntermediateDirectories: true)
        ps_history_load(history, historyFile.path)
        configure()
    }

    deinit {
        ps_el_end(editor)
        ps_history_end(history)
        free(prompt)
    }

    private func configure() {
        ps_el_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
        ps_el_set_editor(editor, "emacs")
        ps_el_set_signal(editor, 1)
        ps_el_set_history(editor, history)
        ps_el_set_prompt(editor, { editor in LineEditor.owner(of: editor)?.prompt })
        ps_el_disable_tty_mode(editor, "-isig")
        ps_el_add_command(editor, "peerscript-complete", "Complete the word before the cursor") { editor, _ in
            guard let editor, let owner = LineEditor.owner(of: editor) else { return UInt8(CC_ERROR) }
            return owner.completeWord()
        }
        ps_el_bind(editor, "^I", "peerscript-complete")
        ps_el_add_command(editor, "peerscript-interrupt", "Discard the line") { editor, _ in
            guard let editor, let owner = LineEditor.owner(of: editor) else { return UInt8(CC_ERROR) }
            return owner.discardLine()
        }
        ps_el_bind(editor, "^C", "peerscript-interrupt")
    }

    private static func owner(of editor: OpaquePointer?) -> LineEditor? {
        guard let editor, let data = ps_el_client_data(editor) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// Reads one line after showing `promptText`.
    func read(prompt promptText: String) -> Input {
        free(prompt)
        prompt = strdup(promptText)
        wasInterrupted = false
        // Output a chunk wrote with io.write shows before the prompt.
        fflush(nil)
        var count: Int32 = 0
        guard let line = ps_el_gets(editor, &count), count > 0 else { return .end }
        if wasInterrupted { return .interrupted }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Adds `entry` to the history and saves the history file.
    func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        ps_history_enter(history, entry)
        ps_history_save(history, historyFile.path)
    }

    // MARK: Key commands

    /// Ctrl-C: shows `^C` at the end of the line and ends it; ``read(prompt:)`` then reports
    /// an interrupt instead of the line.
    private func discardLine() -> UInt8 {
        wasInterrupted = true
        guard let line = ps_el_line(editor)?.pointee else { return UInt8(CC_ERROR) }
        let after = UnsafeBufferPointer(start: UnsafeRawPointer(line.cursor).assumingMemoryBound(to: UInt8.self),
                                        count: line.lastchar - line.cursor)
        ps_el_cursor(editor, Int32(String(decoding: after, as: UTF8.self).unicodeScalars.count))
        ps_el_insertstr(editor, "^C")
        ps_el_push(editor, "\n")
        return UInt8(CC_REFRESH)
    }

    /// Tab: inserts what all completions share; when that is nothing and there are several,
    /// lists them below the line.
    private func completeWord() -> UInt8 {
        guard let line = ps_el_line(editor)?.pointee else { return UInt8(CC_ERROR) }
        let typed = UnsafeBufferPointer(start: UnsafeRawPointer(line.buffer).assumingMemoryBound(to: UInt8.self),
                                        count: line.cursor - line.buffer)
        let completion = complete(String(decoding: typed, as: UTF8.self))
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let insertion = completion.insertion
        if !insertion.isEmpty {
            ps_el_insertstr(editor, insertion)
            return UInt8(CC_REFRESH)
        }
        guard completion.candidates.count > 1 else { return UInt8(CC_REFRESH) }
        let names = completion.candidates.map(\.text)
        fflush(nil)
        let listing = "\n" + CandidateColumns(names: names, width: terminalWidth).text + "\n"
        FileHandle.standardOutput.write(Data(listing.utf8))
        return UInt8(CC_REDISPLAY)
    }

    /// The terminal's width in columns (80 when it cannot be told).
    var terminalWidth: Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

/// Completion candidates laid out in columns, filled down then across, as shells list them.
struct CandidateColumns {
    /// The candidates, in order.
    var names: [String]
    /// The line width to fit.
    var width: Int

    /// The rows, joined by newlines.
    var text: String {
        let cell = (names.map { $0.count }.max() ?? 0) + 2
        let columns = max(1, width / cell)
        let rows = (names.count + columns - 1) / columns
        return (0..<rows).map { row in
            stride(from: row, to: names.count, by: rows).map { index in
                let name = names[index]
                let isLast = index + rows >= names.count
                return isLast ? name : name + String(repeating: " ", count: cell - name.count)
            }.joined()
        }.joined(separator: "\n")
    }
}
