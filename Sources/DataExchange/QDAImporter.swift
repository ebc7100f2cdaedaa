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
    /// The most bytes a `.qdpx` archive may unpack to (see ``ByteLimit``).
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

    // MARK: - Codes

    /// Codes PeerScript writes for techniques and principles applied directly, recognised by the
    /// GUIDs it derives for them.
    private mutating func prepareFrameworkCodes() throws {
        var techniqueIDs = Taxonomy.standard.techniques.map(\.id)
        var groupIDs = Taxonomy.standard.groups.map(\.id)
        for row in try Row.fetchAll(db, sql: "SELECT bct_id, group_id FROM taxonomy_extensions") {
            techniqueIDs.append(row["bct_id"])
            groupIDs.append(row["group_id"])
        }
        for row in metadata.tables["taxonomy_extensions"] ?? [] {
            if case let .text(id)? = row["bct_id"] { techniqueIDs.append(id) }
            if case let .text(id)? = row["group_id"] { groupIDs.append(id) }
        }
        for id in techniqueIDs { codeTargets[ExchangeGUID.bct(id)] = .bct(id) }
        for principle in PrinciplesFramework.standard.principles {
            codeTargets[ExchangeGUID.principle(principle.id)] = .principle(principle.id)
        }
        frameworkFolders = Set(groupIDs.map(ExchangeGUID.bctGroup))
        frameworkFolders.insert(ExchangeGUID.techniquesFolder)
        frameworkFolders.insert(ExchangeGUID.principlesFolder)
        for codebook in Set(metadata.codes.values.map(\.codebook)) {
            frameworkFolders.insert(ExchangeGUID.codebookFolder(codebook))
        }
    }

    private mutating func importCode(_ code: QDACode, parent: String?, position: Int) throws {
        if codeTargets[code.guid] != nil || frameworkFolders.contains(code.guid) {
            for (childPosition, child) in code.children.enumerated() {
                try importCode(child, parent: nil, position: childPosition)
            }
            return
        }
        let id: String
        if let existing = index.codeByGUID[code.guid] {
            id = existing
            report.present("codes")
        } else {
            let info = metadata.codes[code.guid]
            let base = info.map(\.id) ?? [parent, Self.slug(code.name)].compactMap { $0 }.joined(separator: ".")
            id = StoreIndex.unique(base, in: index.codeIDs)
            let level = info.flatMap { CodeLevel(rawValue: $0.level) }
                ?? (parent == nil ? .theme : code.children.isEmpty ? .code : .category)
            let record = Code(
                id: id, codebook: info?.codebook ?? options.codebook, parentID: parent, label: info?.label ?? code.name,
                description: code.description, colour: code.color, level: level, guid: code.guid,
                sortOrder: position,
                bcts: (info?.bcts ?? []).map { CodeMapping(targetID: $0.id, rationale: $0.rationale) },
                principles: (info?.principles ?? []).map { CodeMapping(targetID: $0.id, rationale: $0.rationale) })
            try record.insertWithMappings(db)
            index.codeIDs.insert(id)
            index.codeByGUID[code.guid] = id
            report.add("codes")
        }
        codeTargets[code.guid] = .code(id)
        for (childPosition, child) in code.children.enumerated() {
            try importCode(child, parent: id, position: childPosition)
        }
    }

    /// A code id part made from a name: lower case, accents removed, runs of anything other than
    /// letters and digits turned into one hyphen.
    static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen && !result.isEmpty { result += "-" }
                pendingHyphen = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return result.isEmpty ? "code" : result
    }

    // MARK: - Users

    private mutating func importUsers() throws {
        for user in project.users {
            coders[user.guid] = try coderID(guid: user.guid, name: user.name)
        }
    }

    /// The coder row for a user: the one with the user's GUID, else the one of the same name
    /// that has no GUID, else a new coder. A name already taken by a coder with another GUID
    /// is kept apart by adding the start of the GUID, so no one's codings are merged into
    /// someone else's.
    private mutating func coderID(guid: String?, name: String?) throws -> Int64 {
        if let guid, let existing = index.coderByGUID[guid] {
            report.present("coders")
            return existing
        }
        var name = (name?.isEmpty == false ? name : nil) ?? guid.map { "user " + $0.prefix(8) } ?? "unknown"
        if let existing = index.coderByName[name] {
            if existing.guid == nil || guid == nil, let id = existing.id {
                return id
            }
            let original = name
            name = StoreIndex.unique("\(name) (\(guid!.prefix(8)))", in: Set(index.coderByName.keys))
            report.warnings.append("coder name \"\(original.excerpt)\" is already used by another user; "
                + "this file's \"\(original.excerpt)\" is kept as \"\(name.excerpt)\"")
        }
        var coder = Coder(name: name, guid: guid)
        try coder.insert(db)
        index.coderByName[name] = coder
        if let guid { index.coderByGUID[guid] = coder.id }
        report.add("coders")
        return coder.id!
    }

    /// The coder for a coding or selection made by `user`, honouring `--coder`.
    private mutating func coder(forUser user: String?, item: String) throws -> Int64 {
        if let fixed = options.coder { return try coderID(guid: nil, name: fixed) }
        if let user, let id = coders[user] { return id }
        if let user {
            if let existing = index.coderByGUID[user] { return existing }
            report.dangling("coding → user", item)
        }
        return try coderID(guid: nil, name: "unknown")
    }

    // MARK: - Cases and participants

    /// Variable values by variable name, plus the description; values of unknown variables are
    /// reported as dangling references of `kind` from `owner`.
    private mutating func attributes(_ values: [QDAVariableValue], description: String?, owner: String,
                                     kind: String) -> [String: String] {
        var attributes: [String: String] = [:]
        for value in values {
            guard let name = variableNames[value.variableGUID] else {
                report.dangling("\(kind) value → variable", owner)
                continue
            }
            attributes[name] = value.value
        }
        if let description { attributes["description"] = description }
        return attributes
    }

    private mutating func importCases() throws {
        var participants: [(QDACase, [String: String])] = []
        for item in project.cases {
            let attributes = attributes(item.values, description: item.description, owner: item.guid, kind: "case")
            let name = item.name ?? item.guid
            if attributes["role"] != nil || ParticipantID.parse(name) != nil {
                participants.append((item, attributes))
            } else {
                let id = try studyCase(item, name: name, attributes: attributes)
                for source in item.sourceRefs { sourceCase[source] = id }
            }
            if !item.codeRefs.isEmpty { report.notKept["Case CodeRef", default: 0] += item.codeRefs.count }
            if !item.selectionRefs.isEmpty {
                report.notKept["Case SelectionRef", default: 0] += item.selectionRefs.count
            }
        }
        for (item, attributes) in participants {
            let id = try participant(item, attributes: attributes)
            for source in item.sourceRefs { sourceParticipant[source] = id }
        }
    }

    private mutating func studyCase(_ item: QDACase, name: String, attributes: [String: String]) throws -> String {
        if let existing = index.caseByGUID[item.guid] ?? (index.caseIDs.contains(name) ? name : nil) {
            report.present("cases")
            return existing
        }
        var attributes = attributes
        let sector = attributes.removeValue(forKey: "sector")
        let label = attributes.removeValue(forKey: "label")
        try StudyCase(id: name, sector: sector, label: label, guid: item.guid, attributes: attributes).insert(db)
        index.caseIDs.insert(name)
        index.caseByGUID[item.guid] = name
        report.add("cases")
        return name
    }

    private mutating func participant(_ item: QDACase, attributes: [String: String]) throws -> String {
        let name = item.name ?? item.guid
        if let existing = index.participantByGUID[item.guid] ?? (index.participantIDs.contains(name) ? name : nil) {
            report.present("participants")
            return existing
        }
        var record = try Participant(id: name, attributes: attributes, guid: item.guid)
        record.attributes.removeValue(forKey: "role")
        record.attributes.removeValue(forKey: "case")
        try ensureCase(record.caseID)
        try record.insert(db)
        index.participantIDs.insert(name)
        index.participantByGUID[item.guid] = name
        report.add("participants")
        return name
    }

    /// Adds the case a participant belongs to when the project does not have it yet.
    private mutating func ensureCase(_ id: String?) throws {
        guard let id, !index.caseIDs.contains(id) else { return }
        try StudyCase(id: id).insert(db)
        index.caseIDs.insert(id)
        report.add("cases")
    }

    /// The participant named by a document title such as `PAR1PW01`, added when missing.
    private mutating func participant(named name: String?) throws -> Participant? {
        guard let name, let parsed = ParticipantID.parse(name) else { return nil }
        let record = Participant(id: name, role: parsed.role.rawValue, caseID: parsed.caseID)
        if !index.participantIDs.contains(name) {
            try ensureCase(record.caseID)
            try record.insert(db)
            index.participantIDs.insert(name)
            report.add("participants")
        }
        return record
    }

    // MARK: - Documents

    private mutating func importSources() throws {
        for source in project.sources {
            let text = source.text ?? ""
            let hash = Document.contentHash(of: text)
            let label = source.name.map { "\"\($0)\"" } ?? source.guid
            if let existing = index.documentByGUID[source.guid] {
                guard existing.hash == hash else {
                    throw ExchangeError.documentTextDiffers(file: report.file, source: label, document: existing.id)
                }
                documents[source.guid] = existing.id
                report.present("documents")
                continue
            }
            if let existing = index.documentByHash[hash] {
                documents[source.guid] = existing
                report.present("documents")
                continue
            }
            let metadataValues = attributes(source.values, description: source.description, owner: source.guid,
                                            kind: "source")
            let base = metadata.documents[source.guid] ?? source.name.flatMap { $0.isEmpty ? nil : $0 } ?? source.guid
            let id = StoreIndex.unique(base, in: index.documentIDs)
            var participantID = sourceParticipant[source.guid]
            var caseID = sourceCase[source.guid]
            if participantID == nil, let named = try participant(named: source.name) {
                participantID = named.id
                caseID = caseID ?? named.caseID
            }
            if caseID == nil, let participantID {
                caseID = try Participant.fetchOne(db, key: participantID)?.caseID
            }
            let document = Document(id: id, title: source.name ?? id, participantID: participantID, caseID: caseID,
                                    text: text, guid: source.guid, metadata: metadataValues)
            try document.insert(db)
            index.documentIDs.insert(id)
            index.documentByGUID[source.guid] = (id, hash)
            index.documentByHash[hash] = id
            documents[source.guid] = id
            report.add("documents")
        }
        let known = Set(project.sources.map(\.guid))
        for item in project.cases {
            for source in item.sourceRefs where !known.contains(source) && index.documentByGUID[source] == nil {
                report.dangling("case → source", item.guid)
            }
        }
    }

    // MARK: - Segments and codings

    private mutating func importSelections() throws {
        let notes = Dictionary(project.notes.map { ($0.guid, $0) }, uniquingKeysWith: { first, _ in first })
        let total = project.codingCount + project.sources.reduce(0) { $0 + $1.codings.count }
        let step = max(1, total / 100)
        var done = 0
        options.progress?(ImportProgress(phase: "codings", done: 0, total: total))
        for (sourceIndex, source) in project.sources.enumerated() {
            guard let documentID = documents[source.guid] else { continue }
            for (selectionIndex, selection) in source.selections.enumerated() {
                let span = spans[sourceIndex][selectionIndex]
                let segment = try segmentID(guid: selection.guid, documentID: documentID, span: span)
                if let description = selection.description {
                    try insertNote(guid: nil, name: "Description", text: description, author: nil, createdAt: nil,
                                   target: .init(kind: "segment", id: segment.reference, author: nil))
                }
                for noteGUID in selection.noteRefs {
                    attach(noteGUID, kind: "segment", id: segment.reference)
                }
                for coding in selection.codings {
                    try importCoding(coding, segment: segment.id, fallbackUser: selection.creatingUser, notes: notes)
                    done += 1
                    if done % step == 0 { options.progress?(ImportProgress(phase: "codings", done: done, total: total)) }
                }
            }
            if !source.codings.isEmpty {
                let length = (source.text ?? "").unicodeScalars.count
                let segment = try segmentID(guid: nil, documentID: documentID, span: 0..<length)
                for coding in source.codings {
                    try importCoding(coding, segment: segment.id, fallbackUser: source.creatingUser, notes: notes)
                    done += 1
                }
            }
            for noteGUID in source.noteRefs { attach(noteGUID, kind: "document", id: documentID) }
        }
        options.progress?(ImportProgress(phase: "codings", done: total, total: total))
    }

    /// The segment for a selection: the one with its GUID when that covers the same span, else
    /// the one already covering the span, else a new one.
    private mutating func segmentID(guid: String?, documentID: String,
                                    span: Range<Int>) throws -> (id: Int64, reference: String) {
        let key = StoreIndex.Span(document: documentID, start: span.lowerBound, end: span.upperBound)
        var guid = guid
        if let guid, let existing = index.segmentByGUID[guid] {
            if existing.span == key {
                report.present("segments")
                return (existing.id, guid)
            }
            report.warnings.append("selection \(guid) has the GUID of a segment with another span; "
                + "it is kept as a separate segment")
        }
        if let existing = index.segmentBySpan[key] {
            if !createdSegments.contains(existing.id) { report.present("segments") }
            return (existing.id, existing.guid ?? String(existing.id))
        }
        if let current = guid, index.segmentByGUID[current] != nil { guid = nil }
        var segment = Segment(documentID: documentID, start: span.lowerBound, end: span.upperBound, guid: guid)
        try segment.insert(db)
        index.add(segment: segment.id!, guid: guid, span: key)
        createdSegments.insert(segment.id!)
        report.add("segments")
        return (segment.id!, guid ?? String(segment.id!))
    }

    /// Adds one coding unless the project has it already. A coding without a user is attributed
    /// to the user who made its selection (`fallbackUser`).
    private mutating func importCoding(_ coding: QDACoding, segment: Int64, fallbackUser: String?,
                                       notes: [String: QDANote]) throws {
        guard let target = codeTargets[coding.codeGUID] else {
            report.dangling("coding → code", coding.guid)
            return
        }
        let coderID = try coder(forUser: coding.creatingUser ?? fallbackUser, item: coding.guid)
        let key = StoreIndex.CodingKey(segment: segment, target: target, coder: coderID)
        var guid: String? = coding.guid
        if let existing = index.codingByGUID[coding.guid] {
            if existing == key {
                report.present("codings")
                return
            }
            report.warnings.append("coding \(coding.guid) has the GUID of a different coding; it is added without it")
            guid = nil
        } else if index.codings.contains(key) {
            report.present("codings")
            return
        }
        var memo: String?
        for noteGUID in coding.noteRefs {
            if memoNotes.contains(noteGUID) {
                memo = notes[noteGUID]?.text
            } else {
                attach(noteGUID, kind: "coding", id: coding.guid)
            }
        }
        var record = Coding(segmentID: segment, target: target, coderID: coderID,
                            createdAt: coding.creationDateTime, memo: memo, guid: guid)
        try record.insert(db)
        index.add(coding: key, guid: guid)
        report.add("codings")
    }

    // MARK: - Notes

    /// Records where a note is attached; the first element that refers to a note wins.
    private mutating func attach(_ noteGUID: String, kind: String, id: String?) {
        if noteTargets[noteGUID] == nil { noteTargets[noteGUID] = .init(kind: kind, id: id, author: nil) }
    }

    private mutating func importNotes() throws {
        for noteGUID in project.noteRefs { attach(noteGUID, kind: "project", id: nil) }
        for code in project.allCodes {
            guard case let .code(id)? = codeTargets[code.guid] else { continue }
            for noteGUID in code.noteRefs { attach(noteGUID, kind: "code", id: id) }
        }
        let userNames = Dictionary(project.users.map { ($0.guid, $0.name ?? $0.guid) }, uniquingKeysWith: { first, _ in first })
        let known = Set(project.notes.map(\.guid))
        for noteGUID in noteTargets.keys.sorted() where !known.contains(noteGUID) {
            report.dangling("→ note", noteGUID)
        }
        for note in project.notes where note.guid != metadataNoteGUID && !memoNotes.contains(note.guid) {
            if index.noteGUIDs.contains(note.guid) {
                report.present("notes")
                continue
            }
            let target = metadata.notes[note.guid] ?? noteTargets[note.guid] ?? .init(kind: nil, id: nil, author: nil)
            try insertNote(guid: note.guid, name: note.name, text: note.text,
                           author: target.author ?? note.creatingUser.map { userNames[$0] ?? $0 },
                           createdAt: target.dateFilledIn == true ? nil : note.creationDateTime, target: target)
        }
    }

    private mutating func insertNote(guid: String?, name: String?, text: String, author: String?, createdAt: String?,
                                     target: ExchangeMetadata.NoteTarget) throws {
        try db.execute(
            sql: """
                INSERT INTO notes (guid, name, text, author, created_at, target_kind, target_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [guid, name, text, author, createdAt, target.kind, target.id])
        if let guid { index.noteGUIDs.insert(guid) }
        report.add("notes")
    }

    // MARK: - Sets

    private mutating func importSets() throws {
        for set in project.sets {
            if index.setGUIDs.contains(set.guid) {
                report.present("sets")
                continue
            }
            try db.execute(sql: "INSERT INTO sets (guid, name, description) VALUES (?, ?, ?)",
                           arguments: [set.guid, set.name, set.description])
            let setID = db.lastInsertedRowID
            index.setGUIDs.insert(set.guid)
            report.add("sets")
            var members: [(String, String)] = []
            for code in set.codeRefs {
                switch codeTargets[code] {
                case let .code(id)?: members.append(("code", id))
                case .some: break
                case nil: report.dangling("set → code", set.guid)
                }
            }
            for source in set.sourceRefs {
                if let id = documents[source] { members.append(("document", id)) } else { report.dangling("set → source", set.guid) }
            }
            let notes = Set(project.notes.map(\.guid))
            for note in set.noteRefs {
                if notes.contains(note) { members.append(("note", note)) } else { report.dangling("set → note", set.guid) }
            }
            members += (metadata.setCases[set.guid] ?? []).filter { index.caseIDs.contains($0) }.map { ("case", $0) }
            for (kind, id) in members {
                try db.execute(sql: "INSERT OR IGNORE INTO set_members (set_id, member_kind, member_id) VALUES (?, ?, ?)",
                               arguments: [setID, kind, id])
            }
        }
    }

    // MARK: - Tables carried in the metadata

    /// Adds taxonomy extensions and fidelity data carried by PeerScript's own exports, leaving
    /// rows the project already has alone.
    private mutating func importTables() throws {
        for table in ["taxonomy_extensions", "fidelity_items", "fidelity_ratings"] {
            guard let rows = metadata.tables[table], !rows.isEmpty else { continue }
            let columns = Set(try db.columns(in: table).map(\.name))
            for row in rows {
                let names = row.keys.filter(columns.contains).sorted()
                guard !names.isEmpty else { continue }
                let values = names.map { row[$0]!.databaseValue }
                let condition = names.map { "\"\($0)\" IS ?" }.joined(separator: " AND ")
                let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(condition))",
                                               arguments: StatementArguments(values)) ?? false
                if exists { continue }
                let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
                let quoted = names.map { "\"\($0)\"" }.joined(separator: ", ")
                try db.execute(sql: "INSERT OR IGNORE INTO \(table) (\(quoted)) VALUES (\(placeholders))",
                               arguments: StatementArguments(values))
                report.add(table.replacingOccurrences(of: "_", with: " "))
            }
        }
    }
}

extension JSONScalar {
    /// The value as GRDB passes it to SQLite.
    var databaseValue: DatabaseValue {
        switch self {
        case let .text(value): return value.databaseValue
        case let .integer(value): return value.databaseValue
        case let .real(value): return value.databaseValue
        case .null: return .null
        }
    }
}
