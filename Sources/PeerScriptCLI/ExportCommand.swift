import ArgumentParser
import Foundation
import PeerSupport

/// `peerscript export`: writes a project as a REFI-QDA project or codebook, a CSV of codings or a
/// JSON Lines dump.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a project as REFI-QDA (.qdpx, .qdc), a CSV of codings, or JSON Lines.",
        discussion: """
            The file type comes from the extension:
              .qdpx   REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder and others. \
            project.qde validates against the REFI-QDA Project.xsd. Selection offsets are Unicode \
            code points (CR LF counts as two); each selection is named after the start of its \
            text, so readers can check them. Techniques and principles applied directly appear as \
            codes in folders; what REFI-QDA has no place for (code ids, mappings to techniques and \
            principles, fidelity data) travels in a note named "PeerScript exchange metadata", so \
            importing the export gives back the same project.
              .qdc    REFI-QDA codebook: the code tree and sets of codes.
              .csv    one row per coding with the columns participant, role, case, sector, \
            document, start, end, text, code, bcts, principles, coder; R's read.csv and pandas' \
            read_csv read it with their defaults.
              .jsonl  every row of every table, one JSON object per line.

            The file is written to a temporary name and moved into place when complete.
            """
    )

    @Option(help: ArgumentHelp("The project file (.peerdb) to export.", valueName: "P"))
    var project: String

    @Argument(help: ArgumentHelp("The file to write: .qdpx, .qdc, .csv or .jsonl.", valueName: "FILE"))
    var file: String

    func run() throws {
        try ProjectFiles.requireRegularFileIfPresent(URL(fileURLWithPath: project).path)
        let store = try ProjectStore.open(at: URL(fileURLWithPath: project), readOnly: true)
        defer { try? store.close() }
        let url = URL(fileURLWithPath: file)
        try Exchange.export(store, to: url)
        print("Exported \(project) to \(url.path)")
    }
}
