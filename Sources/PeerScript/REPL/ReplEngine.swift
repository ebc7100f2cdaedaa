import CorpusQuery
import Foundation
import LuaBridge
import StudyModel

/// The REPL without the terminal. Lines are evaluated as `lua5.4`'s interactive mode does:
/// first as `return <line>`, so an expression prints its value, then as a statement; a chunk
/// left unfinished (an open `function`, table or long string) waits for more lines. Lines
/// starting with `:` are commands. Every line runs in one environment, under the session's
/// sandbox and limits, and a failure leaves the session as it was.
///
/// Line editing, history and keys belong to the front end (`peerscript repl`), which feeds
/// lines to ``submit(_:)`` and asks ``complete(_:)`` on Tab.
public final class ReplEngine {
    var lua: ReplLua
    private let reference: APIReference
    private let folder: String
    private let notice: (String) -> Void
    private var pendingLines: [String] = []
    /// Where `display(value)` sends values, once a notebook has enabled it; kept so a fresh
    /// session (after `:project`) gets the global too.
    var displaySink: ((RichOutput) -> Void)?
    /// Lines submitted so far, and the number of the first pending one.
    private var linesRead = 0
    private var firstPendingLine = 1

    /// Whether messages number lines by their place in the whole input (`stdin:12:`), as the
    /// stock interpreter does for a script read from a pipe; otherwise each chunk counts from
    /// 1, as typed lines do in its interactive mode.
    public var numbersLinesOfInput = false
    /// How results are laid out; its width can follow the terminal's.
    public var formatter = ReplValueFormatter()

    /// Starts a session with `options`, with `require` searching `folder` first.
    ///
    /// - Parameter notice: where the session's notes go (such as the note that the demo corpus
    ///   is in use), instead of standard error.
    public convenience init(options: ScriptOptions, folder: String,
                            notice: @escaping (String) -> Void) throws {
        try self.init(options: options, folder: folder, reference: .current, notice: notice)
    }

    /// Starts a session whose completion and help follow `reference`.
    init(options: ScriptOptions, folder: String, reference: APIReference,
         notice: @escaping (String) -> Void) throws {
        self.reference = reference
        self.folder = folder
        self.notice = notice
        lua = try Self.open(options: options, folder: folder, reference: reference, notice: notice)
    }

    private static func open(options: ScriptOptions, folder: String, reference: APIReference,
                             notice: @escaping (String) -> Void) throws -> ReplLua {
        let session = try ScriptSession(options: options, scriptFolder: folder)
        session.context.notice = notice
        // Open the project now, so a bad file is reported before anything is typed.
        if options.projectPath != nil { _ = try session.context.projectStore() }
        return try ReplLua(session: session, reference: reference)
    }

    /// The session lines run in (replaced by `:project`).
    public var session: ScriptSession { lua.session }

    /// `"> "`, or `">> "` while a chunk is unfinished.
    public var prompt: String { pendingLines.isEmpty ? "> " : ">> " }

    /// Whether a chunk is unfinished.
    public var isContinuing: Bool { !pendingLines.isEmpty }

    /// Forgets an unfinished chunk (Ctrl-C at the prompt).
    public func discardPendingInput() { pendingLines = [] }

    // MARK: Evaluating

    /// Evaluates one line of input, or adds it to the unfinished chunk.
    @discardableResult
    public func submit(_ line: String) -> ReplReply {
        linesRead += 1
        if pendingLines.isEmpty { firstPendingLine = linesRead }
        if pendingLines.isEmpty, let command = ReplCommandLine.split(line) {
            var reply = perform(command)
            reply.historyEntry = line
            return reply
        }
        if pendingLines.isEmpty, line.allSatisfy(\.isWhitespace) { return ReplReply() }
        pendingLines.append(line)
        let source = pendingLines.joined(separator: "\n")
        switch compile(source) {
        case .incomplete:
            return ReplReply(needsMoreInput: true)
        case .failed(let error):
            pendingLines = []
            return ReplReply(error: ReplErrorText.describe(error), historyEntry: source)
        case .ready:
            pendingLines = []
            var reply = runLoadedChunk()
            reply.historyEntry = source
            return reply
        }
    }

    /// Reports a chunk still unfinished when input ends, or nil when there is none.
    public func finishInput() -> ReplReply? {
        guard !pendingLines.isEmpty else { return nil }
        let source = pendingLines.joined(separator: "\n")
        pendingLines = []
        switch compile(source) {
        case .incomplete(let error), .failed(let error):
            return ReplReply(error: ReplErrorText.describe(error))
        case .ready:
            // Unreachable in practice: the same text did not compile a moment ago.
            return runLoadedChunk()
        }
    }

    private enum Compilation {
        /// The chunk's function is on the stack.
        case ready
        /// The text ends before the chunk does; the error is what Lua says about it.
        case incomplete(LuaError)
        /// The text has an error more lines cannot fix.
        case failed(LuaError)
    }

