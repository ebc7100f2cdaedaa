import Foundation

extension ScriptRun {
    /// The run that `arguments` (the command line after the program name) ask for, when they
    /// are `run [--project PROJECT] FILE [ARG ...]` and name files that exist: every other option
    /// then has its default, and the argument parser, which reads every command's options by
    /// reflection before it starts, has nothing to decide. Nil for any other command line,
    /// which the parser reads as usual, so its errors keep their wording.
    static func plain(_ arguments: [String]) -> ScriptRun? {
        guard arguments.first == RunCommand.configuration.commandName else { return nil }
        var settings = ScriptSettings.standard
        var rest = arguments.dropFirst()
        if rest.first == "--project", rest.count >= 2, !rest[rest.startIndex + 1].hasPrefix("-") {
            settings.project = rest.dropFirst().first
            rest = rest.dropFirst(2)
        }
        let fileManager = FileManager.default
        guard let script = rest.first, rest.allSatisfy({ !$0.hasPrefix("-") }),
              fileManager.fileExists(atPath: script),
              settings.project.map({ fileManager.fileExists(atPath: $0) }) ?? true,
              var options = try? settings.scriptOptions()
        else { return nil }
        WriteOptionsGroup.apply(write: false, dryRun: false, to: &options)
        return ScriptRun(options: options, project: settings.project, chunk: nil, arguments: Array(rest))
    }
}
