import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// Builds REFI-QDA projects and codebooks from a project store.
///
/// Offsets are written as Unicode code points (the store's own unit), CR LF counted as two.
/// Each selection's name is the start of the text it selects, so any reader can check the
/// offsets. Rows without a GUID get one derived from their identity, so repeated exports of
/// the same project agree. What REFI-QDA has no element for travels in one project note
/// (see ``ExchangeMetadata``).
public enum QDAExporter {
    /// The `origin` written into exports.
    public static var origin: String { "PeerScript \(peerScriptVersion)" }

    /// Writes the project in `store` as a `.qdpx` archive at `url`. Returns warnings about what
    /// other programs may not read as intended (codes that share a name).
    @discardableResult
    public static func writeProject(from store: ProjectStore, to url: URL,
                                    options: QDAExportOptions = QDAExportOptions()) throws -> [String] {
        let project = try project(from: store, options: options)
        try QDPXWriter.write(project, to: url)
        return CodeNames.duplicateWarnings(project.codes)
    }

    /// Writes the codebooks of `store` as a `.qdc` file at `url`. Returns warnings as
    /// ``writeProject(from:to:options:)`` does.
    @discardableResult
    public static func writeCodebook(from store: ProjectStore, to url: URL,
                                     options: QDAExportOptions = QDAExportOptions()) throws -> [String] {
        let codebook = try codebook(from: store, options: options)
        try ExportFile.write(Data(QDEWriter.codebook(codebook).utf8), to: url)
        return CodeNames.duplicateWarnings(codebook.codes)
    }

    /// The codebooks of `store` with their sets of codes, as a REFI-QDA codebook.
    public static func codebook(from store: ProjectStore,
                                options: QDAExportOptions = QDAExportOptions()) throws -> QDACodebook {
        try store.read { db in
            var builder = try ExportBuilder(db)
            var codes = try builder.codeTree()
            if options.uniqueCodeNames { CodeNames.makeUnique(&codes) }
            let sets = try builder.sets().map { set -> QDASet in
                var set = set
                set.sourceRefs = []
                set.noteRefs = []
                return set
            }.filter { !$0.codeRefs.isEmpty }
            return QDACodebook(origin: origin, codes: codes, sets: sets)
        }
    }

    /// The whole project in `store` as a REFI-QDA project model.
    public static func project(from store: ProjectStore,
                               options: QDAExportOptions = QDAExportOptions()) throws -> QDAProject {
        try store.read { db in
            var builder = try ExportBuilder(db)
            return try builder.project(uniqueCodeNames: options.uniqueCodeNames)
        }
    }
}

/// Reads a project store and assembles the REFI-QDA model, collecting the metadata note on
/// the way.
struct ExportBuilder {
    let db: Database
    var metadata = ExchangeMetadata()
    let coderGUIDs: [Int64: String]
    let coderNames: [String: String]
    let codeGUIDs: [String: String]
    var notesByTarget: [String: [String]] = [:]  // "kind:id" → note GUIDs
    var extraNotes: [QDANote] = []
    var frameworkBCTs: Set<String> = []
    var frameworkPrinciples: Set<String> = []
    /// The date written where the project records none: when the project was created.
    let projectDate: String
    /// The coder a selection no one coded is attributed to.
    let firstCoderGUID: String?

    init(_ db: Database) throws {
        self.db = db
        let coders = try Coder.fetchAll(db, sql: "SELECT * FROM coders ORDER BY id")
        let created = try String.fetchOne(db, sql: "SELECT value FROM project_meta WHERE key = 'created_at'")
        // Only a project without a valid creation time gets the time of the export.
        projectDate = QDEWriter.dateTime(created) ?? Coding.timestamp(Date())
        firstCoderGUID = coders.first.map { $0.guid ?? ExchangeGUID.coder($0.name) }
        coderGUIDs = Dictionary(uniqueKeysWithValues: coders.map { ($0.id!, $0.guid ?? ExchangeGUID.coder($0.name)) })
        coderNames = Dictionary(coders.map { ($0.name, $0.guid ?? ExchangeGUID.coder($0.name)) },
                                uniquingKeysWith: { first, _ in first })
        codeGUIDs = try Dictionary(
            Row.fetchAll(db, sql: "SELECT id, guid FROM codes").map { row -> (String, String) in
                let id: String = row["id"]
                return (id, row["guid"] ?? ExchangeGUID.code(id))
            },
            uniquingKeysWith: { first, _ in first })
    }

    mutating func project(uniqueCodeNames: Bool) throws -> QDAProject {
        let meta = try ProjectStore.meta(db)
        var project = QDAProject(name: meta["title"] ?? "PeerScript project")
        project.origin = QDAExporter.origin
        project.creationDateTime = meta["created_at"]
        project.users = try Coder.fetchAll(db, sql: "SELECT * FROM coders ORDER BY id").map {
            QDAUser(guid: coderGUIDs[$0.id!]!, name: $0.name)
        }
        let notes = try self.notes()
        var codes = try codeTree()
        let (sources, variables, cases) = try sourcesAndCases()
        codes += frameworkCodes()
        if uniqueCodeNames {
            // The metadata keeps each renamed code's own name for PeerScript's import.
            for (guid, name) in CodeNames.makeUnique(&codes) { metadata.codes[guid]?.label = name }
        }
        project.codes = codes
        project.variables = variables
        project.cases = cases
        project.sources = sources
        project.sets = try sets()
        project.noteRefs = notesByTarget["project:"] ?? []
        metadata.tables = try carriedTables()
        let metadataNote = QDANote(guid: QDAGUID.derived("metadata:" + project.name + ":" + (meta["created_at"] ?? "")),
                                   name: ExchangeMetadata.noteName, text: metadata.jsonText(),
                                   creationDateTime: projectDate)
        project.notes = notes + extraNotes + [metadataNote]
        project.noteRefs.append(metadataNote.guid)
        return project
    }
}
