import ArgumentParser
import CorpusQuery
import DataExchange
import Foundation
import ProjectStorage

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
            read_csv read it with their defaults. With --with-attributes, one column follows per \
            participant attribute (participant.<name>) and per case attribute (case.<name>), \
            empty where there is no value, for R, SPSS and pandas. Cells are written exactly; \
            those a spreadsheet would run as formulas (starting with =, +, -, @, tab or CR, \
            numbers excepted) are counted in a warning, and --spreadsheet-safe writes them with \
            a leading apostrophe, for opening the file in a spreadsheet (such a file is not \
            for importing back: its text column no longer matches the documents).
              .jsonl  every row of every table, one JSON object per line.

            Each span is written as one selection per coder who coded it, with that coder and \
            a date on the selection; where the project records no date (sources, undated notes) \
            the project's creation time is written. Codes that share a name are reported on \
            standard error, since programs such as QualCoder keep only one of them; \
            --unique-code-names adds the parents' names (and a number where needed) to tell \
            them apart. PeerScript's own import restores the original names.

            The file is written to a temporary name and moved into place when complete.
            """
    )

    @Option(help: ArgumentHelp("The project file (.peerdb) to export.", valueName: "P"))
    var project: String

    @Argument(help: ArgumentHelp("The file to write: .qdpx, .qdc, .csv or .jsonl.", valueName: "FILE"))
    var file: String

    @Flag(help: "In .qdpx and .qdc files, rename codes that share a name by adding their parents' names.")
    var uniqueCodeNames = false

    @Flag(help: "In a .csv file, add one column per participant attribute and per case attribute.")
    var withAttributes = false

    @Flag(help: "In a .csv file, mark cells a spreadsheet would run as formulas with a leading apostrophe.")
    var spreadsheetSafe = false

    private var isCSV: Bool { URL(fileURLWithPath: file).pathExtension.lowercased() == "csv" }

    func validate() throws {
        for (flag, given) in [("--with-attributes", withAttributes), ("--spreadsheet-safe", spreadsheetSafe)] where given && !isCSV {
            throw ValidationError("\(flag) is for .csv exports only (got '\(file.excerpt)').")
        }
    }

    func run() throws {
        try ProjectFiles.requireRegularFileIfPresent(URL(fileURLWithPath: project).path)
        let store = try ProjectStore.open(at: URL(fileURLWithPath: project), readOnly: true)
        defer { try? store.close() }
        let url = URL(fileURLWithPath: file)
        let warnings = try Exchange.export(store, to: url, options: QDAExportOptions(uniqueCodeNames: uniqueCodeNames),
                                           csv: CodingsCSVOptions(withAttributes: withAttributes, spreadsheetSafe: spreadsheetSafe))
        for warning in warnings {
            FileHandle.standardError.write(Data("export: warning: \(warning)\n".utf8))
        }
        if !warnings.isEmpty && !isCSV {
            FileHandle.standardError.write(Data("export: use --unique-code-names to give every code its own name\n".utf8))
        }
        print("Exported \(project) to \(url.path)")
    }
}
