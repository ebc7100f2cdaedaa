import ArgumentParser
import Foundation
import ProjectStorage

/// `peerscript history`: lists a project's change sets.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the change sets recorded in a project: runs with --write and imports.",
        discussion: """
            Each change set shows its number, when it was committed, who made it, the script or \
            file behind it with the start of its SHA-256, and how many rows of each table it \
            added, changed and removed. Undone change sets are marked. Give a change set's \
            number to see it in full, with the first rows of each table. The project is opened \
            read-only.
            """
    )

    @Option(help: ArgumentHelp("The project file.", valueName: "FILE"))
    var project: String

    @Option(help: ArgumentHelp("With a change set's number: how many rows of each table to show.", valueName: "N"))
    var rows: Int = 5

    @Argument(help: ArgumentHelp("A change set to show in full.", valueName: "ID"))
    var id: Int64?

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("--rows must be 0 or more, not \(rows).") }
    }

    func run() throws {
        let store: ProjectStore
        do {
            store = try ProjectStore.open(at: URL(fileURLWithPath: project), readOnly: true)
        } catch ProjectStoreError.needsMigration {
            // A project in an older format has recorded no change sets yet.
            print("\(project): no change sets recorded")
            return
        }
        defer { try? store.close() }
        let sets = try ChangeHistory.list(store, sample: id == nil ? 0 : rows)
        if let id {
            guard let set = sets.first(where: { $0.id == id }) else { throw ChangeSetError.unknownChangeSet(id) }
            print(Self.describe(set, full: true))
            return
        }
        guard !sets.isEmpty else {
            print("\(project): no change sets recorded")
            return
        }
        print(sets.map { Self.describe($0, full: false) }.joined(separator: "\n"))
    }

    /// One change set: a heading line, then its tables.
    static func describe(_ set: ChangeSummary, full: Bool) -> String {
        let provenance = set.provenance
        var heading = "#\(set.id)  \(set.committedAt ?? "?")  \(provenance.user)  \(provenance.kind)"
        if let path = provenance.path { heading += "  \(path)" }
        if let sha = provenance.sha256 { heading += "  sha256 \(full ? sha : String(sha.prefix(12)))" }
        if let undone = set.undoneAt { heading += "  (undone \(undone))" }
        var lines = [heading]
        if full { lines.append("  command: \(provenance.commandLine)") }
        lines.append(set.rendered(showingSamples: full))
        return lines.joined(separator: "\n")
    }
}

/// `peerscript undo`: reverts a change set exactly.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo a change set (the latest by default), restoring every row it changed.",
        discussion: """
            Every table is put back as it was before the change set, in one transaction. A \
            change set that later ones build on (they changed the same rows, or use rows it \
            added) is refused, naming them; --with-later undoes those first, latest first. The \
            change set stays in the history, marked as undone.
            """
    )

    @Option(help: ArgumentHelp("The project file.", valueName: "FILE"))
    var project: String

    @Flag(name: .customLong("with-later"), help: "Also undo the later change sets that depend on this one.")
    var withLater = false

    @Argument(help: ArgumentHelp("The change set to undo (default: the latest not undone).", valueName: "ID"))
    var id: Int64?

    func run() throws {
        let store = try ProjectStore.open(at: URL(fileURLWithPath: project))
        defer { try? store.close() }
        do {
            let undone = try ChangeHistory.undo(store, id: id, includingLater: withLater)
            store.refreshColumnCache()
            print("Undid change set\(undone.count == 1 ? "" : "s") \(undone.map(String.init).joined(separator: ", ")).")
        } catch ChangeSetError.dependents(let target, let later) {
            throw CommandLineMessage(ChangeSetError.dependents(target, later: later).description
                + " (add --with-later to undo them all, latest first)")
        }
    }
}

/// A failure worded by the command line; the argument parser prints it as it is.
struct CommandLineMessage: LocalizedError, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
    var errorDescription: String? { description }
}
