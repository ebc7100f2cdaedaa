import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// Imports plain-text transcripts as documents.
///
/// The document id and title are the file name without its extension. The participant comes
/// from the `participant` argument or else from the file name when it is a participant id
/// (`PAR1PW01.txt` → participant `PAR1PW01`, role `PW`, case `PAR1`); the participant and case
/// are added when the project lacks them. The text is stored exactly as written — a leading
/// byte-order mark removed, CR LF or LF line ends kept — because segment offsets count it.
public enum TranscriptImporter {
    /// Imports `urls` in one transaction. A file whose name is already a document with other
    /// text stops the import; one with the same text is skipped. `advice` words the report's
    /// hint on naming a participant. Files over `maxBytes` in all are refused before any is read.
    public static func importFiles(_ urls: [URL], participant: String? = nil, into store: ProjectStore,
                                   maxBytes: Int64 = ByteLimit.bytes(megabytes: ByteLimit.defaultImportMegabytes),
                                   progress: ImportProgressHandler? = nil,
                                   advice: ExchangeAdvice = .neutral) throws -> ImportReport {
        let label = urls.count == 1 ? urls[0].lastPathComponent : "\(urls.count) transcripts"
        try ImportFile.requireWithinBudget(urls, limitBytes: maxBytes, label: label)
        var texts: [(url: URL, text: String)] = []
        for url in urls {
            let data = try ImportFile.read(url)
            texts.append((url, try SourceText.decode(data, file: url.lastPathComponent)))
        }
        return try store.write { db in
            var report = ImportReport(file: label)
            let named = Naming(participant: participant, advice: advice)
            var index = try StoreIndex(db)
            progress?(ImportProgress(phase: "documents", done: 0, total: texts.count))
            for (done, item) in texts.enumerated() {
                try importText(item.text, from: item.url, naming: named, db: db, index: &index, report: &report)
                progress?(ImportProgress(phase: "documents", done: done + 1, total: texts.count))
            }
            return report
        }
    }

    /// The participant asked for, and how to say that one can be asked for.
    private struct Naming {
        let participant: String?
        let advice: ExchangeAdvice
    }

    private static func importText(_ text: String, from url: URL, naming: Naming, db: Database,
                                   index: inout StoreIndex, report: inout ImportReport) throws {
        let file = url.lastPathComponent
        let id = url.deletingPathExtension().lastPathComponent
        let hash = Document.contentHash(of: text)
        if index.documentIDs.contains(id) {
            let existing = try String.fetchOne(db, sql: "SELECT content_hash FROM documents WHERE id = ?", arguments: [id])
            guard existing == hash else { throw ExchangeError.documentConflict(file: file, document: id) }
            report.present("documents")
            return
        }
        if let existing = index.documentByHash[hash] {
            report.present("documents")
            report.warnings.append("\(file) has the same text as document \(existing.excerpt); not added again")
            return
        }
        let person = try participant(naming.participant ?? id, naming: naming, file: file, db: db,
                                     index: &index, report: &report)
        let document = Document(id: id, title: id, participantID: person?.id, caseID: person?.caseID, text: text,
                                metadata: ["file": file])
        try document.insert(db)
        index.documentIDs.insert(id)
        index.documentByHash[hash] = id
        report.add("documents")
    }

    /// The participant for a transcript, added (with its case) when new. Without an explicit
    /// participant, a file name that is not a participant id gives a document without one.
    private static func participant(_ id: String, naming: Naming, file: String, db: Database,
                                    index: inout StoreIndex, report: inout ImportReport) throws -> Participant? {
        if let existing = try Participant.fetchOne(db, key: id) { return existing }
        guard let parsed = ParticipantID.parse(id) else {
            if naming.participant != nil {
                throw ExchangeError.badParticipant(file: file, value: id,
                                                   reason: "it is not of the form CASE+ROLE+NUMBER such as PAR1PW01")
            }
            report.warnings.append("\(file): the file name is not a participant id, so the document has no participant "
                + "(\(naming.advice.nameParticipant))")
            return nil
        }
        if !index.caseIDs.contains(parsed.caseID) {
            try StudyCase(id: parsed.caseID).insert(db)
            index.caseIDs.insert(parsed.caseID)
            report.add("cases")
        }
        let person = Participant(id: id, role: parsed.role.rawValue, caseID: parsed.caseID)
        try person.insert(db)
        index.participantIDs.insert(id)
        report.add("participants")
        return person
    }
}
