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
private struct ExportBuilder {
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
        let meta = try Dictionary(
            Row.fetchAll(db, sql: "SELECT key, value FROM project_meta").map { ($0["key"] as String, $0["value"] as String) },
            uniquingKeysWith: { first, _ in first })
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

    // MARK: - Codes

    /// The code trees, one folder per codebook when there is more than one codebook.
    mutating func codeTree() throws -> [QDACode] {
        let codes = try Code.fetchAllWithMappings(db)
        let known = Set(codes.map(\.id))
        var children: [String?: [Code]] = [:]
        for code in codes {
            let parent = code.parentID.flatMap { known.contains($0) ? $0 : nil }
            children[parent, default: []].append(code)
        }
        try ExportSpan.checkCodeTree(children)
        func build(_ code: Code) -> QDACode {
            let guid = code.guid ?? ExchangeGUID.code(code.id)
            metadata.codes[guid] = ExchangeMetadata.CodeInfo(
                id: code.id, codebook: code.codebook, level: code.level.rawValue,
                bcts: code.bcts.isEmpty ? nil : code.bcts.map { .init(id: $0.targetID, rationale: $0.rationale) },
                principles: code.principles.isEmpty ? nil : code.principles.map { .init(id: $0.targetID, rationale: $0.rationale) })
            let kids = (children[code.id] ?? []).sorted { ($0.sortOrder, $0.id) < ($1.sortOrder, $1.id) }
            return QDACode(guid: guid, name: code.label, isCodable: true, color: code.colour, description: code.description,
                           noteRefs: notesByTarget["code:" + code.id] ?? [], children: kids.map(build))
        }
        let roots = (children[nil] ?? []).sorted { ($0.codebook, $0.sortOrder, $0.id) < ($1.codebook, $1.sortOrder, $1.id) }
        let codebooks = Array(Set(roots.map(\.codebook))).sorted()
        if codebooks.count <= 1 { return roots.map(build) }
        return codebooks.map { codebook in
            QDACode(guid: ExchangeGUID.codebookFolder(codebook), name: Codebook.builtIn(codebook)?.name ?? codebook,
                    isCodable: false, children: roots.filter { $0.codebook == codebook }.map(build))
        }
    }

    /// Codes standing for the techniques and principles that codings apply directly, in folders
    /// by taxonomy group.
    func frameworkCodes() -> [QDACode] {
        var result: [QDACode] = []
        if !frameworkBCTs.isEmpty {
            let taxonomy = (try? extendedTaxonomy()) ?? Taxonomy.standard
            var groups: [(id: String, label: String, codes: [QDACode])] = []
            for id in frameworkBCTs.sorted(by: { $0.localizedStandardCompare($1) == .orderedAscending }) {
                let technique = taxonomy.bct(id)
                let groupID = technique?.groupID ?? String(id.prefix { $0 != "." })
                let code = QDACode(guid: ExchangeGUID.bct(id), name: technique.map { "\(id) \($0.label)" } ?? id)
                if let position = groups.firstIndex(where: { $0.id == groupID }) {
                    groups[position].codes.append(code)
                } else {
                    groups.append((groupID, taxonomy.group(groupID)?.label ?? groupID, [code]))
                }
            }
            result.append(QDACode(guid: ExchangeGUID.techniquesFolder, name: "Behaviour change techniques", isCodable: false,
                                  children: groups.map {
                                      QDACode(guid: ExchangeGUID.bctGroup($0.id), name: "\($0.id). \($0.label)",
                                              isCodable: false, children: $0.codes)
                                  }))
        }
        if !frameworkPrinciples.isEmpty {
            let principles = PrinciplesFramework.standard
            let codes = frameworkPrinciples.sorted().map { id in
                QDACode(guid: ExchangeGUID.principle(id), name: principles.principle(id).map { "\(id) \($0.label)" } ?? id)
            }
            result.append(QDACode(guid: ExchangeGUID.principlesFolder, name: "Peer-support principles", isCodable: false,
                                  children: codes))
        }
        return result
    }

