import CorpusGenerator
import DataExchange
import Foundation
import LuaBridge
import PeerScript

// The lower layers say how to lift a restriction or change a setting in neutral words; the
// command-line tool names its own flags instead.

extension SandboxAdvice {
    /// Advice naming `--trusted` and `--out`.
    static let commandLine = SandboxAdvice(liftRestriction: "run with --trusted",
                                           chooseOutputFolder: "choose it with --out")
}

extension ExchangeAdvice {
    /// Advice naming the flags of `peerscript import`.
    static let commandLine = ExchangeAdvice(
        raiseUncompressedLimit: "raise the limit with --max-uncompressed-mb",
        tryOtherOffsets: "try another --offsets mode",
        chooseOffsets: "choose one with --offsets",
        offsetsAskedFor: "as asked for with --offsets",
        nameParticipant: "use --participant to name one")
}

extension ScriptOptions {
    /// Words the options' messages for the command line.
    mutating func wordForCommandLine() {
        sandboxAdvice = .commandLine
        demoCorpusNotice = "peerscript: no --project given; " + DemoCorpus.usage
    }
}

/// An import or export error worded with the tool's flags; the argument parser prints its
/// description as it would the original error's.
struct CommandLineExchangeError: LocalizedError, CustomStringConvertible {
    let error: ExchangeError

    var description: String { error.description(advice: .commandLine) }
    var errorDescription: String? { description }
}
