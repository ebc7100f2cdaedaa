import ArgumentParser
import DataExchange
import Foundation
import ProjectStorage
import StudyModel
import Synchronization

/// `peerscript import`: adds REFI-QDA projects and codebooks, CSV codings or plain transcripts
/// to a project file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a REFI-QDA project or codebook, CSV codings, transcripts, attributes, fidelity data or a taxonomy extension into a project.",
        discussion: """
            Without a kind flag, the file type comes from the extension:
              .qdpx  REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder, …): users become \
            coders, codes keep their tree, colours and descriptions, cases become participants \
            or sites, text sources become documents, selections and codings become segments \
            and codings; notes and sets are kept.
              .qdc   REFI-QDA codebook: codes and sets only.
              .csv   codings, one per row, with at least the columns document, start, end, code, \
            coder (as written by `peerscript export FILE.csv`). If any row is wrong nothing is \
            imported, and every bad row is listed by number (the header is row 1).
              .txt   transcripts, any number at a time. Each becomes a document named after the \
            file; the participant comes from the name (PAR1PW01.txt → participant PAR1PW01, \
            role PW, case PAR1) or from --participant. A byte-order mark is dropped; line ends \
            are kept as written.

            Table files say what they hold with a flag (one file at a time):
              --participants  CSV of participant attributes: a column participant (or id) \
            naming participants the project has, and one column per attribute. Numbers stay \
            numbers; an empty cell means the value is missing; role and case columns are checked \
            against the project, not changed. Attributes become query fields \
            (participant.<name>, or <name> alone).
              --cases  the same for cases: a column case (or id); sector and label are checked.
              --fidelity-items  CSV with the columns item, principle (P1–P5, DIV), text, \
            scale_min, scale_max.
              --fidelity-ratings  CSV with the columns item, case or participant (one per row), \
            value and optionally rater.
              --taxonomy-extension  JSON as taxonomy.extend reads it, or CSV with the columns \
            framework, group, group_label, technique, label and optionally definition. The \
            techniques are stored in the project, so codings, queries and exports know them.
            Every row must have as many fields as the header. If any row is wrong nothing is \
            imported, and every bad row is listed by line. These files may be at most \
            \(ExchangeLimits.maxTableMegabytes) MB and \(ExchangeLimits.maxTableLines) lines. See docs/exchange.md.

            An import is one transaction: if it fails, or is interrupted, the project is left \
            exactly as it was. Items the project already has (matched by GUID, documents also by \
            their text) are not added twice, so importing a second coder's export of the same \
            documents adds that coder's codings. References to things that do not exist are \
            counted and listed, not fatal. The project file is created if it does not exist, with the \
            built-in codebooks as `init` makes it (unless --empty is given).

            Offsets: producers count selection offsets differently (NVivo in UTF-16 code units, \
            others in code points, some count CR LF as one). With --offsets auto the convention is \
            chosen from the producing program and checked against the selections' own text and \
            word boundaries; the choice and the evidence are reported.

            Limits against damaged or hostile files: only regular files are read (not folders, \
            pipes or devices); XML elements may be nested at most \(ExchangeLimits.maxNesting) deep; a .qdpx \
            may unpack to at most \(ByteLimit.defaultImportMegabytes) MB in all (the entries the \
            import reads: project.qde, source texts, notes), counted while unpacking, unless \
            --max-uncompressed-mb says otherwise; a codings .csv, or all .txt files together, may \
            be at most as large. A failed import into a project file that did \
            not exist before removes the file again.
            """
    )

    @Argument(help: ArgumentHelp("The file(s) to import: one .qdpx, .qdc or .csv, or any number of .txt.",
                                 valueName: "FILE"))
    var files: [String]

    @Option(help: ArgumentHelp("The project file (.peerdb) to import into.", valueName: "P"))
    var project: String

    @Option(help: ArgumentHelp("Attribute every imported coding to this coder instead of the file's users.",
                               valueName: "NAME"))
    var coder: String?

    @Option(help: ArgumentHelp("How the file counts selection offsets: auto, utf16, codepoints or crlf1.",
                               valueName: "MODE"))
    var offsets: String = "auto"

    @Option(help: ArgumentHelp("For .txt: the participant every transcript belongs to (default: from the file name).",
                               valueName: "ID"))
    var participant: String?

    @Option(help: ArgumentHelp("Codebook id for imported codes that carry none.", valueName: "ID"))
    var codebook: String = "project"

    @Option(help: ArgumentHelp("The most an import reads, in MB (2^20 bytes): what a .qdpx unpacks to, or the size of a .csv or of all .txt files.",
                               valueName: "MB"))
    var maxUncompressedMb: Int = ByteLimit.defaultImportMegabytes

    @Flag(help: "What a table file holds (the file's extension cannot tell).")
    var kind: TableImportKind?

    @Flag(help: "Do not show progress on standard error.")
    var quiet = false

    @Flag(help: "When the project is created, leave out the built-in codebooks (as init --empty does).")
    var empty = false

    func validate() throws {
        if OffsetMode(argument: offsets) == nil {
            throw ValidationError("--offsets must be auto, utf16, codepoints or crlf1 (got '\(offsets.excerpt)').")
        }
        if files.isEmpty { throw ValidationError("Give at least one file to import.") }
        if let kind {
            if files.count > 1 { throw ValidationError("--\(kind.rawValue) imports one file at a time (got \(files.count)).") }
            // These options say how to read codings and transcripts; a table file has none to apply them to.
            if participant != nil { throw ValidationError("--participant is for .txt transcripts, not for --\(kind.rawValue).") }
            if coder != nil { throw ValidationError("--coder is for files with codings, not for --\(kind.rawValue).") }
        }
        if maxUncompressedMb < 1 {
            throw ValidationError("--max-uncompressed-mb must be at least 1 (got \(maxUncompressedMb)).")
        }
    }

    func run() throws {
        let urls = files.map { URL(fileURLWithPath: $0) }
        for url in urls where !FileManager.default.fileExists(atPath: url.path) {
            throw ValidationError("No file at '\(url.path)'.")
        }
        let projectURL = URL(fileURLWithPath: project)
        try ProjectFiles.requireRegularFileIfPresent(projectURL.path)
        let created = !FileManager.default.fileExists(atPath: projectURL.path)
        let printer = ProgressPrinter(enabled: !quiet)
        var options = QDAImportOptions(offsets: OffsetMode(argument: offsets)!, coder: coder, codebook: codebook,
                                       progress: { printer.show($0) },
                                       maxUncompressedBytes: ByteLimit.bytes(megabytes: maxUncompressedMb))
        options.advice = .commandLine
        var store: ProjectStore?
        do {
            // Creating the file is inside the cleanup too: a half-made project file is removed.
            let opened = created
                ? try ProjectStore.createProject(at: projectURL, empty: empty)
                : try ProjectStore.open(at: projectURL)
            store = opened
            // The import is one recorded change set, which `peerscript undo` can revert.
            var provenance = ChangeProvenance.current(kind: "import", path: files.joined(separator: " "))
            if files.count > 1 { provenance.sha256 = nil }
            let (report, recorded) = try ChangeRecorder.recording(opened, provenance) {
                try importFiles(urls, into: opened, options: options)
            }
            opened.refreshColumnCache()
            try opened.close()
            print(report.lines.joined(separator: "\n"))
            if let recorded { print("Recorded as change set \(recorded.id) (see `peerscript history --project \(project)`).") }
        } catch {
            try? store?.close()
            if created { try? ProjectStore.removeFiles(at: projectURL) }
            if let exchange = error as? ExchangeError { throw CommandLineExchangeError(error: exchange) }
            throw error
        }
    }
}