    private func compile(_ source: String) -> Compilation {
        // Empty lines before the chunk make Lua count its lines from where it began.
        let source = numbersLinesOfInput ? String(repeating: "\n", count: firstPendingLine - 1) + source : source
        let asExpression: LuaError
        do {
            try lua.load(Array(("return " + source).utf8), chunkName: Self.chunkName)
            return .ready
        } catch {
            asExpression = error as? LuaError ?? LuaError(kind: .syntax, message: "\(error)")
        }
        do {
            try lua.load(Array(source.utf8), chunkName: Self.chunkName)
            return .ready
        } catch let asStatement as LuaError {
            // `{` alone fails as a statement but is the start of an expression, so either
            // reading may be the unfinished one.
            if Self.isUnfinished(asStatement) || Self.isUnfinished(asExpression) { return .incomplete(asStatement) }
            return .failed(asStatement)
        } catch {
            return .failed(LuaError(kind: .syntax, message: "\(error)"))
        }
    }

    /// The chunk name typed lines get, so messages read `stdin:1:` as in `lua5.4`.
    static let chunkName = "=stdin"

    /// Lua reports a chunk that ended too early as a syntax error at `<eof>`.
    static func isUnfinished(_ error: LuaError) -> Bool {
        error.kind == .syntax && error.message.hasSuffix("<eof>")
    }

    private func runLoadedChunk() -> ReplReply {
        do {
            let values = try lua.run()
            return ReplReply(output: values.isEmpty ? "" : formatter.format(values))
        } catch let error as LuaError {
            return ReplReply(error: ReplErrorText.describe(error))
        } catch {
            return ReplReply(error: "\(error)")
        }
    }

    // MARK: Commands

    private func perform(_ command: ReplCommandLine) -> ReplReply {
        let argument = (command.argument ?? "").trimmingCharacters(in: .whitespaces)
        switch ReplCommandLine.canonicalName(command.name) {
        case "help": return help(argument)
        case "load": return load(file: argument)
        case "project": return switchProject(to: argument)
        case "quit": return ReplReply(quit: true)
        default:
            return ReplReply(error: "unknown command ':\(command.name)'; the commands are "
                + ReplCommandLine.names.joined(separator: ", ") + " (:help explains them)")
        }
    }

    private var helpText: ReplHelp { ReplHelp(reference: reference, width: formatter.width) }

    private func help(_ name: String) -> ReplReply {
        if name.isEmpty { return ReplReply(output: helpText.overview()) }
        if let text = helpText.text(for: name, owner: { self.lua.owner(of: $0) }) { return ReplReply(output: text) }
        // Library modules (`peer.bcts.by_role`) document themselves in their doc headers.
        if let text = LuaModuleDocs.help(for: name, searchPath: session.environment.searchPath) {
            return ReplReply(output: text)
        }
        let close = helpText.suggestions(for: name)
        let hint = close.isEmpty ? "; :help lists the API" : "; did you mean " + close.prefix(5).joined(separator: ", ") + "?"
        return ReplReply(error: "no documentation for '\(name)'" + hint)
    }

    private func load(file: String) -> ReplReply {
        guard !file.isEmpty else { return ReplReply(error: "give the file to run: :load FILE.lua") }
        let path = Self.expandingTilde(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            return ReplReply(error: "cannot open \(file): no readable file there")
        }
        do {
            try lua.load(ScriptEnvironment.withoutHashLine(Array(data)), chunkName: "@" + file)
        } catch {
            return ReplReply(error: (error as? LuaError).map(ReplErrorText.describe) ?? "\(error)")
        }
        return runLoadedChunk()
    }

    private func switchProject(to file: String) -> ReplReply {
        guard !file.isEmpty else { return ReplReply(error: "give the project file to open: :project FILE") }
        // A writing session's changes are kept when it ends; a switch would lose them.
        guard !session.options.changes.allowsWrites else {
            return ReplReply(error: "this session may change its project, so it keeps to it: leave the session (its changes are then kept) and start another for '\(file)'")
        }
        let path = Self.expandingTilde(file)
        guard FileManager.default.fileExists(atPath: path) else {
            return ReplReply(error: "no project file at '\(file)'; the session still uses the previous project")
        }
        var options = session.options
        options.projectPath = path
        do {
            lua = try Self.open(options: options, folder: folder, reference: reference, notice: notice)
            if let displaySink { try installDisplay(displaySink) }
        } catch {
            return ReplReply(error: "cannot open project '\(file)': \(error); the session still uses the previous project")
        }
        pendingLines = []
        return ReplReply(output: "Opened project \(file) in a fresh session (globals defined before are gone).")
    }

    private static func expandingTilde(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }

    // MARK: Completion

    /// What may complete `textBeforeCursor`, the current line up to the cursor.
    public func complete(_ textBeforeCursor: String) -> ReplCompletion {
        let lua = self.lua
        let completer = ReplCompleter(
            members: { lua.members(after: $0, separator: $1) },
            owner: { lua.owner(of: $0) },
            fieldNames: { Self.fieldNames(in: lua.session) },
            reference: reference)
        return completer.complete(textBeforeCursor)
    }

    /// The fields of the session's corpus, loading it if no query has yet; the built-in fields
    /// when it cannot be loaded.
    private static func fieldNames(in session: ScriptSession) -> [String] {
        let fields = (try? session.context.corpus().fields) ?? CorpusField.builtIn
        return fields.map(\.name)
    }
}
