import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// Choices for a REFI-QDA import.
public struct QDAImportOptions: Sendable {
    /// How selection offsets are counted in the file.
    public var offsets: OffsetMode
    /// When set, every coding is attributed to this coder instead of the file's user.
    public var coder: String?
    /// Codebook id for imported codes that carry none of their own.
    public var codebook: String
    /// Receives progress while codings are written.
    public var progress: ImportProgressHandler?
    /// The most bytes an import may read: what a `.qdpx` archive unpacks to, or the size of a
    /// codings CSV or of all transcripts (see ``ByteLimit``).
    public var maxUncompressedBytes: Int64
    /// How messages and the report say to change these options, in the embedder's words.
    public var advice: ExchangeAdvice = .neutral

    /// Creates options; the defaults detect offsets, keep the file's users and put codes in the
    /// `project` codebook.
    public init(offsets: OffsetMode = .auto, coder: String? = nil, codebook: String = "project",
                progress: ImportProgressHandler? = nil,
                maxUncompressedBytes: Int64 = ByteLimit.bytes(megabytes: ByteLimit.defaultImportMegabytes)) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.offsets = offsets
        self.coder = coder
        self.codebook = codebook
        self.progress = progress
    }
}

/// Imports REFI-QDA projects (`.qdpx`) and codebooks (`.qdc`) into a project store.
///
/// Everything is written in one transaction: a problem that stops the import, or a killed
/// process, leaves the project as it was. Items already in the project — matched by GUID, and
/// documents also by their text — are not added twice, so importing a second coder's export of
/// the same documents adds just that coder's codings.
public enum QDAImporter {
    /// Reads the `.qdpx` archive at `url` and imports it.
    public static func importProject(at url: URL, into store: ProjectStore,
                                     options: QDAImportOptions = QDAImportOptions()) throws -> ImportReport {
        let project = try QDPXArchive.read(url, maxUncompressedBytes: options.maxUncompressedBytes)
        return try importProject(project, file: url.lastPathComponent, into: store, options: options)
    }

    /// Imports a project already read; its sources must carry their text. `file` names it in
    /// messages.
    public static func importProject(_ project: QDAProject, file: String, into store: ProjectStore,
                                     options: QDAImportOptions = QDAImportOptions()) throws -> ImportReport {
        let decision = try OffsetResolver(file: file, advice: options.advice).resolve(project, mode: options.offsets)
        var report = ImportReport(file: file)
        report.offsetConvention = decision.convention
        report.offsetReason = decision.reason
        report.offsetEvidence = decision.evidence.map(\.summary)
        report.notKept = project.notKept
        if !decision.mismatchedNames.isEmpty {
            report.warnings.append("\(decision.mismatchedNames.count) selection name(s) differ from the text "
                + "they select under \(decision.convention): "
                + decision.mismatchedNames.prefix(10).joined(separator: ", "))
        }
        return try store.write { db in
            var session = try QDAImportSession(db: db, project: project, spans: decision.spans,
                                               options: options, report: report)
            try session.run()
            return session.report
        }
    }

    /// Reads the `.qdc` codebook at `url` and adds its codes and sets.
    public static func importCodebook(at url: URL, into store: ProjectStore,
                                      options: QDAImportOptions = QDAImportOptions()) throws -> ImportReport {
        let data = try ImportFile.read(url)
        let codebook = try QDEReader(file: url.lastPathComponent).readCodebook(data)
        var project = QDAProject(name: url.deletingPathExtension().lastPathComponent)
        project.origin = codebook.origin
        project.codes = codebook.codes
        project.sets = codebook.sets
        let report = ImportReport(file: url.lastPathComponent)
        return try store.write { db in
            var session = try QDAImportSession(db: db, project: project, spans: [], options: options, report: report)
            try session.run()
            return session.report
        }
    }
}

/// One import in progress: the incoming project, the project store's index, and the mapping
/// from incoming GUIDs to the rows they became.
struct QDAImportSession {
    let db: Database
    let project: QDAProject
    let spans: [[Range<Int>]]
    let options: QDAImportOptions
    var report: ImportReport
    var index: StoreIndex
    let metadata: ExchangeMetadata
    let metadataNoteGUID: String?

    /// What each incoming code GUID stands for.
    var codeTargets: [String: CodingTarget] = [:]
    /// Incoming codes that are only folders of PeerScript's framework codes.
    var frameworkFolders: Set<String> = []
    /// Coder row per incoming user GUID.
    var coders: [String: Int64] = [:]
    /// Document id per incoming source GUID.
    var documents: [String: String] = [:]
    /// Participant id per incoming source GUID, from the cases that list the source.
    var sourceParticipant: [String: String] = [:]
    /// Case id per incoming source GUID, from the cases that list the source.
    var sourceCase: [String: String] = [:]
    /// Where each incoming note is attached, from the elements that refer to it.
    var noteTargets: [String: ExchangeMetadata.NoteTarget] = [:]
    /// Notes that carry a coding's memo rather than a note of their own.
    let memoNotes: Set<String>
    /// Variable names by variable GUID.
    let variableNames: [String: String]
    /// Segments this import created; selections sharing one of them are not "already present".
    var createdSegments: Set<Int64> = []

    init(db: Database, project: QDAProject, spans: [[Range<Int>]], options: QDAImportOptions,
         report: ImportReport) throws {
        self.db = db
        self.project = project
        self.spans = spans
        self.options = options
        self.report = report
        index = try StoreIndex(db)
        if let found = ExchangeMetadata.find(in: project) {
            metadata = found.metadata
            metadataNoteGUID = found.noteGUID
        } else {
            metadata = ExchangeMetadata()
            metadataNoteGUID = nil
        }
        variableNames = Dictionary(project.variables.map { ($0.guid, $0.name) }, uniquingKeysWith: { first, _ in first })
        let codings = project.sources.flatMap { $0.codings + $0.selections.flatMap(\.codings) }
        memoNotes = Set(codings.flatMap { coding in
            coding.noteRefs.filter { $0 == ExchangeGUID.memo(coding: coding.guid) }
        })
    }

    mutating func run() throws {
        try prepareFrameworkCodes()
        try importUsers()
        for (position, code) in project.codes.enumerated() {
            try importCode(code, parent: nil, position: position)
        }
        try importCases()
        try importSources()
        try importSelections()
        try importNotes()
        try importSets()
        try importTables()
    }
}
