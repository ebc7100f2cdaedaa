import Foundation
import LuaBridge

/// How the command-line tool reports a failed script.
enum ScriptFailure {
    /// Prints the error and its traceback on stderr, as the stock interpreter does.
    static func report(_ error: LuaError) {
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