    /// The standard taxonomy with the project's extension techniques added, for their labels.
    private func extendedTaxonomy() throws -> Taxonomy {
        var groups: [String: (label: String, framework: String, techniques: [BCT])] = [:]
        var order: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM taxonomy_extensions ORDER BY rowid") {
            let groupID: String = row["group_id"]
            if groups[groupID] == nil {
                order.append(groupID)
                groups[groupID] = (row["group_label"], row["framework"], [])
            }
            groups[groupID]!.techniques.append(BCT(id: row["bct_id"], label: row["label"], groupID: groupID,
                                                   definition: row["definition"], framework: row["framework"]))
        }
        let extra = order.map { BCTGroup(id: $0, label: groups[$0]!.label, framework: groups[$0]!.framework,
                                         techniques: groups[$0]!.techniques) }
        return try Taxonomy(groups: Taxonomy.standard.groups + extra)
    }

    // MARK: - Sources and cases

    mutating func sourcesAndCases() throws -> ([QDATextSource], [QDAVariable], [QDACase]) {
        let documents = try Document.fetchAll(db, sql: "SELECT * FROM documents ORDER BY id")
        let studyCases = try StudyCase.fetchAll(db, sql: "SELECT * FROM cases ORDER BY id")
        let participants = try Participant.fetchAll(db, sql: "SELECT * FROM participants ORDER BY id")
        var variableNames: [String] = []
        func variable(_ name: String) -> String {
            if !variableNames.contains(name) { variableNames.append(name) }
            return ExchangeGUID.variable(name)
        }
        func values(_ pairs: [(String, String?)]) -> [QDAVariableValue] {
            pairs.compactMap { name, value in
                value.map { QDAVariableValue(variableGUID: variable(name), type: .text, value: $0) }
            }
        }
        var documentGUIDs: [String: String] = [:]
        for document in documents { documentGUIDs[document.id] = document.guid ?? ExchangeGUID.document(document.id) }

        var sources: [QDATextSource] = []
        for document in documents {
            sources.append(try source(document, guid: documentGUIDs[document.id]!,
                                      values: values(document.metadata.filter { $0.key != "description" }
                                          .sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))
        }
        /// A case element: fixed values first, then the other attributes by name; the description
        /// attribute becomes the element's description.
        func caseElement(guid: String, name: String, fixed: [(String, String?)], attributes: [String: String],
                         documents: [Document]) -> QDACase {
            var result = QDACase(guid: guid, name: name, description: attributes["description"])
            result.values = values(fixed + attributes.filter { $0.key != "description" }
                .sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            result.sourceRefs = documents.map { documentGUIDs[$0.id]! }
            return result
        }
        var cases = studyCases.map { item in
            caseElement(guid: item.guid ?? ExchangeGUID.studyCase(item.id), name: item.id,
                        fixed: [("sector", item.sector), ("label", item.label)], attributes: item.attributes,
                        documents: documents.filter { $0.caseID == item.id })
        }
        cases += participants.map { person in
            caseElement(guid: person.guid ?? ExchangeGUID.participant(person.id), name: person.id,
                        fixed: [("role", person.role), ("case", person.caseID)], attributes: person.attributes,
                        documents: documents.filter { $0.participantID == person.id })
        }
        let variables = variableNames.map { QDAVariable(guid: ExchangeGUID.variable($0), name: $0, type: .text) }
        return (sources, variables, cases)
    }

    private mutating func source(_ document: Document, guid: String, values: [QDAVariableValue]) throws -> QDATextSource {
        metadata.documents[guid] = document.id
        var source = QDATextSource(guid: guid, name: document.title)
        source.text = document.text
        source.description = document.metadata["description"]
        source.creationDateTime = projectDate
        source.values = values
        source.noteRefs = notesByTarget["document:" + document.id] ?? []
        let scalars = Array(document.text.unicodeScalars)
        let segments = try Segment.fetchAll(db, sql: "SELECT * FROM segments WHERE document_id = ? ORDER BY start, end, id",
                                            arguments: [document.id])
        let codings = Dictionary(grouping: try Coding.fetchAll(db, sql: """
            SELECT codings.* FROM codings JOIN segments ON segments.id = codings.segment_id
            WHERE segments.document_id = ? ORDER BY codings.id
            """, arguments: [document.id]), by: \.segmentID)
        for segment in segments {
            try ExportSpan.check(start: segment.start, end: segment.end, length: scalars.count,
                                 document: document.id, segment: segment.guid ?? String(segment.id!))
            let segmentGUID = segment.guid ?? ExchangeGUID.segment(segment.id!, document: guid)
            var selection = QDASelection(guid: segmentGUID, name: Self.excerptName(scalars, segment.start, segment.end),
                                         start: segment.start, end: segment.end)
            selection.noteRefs = (notesByTarget["segment:" + segmentGUID] ?? [])
                + (segment.guid == nil ? notesByTarget["segment:" + String(segment.id!)] ?? [] : [])
            let exported = (codings[segment.id!] ?? []).map { self.coding($0, documentGUID: guid) }
            source.selections += selectionsByCoder(selection, codings: exported)
        }
        return source
    }

    /// One selection per coder of a span, as NVivo and QualCoder write them: readers take the
    /// coder of a coding from its selection. The first coder's selection keeps the segment's
    /// GUID and notes; the others get GUIDs derived from it, and PeerScript's import joins
    /// them again by their span. A span no one coded is written once, attributed to the
    /// project's first coder.
    private func selectionsByCoder(_ selection: QDASelection, codings: [QDACoding]) -> [QDASelection] {
        var order: [String?] = []
        var byCoder: [String?: [QDACoding]] = [:]
        for coding in codings {
            if byCoder[coding.creatingUser] == nil { order.append(coding.creatingUser) }
            byCoder[coding.creatingUser, default: []].append(coding)
        }
        guard !order.isEmpty else {
            var single = selection
            single.creatingUser = firstCoderGUID
            single.creationDateTime = projectDate
            return [single]
        }
        return order.enumerated().map { position, user in
            var part = selection
            let mine = byCoder[user] ?? []
            part.codings = mine
            part.creatingUser = user
            part.creationDateTime = mine.compactMap { QDEWriter.dateTime($0.creationDateTime) }.min() ?? projectDate
            if position > 0 {
                part.guid = QDAGUID.derived("selection:\(selection.guid):\(user ?? "")")
                part.noteRefs = []
            }
            return part
        }
    }

    private mutating func coding(_ coding: Coding, documentGUID: String) -> QDACoding {
        let guid = coding.guid ?? ExchangeGUID.coding(coding.id!, document: documentGUID)
        let codeGUID: String
        switch coding.target {
        case let .code(id): codeGUID = codeGUIDs[id] ?? ExchangeGUID.code(id)
        case let .bct(id):
            frameworkBCTs.insert(id)
            codeGUID = ExchangeGUID.bct(id)
        case let .principle(id):
            frameworkPrinciples.insert(id)
            codeGUID = ExchangeGUID.principle(id)
        }
        var result = QDACoding(guid: guid, codeGUID: codeGUID, creatingUser: coderGUIDs[coding.coderID],
                               creationDateTime: coding.createdAt, noteRefs: notesByTarget["coding:" + guid] ?? [])
        if let memo = coding.memo {
            let noteGUID = ExchangeGUID.memo(coding: guid)
            extraNotes.append(QDANote(guid: noteGUID, name: "Memo", text: memo, creatingUser: result.creatingUser,
                                      creationDateTime: QDEWriter.dateTime(coding.createdAt) ?? projectDate))
            result.noteRefs.insert(noteGUID, at: 0)
        }
        return result
    }

    /// The start of a segment's text as the selection's name: at most 60 characters with line
    /// breaks shown as spaces, and an ellipsis when shortened. The span must lie in `scalars`
    /// (see ``ExportSpan/check(start:end:length:document:segment:)``).
    static func excerptName(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        let limit = 60
        var view = String.UnicodeScalarView()
        for scalar in scalars[start..<min(end, start + limit)] {
            view.append(scalar.properties.isWhitespace ? " " : scalar)
        }
        return String(view) + (end - start > limit ? "…" : "")
    }

    // MARK: - Notes and sets

    /// The project's notes; records where each is attached so the elements can refer to them.
    mutating func notes() throws -> [QDANote] {
        var result: [QDANote] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM notes ORDER BY id") {
            let id: Int64 = row["id"]
            let guid: String = row["guid"] ?? ExchangeGUID.note(id)
            let kind: String? = row["target_kind"]
            let target: String? = row["target_id"]
            let author: String? = row["author"]
            let created = QDEWriter.dateTime(row["created_at"])
            // Readers need a date on every note; one filled in is marked so that it does not
            // come back as the note's own date.
            metadata.notes[guid] = .init(kind: kind, id: target, author: author, dateFilledIn: created == nil ? true : nil)
            if let kind, kind != "case" {
                notesByTarget["\(kind):\(target ?? "")", default: []].append(guid)
            }
            result.append(QDANote(guid: guid, name: row["name"], text: row["text"],
                                  creatingUser: author.flatMap { coderNames[$0] },
                                  creationDateTime: created ?? projectDate))
        }
        return result
    }

    mutating func sets() throws -> [QDASet] {
        let documentGUIDs = try Dictionary(
            Row.fetchAll(db, sql: "SELECT id, guid FROM documents").map { row -> (String, String) in
                let id: String = row["id"]
                return (id, row["guid"] ?? ExchangeGUID.document(id))
            },
            uniquingKeysWith: { first, _ in first })
        var result: [QDASet] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM sets ORDER BY id") {
            let id: Int64 = row["id"]
            var set = QDASet(guid: row["guid"] ?? ExchangeGUID.set(id), name: row["name"], description: row["description"])
            for member in try Row.fetchAll(db, sql: "SELECT member_kind, member_id FROM set_members WHERE set_id = ? ORDER BY member_kind, member_id",
                                           arguments: [id]) {
                let memberID: String = member["member_id"]
                switch member["member_kind"] as String {
                case "code": if let guid = codeGUIDs[memberID] { set.codeRefs.append(guid) }
                case "document": if let guid = documentGUIDs[memberID] { set.sourceRefs.append(guid) }
                case "note": set.noteRefs.append(memberID)
                default: metadata.setCases[set.guid, default: []].append(memberID)
                }
            }
            result.append(set)
        }
        return result
    }

    /// Rows of the tables REFI-QDA has no place for, to travel in the metadata note.
    func carriedTables() throws -> [String: [[String: JSONScalar]]] {
        var tables: [String: [[String: JSONScalar]]] = [:]
        for table in ["taxonomy_extensions", "fidelity_items", "fidelity_ratings"] {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { row in
                var values: [String: JSONScalar] = [:]
                for (column, value) in row {
                    switch value.storage {
                    case let .string(text): values[column] = .text(text)
                    case let .int64(number): values[column] = .integer(number)
                    case let .double(number): values[column] = .real(number)
                    case .null, .blob: values[column] = .null
                    }
                }
                return values
            }
            if !rows.isEmpty { tables[table] = rows }
        }
        return tables
    }
}
