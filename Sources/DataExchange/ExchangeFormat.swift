import Foundation
import ProjectStorage

/// The file formats PeerScript imports and exports, recognised by file extension.
public enum ExchangeFormat: String, Sendable, CaseIterable {
    /// REFI-QDA project archive.
    case qdpx
    /// REFI-QDA codebook.
    case qdc
    /// Tidy CSV of codings.
    case csv
    /// JSON Lines dump of the whole project (export only).
    case jsonl
    /// Plain-text transcript (import only).
    case txt

    /// The formats `peerscript import` reads.
    public static let importable: [ExchangeFormat] = [.qdpx, .qdc, .csv, .txt]
    /// The formats `peerscript export` writes.
    public static let exportable: [ExchangeFormat] = [.qdpx, .qdc, .csv, .jsonl]

    /// The format of `url` among `allowed`, or an error naming the file and the allowed kinds.
    public init(of url: URL, allowed: [ExchangeFormat]) throws {
        guard let format = ExchangeFormat(rawValue: url.pathExtension.lowercased()), allowed.contains(format) else {
            throw ExchangeError.unsupportedFormat(
                file: url.lastPathComponent, allowed: allowed.map { "." + $0.rawValue }.joined(separator: ", "))
        }
        self = format
    }
}

/// What a table file holds, for the imports whose kind the file's extension cannot tell
/// (`peerscript import --participants`, `--cases`, …).
public enum TableImportKind: String, Sendable, CaseIterable {
    /// Participant attributes (CSV).
    case participants
    /// Case attributes (CSV).
    case cases
    /// Fidelity items (CSV).
    case fidelityItems = "fidelity-items"
    /// Fidelity ratings (CSV).
    case fidelityRatings = "fidelity-ratings"
    /// A taxonomy extension (JSON or CSV).
    case taxonomyExtension = "taxonomy-extension"

    /// The file extensions the kind accepts.
    public var extensions: [String] { self == .taxonomyExtension ? ["json", "csv"] : ["csv"] }
}

/// Imports and exports by file type: the entry points of `peerscript import` and `export`.
public enum Exchange {
    /// Imports the table file at `url`, of the given kind, into `store`: all of it or, if any
    /// row is wrong, nothing.
    public static func importTable(_ url: URL, as kind: TableImportKind, into store: ProjectStore) throws -> ImportReport {
        guard kind.extensions.contains(url.pathExtension.lowercased()) else {
            throw ExchangeError.unsupportedFormat(file: url.lastPathComponent,
                                                  allowed: kind.extensions.map { "." + $0 }.joined(separator: " or ")
                                                    + " for --\(kind.rawValue)")
        }
        switch kind {
        case .participants: return try AttributesCSV.importAttributes(.participants, at: url, into: store)
        case .cases: return try AttributesCSV.importAttributes(.cases, at: url, into: store)
        case .fidelityItems: return try FidelityCSV.importItems(at: url, into: store)
        case .fidelityRatings: return try FidelityCSV.importRatings(at: url, into: store)
        case .taxonomyExtension: return try TaxonomyExtensionFile.importExtension(at: url, into: store)
        }
    }

    /// Imports `urls` into `store`: one `.qdpx`, `.qdc` or `.csv` file, or any number of `.txt`
    /// transcripts. `participant` applies to transcripts only.
    public static func importFiles(_ urls: [URL], into store: ProjectStore, options: QDAImportOptions = QDAImportOptions(),
                                   participant: String? = nil) throws -> ImportReport {
        let formats = try urls.map { try ExchangeFormat(of: $0, allowed: ExchangeFormat.importable) }
        for url in urls { try ImportFile.requireRegularFile(url) }
        guard let first = formats.first else {
            throw ExchangeError.unsupportedFormat(file: "(no file)", allowed: ".qdpx, .qdc, .csv, .txt")
        }
        if first == .txt || formats.count > 1 {
            if let other = zip(urls, formats).first(where: { $0.1 != .txt }) {
                throw ExchangeError.unsupportedFormat(file: other.0.lastPathComponent,
                                                      allowed: ".txt (only transcripts can be imported several at a time)")
            }
            return try TranscriptImporter.importFiles(urls, participant: participant, into: store,
                                                      maxBytes: options.maxUncompressedBytes, progress: options.progress,
                                                      advice: options.advice)
        }
        switch first {
        case .qdpx: return try QDAImporter.importProject(at: urls[0], into: store, options: options)
        case .qdc: return try QDAImporter.importCodebook(at: urls[0], into: store, options: options)
        default: return try CodingsCSV.importCodings(at: urls[0], into: store, maxBytes: options.maxUncompressedBytes,
                                                     progress: options.progress)
        }
    }

    /// Exports `store` to `url` in the format its extension names. Returns warnings about the
    /// export (REFI-QDA: codes that share a name; CSV: cells that look like formulas);
    /// `options` apply to REFI-QDA files, `csv` to CSV files.
    @discardableResult
    public static func export(_ store: ProjectStore, to url: URL, options: QDAExportOptions = QDAExportOptions(),
                              csv: CodingsCSVOptions = CodingsCSVOptions()) throws -> [String] {
        let format = try ExchangeFormat(of: url, allowed: ExchangeFormat.exportable)
        if format != .csv && (csv.withAttributes || csv.spreadsheetSafe) {
            throw ExchangeError.unsupportedFormat(file: url.lastPathComponent, allowed: ".csv (the CSV options are for CSV only)")
        }
        switch format {
        case .qdpx: return try QDAExporter.writeProject(from: store, to: url, options: options)
        case .qdc: return try QDAExporter.writeCodebook(from: store, to: url, options: options)
        case .csv: return try CodingsCSV.export(from: store, to: url, options: csv)
        default: try JSONLinesDump.export(from: store, to: url)
        }
        return []
    }
}
