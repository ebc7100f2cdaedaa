import Charts
import Foundation
import LuaBridge
import ResultTables

/// One output as a notebook shows it: the same content in several formats (MIME type → text),
/// of which the front end picks the richest it can display.
public struct RichOutput: Sendable, Equatable {
    /// The formats, always with `text/plain`.
    public var data: [String: String]

    /// Makes an output from its formats.
    public init(data: [String: String]) { self.data = data }
}

/// A failed cell, in the parts a notebook shows: a name for the kind of failure, the message,
/// and the lines of the traceback.
public struct CellFailure: Sendable, Equatable, Error {
    /// `SyntaxError`, `LuaError`, `MemoryError`, `TimeoutError`, `Interrupted`, or `CommandError`
    /// for a `:` command that failed.
    public var name: String
    /// The message, with its position.
    public var value: String
    /// The message and traceback, line by line.
    public var traceback: [String]
}

/// Whether a cell's text is ready to run.
public enum CellCompleteness: String, Sendable {
    /// It compiles.
    case complete
    /// It ends before a chunk does (an open `function`, table or string): more lines may follow.
    case incomplete
    /// It has an error more lines cannot fix.
    case invalid
}

extension ReplEngine {
    /// Runs a notebook cell: a chunk of any number of lines whose last expression, if any, is its
    /// value (so `x = 2` then `x * 21` on the next line gives 42). `:` commands work as in the
    /// REPL when they are the whole cell.
    ///
    /// - Returns: the cell's value (nil when it has none), or the failure.
    public func runCell(_ source: String) -> Result<RichOutput?, CellFailure> {
        discardPendingInput()
        let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.contains("\n"), trimmed.hasPrefix(":") {
            let reply = submit(trimmed)
            if let error = reply.error { return .failure(CellFailure(name: "CommandError", value: error, traceback: [error])) }
            return .success(reply.output.isEmpty ? nil : RichOutput(data: ["text/plain": reply.output]))
        }
        if trimmed.isEmpty { return .success(nil) }
        if let failure = loadCell(source) { return .failure(failure) }
        do {
            let results = try lua.runShowing { stack, index in NotebookDisplay.output(of: stack, at: index) }
            guard !results.isEmpty else { return .success(nil) }
            var output = RichOutput(data: ["text/plain": formatter.format(results.map(\.0))])
            // One rich value shows richly; several show as text, the REPL's way.
            if results.count == 1, let rich = results[0].1 { output = rich }
            return .success(output)
        } catch {
            return .failure(Self.failure(error))
        }
    }

    /// Whether `source` is ready to run, by the REPL's rule for unfinished chunks.
    public func completeness(of source: String) -> CellCompleteness {
        let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.hasPrefix(":") { return .complete }
        let stack = session.state.stack
        let base = stack.top
        let failure = loadCell(source)
        stack.setTop(base)   // the compiled cell is not run
        guard let failure else { return .complete }
        return failure.name == "Incomplete" ? .incomplete : .invalid
    }

    /// The documentation `:help name` shows, or nil when nothing documents it.
    public func documentation(for name: String) -> String? {
        guard !name.isEmpty else { return nil }
        let reply = submit(":help " + name)
        return reply.error == nil ? reply.output : nil
    }

    /// Makes SIGINT only ever stop a running cell, never end the process: for a kernel, whose
    /// front end interrupts with the signal, maybe several times or between cells.
    public static func interruptsOnlyStopCells() { InterruptHandler.neverEndProcess() }

    /// Makes `display(value)` show a value in the notebook before the cell ends.
    public func enableDisplay(_ show: @escaping (RichOutput) -> Void) throws {
        try installDisplay(show)
        displaySink = show
    }

    /// Defines the `display` global of the current session.
    func installDisplay(_ show: @escaping (RichOutput) -> Void) throws {
        let stack = session.state.stack
        lua.environment.push(onto: stack)
        let lua = self.lua
        let formatter = self.formatter
        stack.pushFunction(named: "display") { call in
            for index in 1...max(1, call.argumentCount) {
                if let rich = NotebookDisplay.output(of: call.stack, at: index) {
                    show(rich)
                } else {
                    show(RichOutput(data: ["text/plain": formatter.format(try lua.describe(at: index))]))
                }
            }
            return 0
        }
        stack.setField("display", inTableAt: -2)
        stack.pop()
    }

