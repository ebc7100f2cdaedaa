import Foundation
import PeerScript

extension NotebookKernel {
    /// Runs a cell: `execute_input`, its output as it is written, then its value or its error.
    func execute(_ request: WireMessage) -> JSONObject {
        let code = request.content["code"] as? String ?? ""
        let silent = request.content["silent"] as? Bool ?? false
        let stored = !silent && (request.content["store_history"] as? Bool ?? true)
        if stored {
            executionCount += 1
            history.append((executionCount, code))
        }
        let count = executionCount
        if !silent { channels.publish("execute_input", ["code": code, "execution_count": count], parent: request) }
        currentRequest = silent ? nil : request
        let outcome = engine.runCell(code)
        capture?.drain()
        currentRequest = nil
        switch outcome {
        case .success(let value):
            if let value, !silent {
                channels.publish("execute_result", ["execution_count": count, "data": value.data, "metadata": [:]],
                                 parent: request)
            }
            return ["status": "ok", "execution_count": count, "payload": [Any](), "user_expressions": [:]]
        case .failure(let failure):
            let error: JSONObject = ["ename": failure.name, "evalue": failure.value, "traceback": failure.traceback]
            if !silent { channels.publish("error", error, parent: request) }
            if request.content["stop_on_error"] as? Bool ?? true { requestsBehindFailure = takeQueuedRequests() }
            return error.merging(["status": "error", "execution_count": count]) { $1 }
        }
    }

    /// Completion by the REPL's completer, on the line up to the cursor.
    func complete(_ content: JSONObject) -> JSONObject {
        let code = content["code"] as? String ?? ""
        let cursor = Self.cursor(content, in: code)
        let before = String(String.UnicodeScalarView(code.unicodeScalars.prefix(cursor)))
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let completion = engine.complete(line)
        return [
            "status": "ok", "matches": completion.candidates.map(\.text),
            "cursor_start": cursor - completion.word.unicodeScalars.count, "cursor_end": cursor,
            "metadata": [:],
        ]
    }

    /// The API documentation of the name at the cursor, as `:help` shows it.
    func inspect(_ content: JSONObject) -> JSONObject {
        let code = content["code"] as? String ?? ""
        let name = Self.name(at: Self.cursor(content, in: code), in: code)
        guard let text = engine.documentation(for: name) else {
            return ["status": "ok", "found": false, "data": [:], "metadata": [:]]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": text], "metadata": [:]]
    }

    /// Whether a cell is ready to run, by the REPL's rule for continuing lines.
    func isComplete(_ content: JSONObject) -> JSONObject {
        let status = engine.completeness(of: content["code"] as? String ?? "")
        return status == .incomplete ? ["status": "incomplete", "indent": ""] : ["status": status.rawValue]
    }

    /// The cells run in this kernel: the last `n` (`tail`), a range, or those matching a pattern.
    func historyReply(_ content: JSONObject) -> JSONObject {
        var entries = history
        switch content["hist_access_type"] as? String {
        case "tail":
            if let n = content["n"] as? Int { entries = Array(entries.suffix(max(0, n))) }
        case "range":
            let start = content["start"] as? Int ?? 0, stop = content["stop"] as? Int ?? Int.max
            entries = entries.filter { $0.count >= start && $0.count < stop }
        case "search":
            let pattern = content["pattern"] as? String ?? "*"
            entries = entries.filter { fnmatch(pattern, $0.code, 0) == 0 }
            if content["unique"] as? Bool ?? false {
                var seen = Set<String>()
                entries = entries.reversed().filter { seen.insert($0.code).inserted }.reversed()
            }
            if let n = content["n"] as? Int, n > 0 { entries = Array(entries.suffix(n)) }
        default:
            break
        }
        let output = content["output"] as? Bool ?? false
        let rows: [[Any]] = entries.map { output ? [0, $0.count, [$0.code, NSNull()]] : [0, $0.count, $0.code] }
        return ["status": "ok", "history": rows]
    }

    /// The cursor position in Unicode scalars (as protocol 5.2 and later count it), clamped.
    static func cursor(_ content: JSONObject, in code: String) -> Int {
        let length = code.unicodeScalars.count
        guard let position = content["cursor_pos"] as? Int else { return length }
        return min(max(0, position), length)
    }

    /// The dotted name (`corpus.codings`, `Query:where`) around `cursor`.
    static func name(at cursor: Int, in code: String) -> String {
        let scalars = Array(code.unicodeScalars)
        func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar == "." || scalar == ":" || (scalar.isASCII && CharacterSet.alphanumerics.contains(scalar))
        }
        var start = cursor, end = cursor
        while start > 0, isNamePart(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isNamePart(scalars[end]) { end += 1 }
        var name = String(String.UnicodeScalarView(scalars[start..<end]))
        while let last = name.last, last == "." || last == ":" { name.removeLast() }
        return name
    }
}
