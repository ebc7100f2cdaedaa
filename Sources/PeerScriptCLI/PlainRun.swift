import Foundation

extension ScriptRun {
    /// The run that `arguments` (the command line after the program name) ask for, when they
    /// are `run FILE [ARG ...]` with no option at all: every option then has its default, and
    /// the argument parser, which reads every command's options by reflection before it starts,
    /// has nothing to decide. Nil for any other command line, which the parser reads as usual;
    /// so is a missing FILE, whose error the parser words.
    static func plain(_ arguments: [String]) -> ScriptRun? {
        guard arguments.count >= 2, arguments[0] == RunCommand.configuration.commandName,
              arguments.dropFirst().allSatisfy({ !$0.hasPrefix("-") }),
              FileManager.default.fileExists(atPath: arguments[1]),
              var options = try? ScriptSettings.standard.scriptOptions()
        else { return nil }
        WriteOptionsGroup.apply(write: false, dryRun: false, to: &options)
        return ScriptRun(options: options, project: nil, chunk: nil, arguments: Array(arguments.dropFirst()))
    }
}
