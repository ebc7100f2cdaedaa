import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The cases, participants and documents of an import.
extension QDAImportSession {
    // MARK: - Cases and participants

    /// Variable values by variable name, plus the description; values of unknown variables are
    /// reported as dangling references of `kind` from `owner`.
    mutating func attributes(_ values: [QDAVariableValue], description: String?, owner: String,
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

    mutating func importCases() throws {
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

    mutating func studyCase(_ item: QDACase, name: String, attributes: [String: String]) throws -> String {
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

    mutating func participant(_ item: QDACase, attributes: [String: String]) throws -> String {
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
    mutating func ensureCase(_ id: String?) throws {
        guard let id, !index.caseIDs.contains(id) else { return }
        try StudyCase(id: id).insert(db)
        index.caseIDs.insert(id)
        report.add("cases")
    }

    /// The participant named by a document title such as `PAR1PW01`, added when missing.
    mutating func participant(named name: String?) throws -> Participant? {
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

    mutating func importSources() throws {
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
}
