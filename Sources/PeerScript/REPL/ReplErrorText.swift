import LuaBridge

/// How the REPL shows a failed chunk: Lua's message, and a traceback only when the error came
/// from inside a function the user can look at, cut to its first frames.
enum ReplErrorText {
    /// Frames shown at most.
    static let maxFrames = 8

    /// The text for `error`.
    static func describe(_ error: LuaError) -> String {
        guard let traceback = error.traceback else { return error.message }
        let frames = traceback.split(separator: "\n").dropFirst()
            .map { $0.trimmingPrefix("\t") }
            .filter { $0 != "[C]: in ?" }
        // `[C]` frames and the typed chunk itself say no more than the message does.
        let informative = frames.contains { !$0.hasPrefix("[C]:") && !$0.hasSuffix("in main chunk") }
        guard informative else { return error.message }
        var lines = [error.message, "stack traceback:"] + frames.prefix(maxFrames).map { "\t" + $0 }
        if frames.count > maxFrames { lines.append("\t...(\(frames.count - maxFrames) more)") }
        return lines.joined(separator: "\n")
    }
}