extension ImportCommand {
    /// Imports by kind flag, else by extension; a CSV that is not codings gets a hint at the flags.
    private func importFiles(_ urls: [URL], into store: ProjectStore, options: QDAImportOptions) throws -> ImportReport {
        if let kind { return try Exchange.importTable(urls[0], as: kind, into: store) }
        do {
            return try Exchange.importFiles(urls, into: store, options: options, participant: participant)
        } catch let error as ExchangeError {
            guard case .csvMissingColumns = error else { throw error }
            let flags = TableImportKind.allCases.map { "--" + $0.rawValue }.joined(separator: ", ")
            throw CommandFailure.exit("\(error) A CSV file without a kind flag is read as codings; "
                                      + "for other tables give one of \(flags).")
        }
    }
}

extension TableImportKind: EnumerableFlag {
    public static func help(for value: TableImportKind) -> ArgumentHelp? {
        switch value {
        case .participants: "The CSV file holds participant attributes (an id column plus one column per attribute)."
        case .cases: "The CSV file holds case attributes (an id column plus one column per attribute)."
        case .fidelityItems: "The CSV file holds fidelity items (item, principle, text, scale_min, scale_max)."
        case .fidelityRatings: "The CSV file holds fidelity ratings (item, case or participant, value, rater)."
        case .taxonomyExtension: "The JSON or CSV file holds a taxonomy extension to store in the project."
        }
    }
}

/// Shows import progress on standard error: a line when a large import starts and then at most
/// one line a second. Small imports finish before anyone would read it, so they print nothing.
final class ProgressPrinter: Sendable {
    private let enabled: Bool
    private let lastShown = Mutex<Date?>(nil)
    /// Imports with fewer items than this show no progress.
    static let threshold = 2_000

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ progress: ImportProgress) {
        guard enabled, progress.total >= Self.threshold else { return }
        let now = Date()
        let due = lastShown.withLock { last -> Bool in
            guard progress.done == 0 || progress.done == progress.total || last.map({ now.timeIntervalSince($0) >= 1 }) ?? true
            else { return false }
            last = now
            return true
        }
        guard due else { return }
        let percent = progress.total == 0 ? 100 : progress.done * 100 / progress.total
        FileHandle.standardError.write(Data("import: \(progress.phase) \(progress.done)/\(progress.total) (\(percent)%)\n".utf8))
    }
}

/// Checks on a project path given to a command.
enum ProjectFiles {
    /// Throws when `path` exists but is not a regular file: SQLite would wait forever on a
    /// named pipe, and a folder or device cannot be a project.
    static func requireRegularFileIfPresent(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else { return }
        let kind = info.st_mode & S_IFMT == S_IFDIR ? "a folder" : "a device, pipe or socket"
        throw CommandFailure.exit("'\(path)' is \(kind), not a project file: give --project the path of a .peerdb file")
    }
}
