import ArgumentParser
import Foundation
import ProjectStorage

/// `peerscript info`: describes a project file and counts what it holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a project's details and how many of each thing it holds.",
        discussion: """
            Prints the project's title, creation time, the software that created it and its \
            format version, then the number of cases, participants (per role), coders, \
            documents, codebooks and codes, code mappings, segments, codings (per kind), \
            segments coded by more than one coder, taxonomy extensions, fidelity items and \
            ratings, notes and sets. The file is opened read-only and left unchanged.
            """
    )

    @Argument(help: ArgumentHelp("The project file to describe.", valueName: "FILE"))
    var file: String

    @Flag(help: "Print the details as one JSON object instead of a table.")
    var json = false

    func run() throws {
        let store = try ProjectStore.open(at: URL(fileURLWithPath: file), readOnly: true)
        let meta = try store.meta()
        let counts = try store.counts()
        let version = try store.schemaVersion()
        try store.close()
        if json {
            print(jsonText(meta: meta, version: version, counts: counts))
        } else {
            print(table(meta: meta, version: version, counts: counts))
        }
    }

    private func table(meta: [String: String], version: Int, counts: ProjectCounts) -> String {
        var lines = ["\(file)"]
        let facts = [("title", meta["title"]), ("created", meta["created_at"]), ("software", meta["software"]),
                     ("format version", String(version))]
        for (label, value) in facts { lines.append("  \(pad(label, 30)) \(value ?? "—")") }
        for (label, count) in counts.lines { lines.append("  \(pad(label, 30)) \(count)") }
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }

    private func jsonText(meta: [String: String], version: Int, counts: ProjectCounts) -> String {
        var object: [String: Any] = ["file": file, "meta": meta, "format_version": version]
        var countObject: [String: Any] = [:]
        for (label, count) in counts.lines where !label.hasPrefix(" ") { countObject[label] = count }
        countObject["participants_by_role"] = counts.participantsByRole
        countObject["codings_by_kind"] = ["code": counts.codeCodings, "bct": counts.bctCodings,
                                          "principle": counts.principleCodings]
        object["counts"] = countObject
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
