import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The notes and sets of an export, and the tables that travel in its metadata note.
extension ExportBuilder {
    /// The project's notes; records where each is attached so the elements can refer to them.
    mutating func notes() throws -> [QDANote] {
        var result: [QDANote] = []
        for note in try ProjectNote.fetchAllByID(db) {
            let guid = note.guid ?? ExchangeGUID.note(note.id!)
            let created = QDEWriter.dateTime(note.createdAt)
            // Readers need a date on every note; one filled in is marked so that it does not
            // come back as the note's own date.
            metadata.notes[guid] = .init(kind: note.targetKind, id: note.targetID, author: note.author,
                                         dateFilledIn: created == nil ? true : nil)
            if let kind = note.targetKind, kind != "case" {
                notesByTarget["\(kind):\(note.targetID ?? "")", default: []].append(guid)
            }
            result.append(QDANote(guid: guid, name: note.name, text: note.text,
                                  creatingUser: note.author.flatMap { coderNames[$0] },
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
        for record in try ProjectSet.fetchAllByID(db) {
            var set = QDASet(guid: record.guid ?? ExchangeGUID.set(record.id!), name: record.name,
                             description: record.description)
            for member in try record.members(db) {
                let memberID = member.memberID
                switch member.memberKind {
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
