import Foundation
import LuaBridge

/// How the command-line tool reports a failed script.
enum ScriptFailure {
    /// Prints the error and its traceback on stderr, as the stock interpreter does.
    static func report(_ error: LuaError) {
        var error = error
        // The stock interpreter runs the script from a C function, whose frame ends its tracebacks.
        if let traceback = error.traceback, !traceback.isEmpty { error.traceback = traceback + "\n\t[C]: in ?" }
        FileHandle.standardError.write(Data("peerscript: \(error.description)\n".utf8))
    }

    /// The exit status for a failed script.
    static func exitStatus(for error: LuaError) -> Int32 {
        switch error.kind {
        case .timeout: 124
        case .interrupted: 130
        default: 1
        }
    }
}