    /// Compiles a cell and leaves its function on the stack; the failure otherwise.
    private func loadCell(_ source: String) -> CellFailure? {
        // What Lua says of the cell read as statements is the message to show.
        var statementError: LuaError?
        for candidate in Self.readings(of: source) {
            do {
                try lua.load(Array(candidate.utf8), chunkName: Self.cellChunkName)
                return nil
            } catch {
                if candidate == source { statementError = error as? LuaError }
            }
        }
        let error = statementError ?? LuaError(kind: .syntax, message: "the cell does not compile")
        let name = Self.isUnfinished(error) ? "Incomplete" : "SyntaxError"
        return CellFailure(name: name, value: error.message, traceback: [error.message])
    }

    /// The chunk name cells get, so messages read `cell:2: …`.
    static let cellChunkName = "=cell"

    /// The ways to read a cell, in order: as one expression, as statements, then as statements
    /// followed by a final expression of one or more lines (kept on their own lines, so messages
    /// keep their line numbers). The plain statements come last-but-all so a cell that is valid
    /// as statements is never split.
    static func readings(of source: String) -> [String] {
        var lines = source.components(separatedBy: "\n")
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        var readings = ["return " + source, source]
        guard lines.count > 1 else { return readings }
        for split in stride(from: lines.count - 1, to: 0, by: -1) {
            let statements = lines[..<split].joined(separator: "\n")
            let expression = lines[split...].joined(separator: "\n")
            readings.append(statements + "\nreturn " + expression)
        }
        return readings
    }

    static func failure(_ error: Error) -> CellFailure {
        guard let error = error as? LuaError else {
            return CellFailure(name: "Error", value: "\(error)", traceback: ["\(error)"])
        }
        let name = switch error.kind {
        case .syntax: "SyntaxError"
        case .runtime: "LuaError"
        case .memory: "MemoryError"
        case .timeout: "TimeoutError"
        case .interrupted: "Interrupted"
        }
        let text = ReplErrorText.describe(error)
        return CellFailure(name: name, value: error.message, traceback: text.components(separatedBy: "\n"))
    }
}

/// The rich forms of PeerScript's objects: tables as HTML, charts as SVG, reports as HTML
/// pages, and quotes (the result of `Query:quotes`) as Markdown block quotes.
enum NotebookDisplay {
    /// The rich output of the value at `index`, or nil when it has no rich form.
    static func output(of stack: LuaStack, at index: Int32) -> RichOutput? {
        if let table = stack.object(at: index, as: TableObject.self)?.value {
            return RichOutput(data: ["text/plain": table.description, "text/html": table.htmlTable])
        }
        if let chart = stack.object(at: index, as: ChartObject.self)?.value {
            return RichOutput(data: ["text/plain": "Chart(\(chart.kind.rawValue)\(chart.title.map { ": " + $0 } ?? ""))",
                                     "image/svg+xml": chart.svg])
        }
        if let report = stack.object(at: index, as: ReportObject.self)?.report {
            return RichOutput(data: ["text/plain": "Report(\(report.title))", "text/html": report.html])
        }
        if stack.type(at: index) == .table, let value = try? stack.value(at: index), let markdown = quotes(value) {
            return RichOutput(data: ["text/plain": markdown, "text/markdown": markdown])
        }
        return nil
    }

    /// Quotes as Markdown: each one a block quote of its text, with its document and participant.
    static func quotes(_ value: LuaValue) -> String? {
        guard let items = value.arrayValues, !items.isEmpty else { return nil }
        var blocks: [String] = []
        for item in items {
            guard case .table(let fields) = item, let text = fields["text"]?.stringValue,
                  let document = fields["document"]?.stringValue else { return nil }
            let who = fields["participant"]?.stringValue.map { ", " + $0 } ?? ""
            let quoted = text.components(separatedBy: "\n").map { "> " + $0 }.joined(separator: "\n")
            blocks.append(quoted + "\n>\n> — *" + document + who + "*")
        }
        return blocks.joined(separator: "\n\n")
    }
}
