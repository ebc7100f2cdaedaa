import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The sources, variables and cases of an export, with their selections and codings.
extension ExportBuilder {
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

    mutating func source(_ document: Document, guid: String, values: [QDAVariableValue]) throws -> QDATextSource {
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
    func selectionsByCoder(_ selection: QDASelection, codings: [QDACoding]) -> [QDASelection] {
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

    mutating func coding(_ coding: Coding, documentGUID: String) -> QDACoding {
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
}
