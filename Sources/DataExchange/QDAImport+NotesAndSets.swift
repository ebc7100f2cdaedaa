import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The notes and sets of an import, and the tables carried in its metadata note.
extension QDAImportSession {
    // MARK: - Notes

    /// Records where a note is attached; the first element that refers to a note wins.
    mutating func attach(_ noteGUID: String, kind: String, id: String?) {
        if noteTargets[noteGUID] == nil { noteTargets[noteGUID] = .init(kind: kind, id: id, author: nil) }
    }

    mutating func importNotes() throws {
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

    mutating func insertNote(guid: String?, name: String?, text: String, author: String?, createdAt: String?,
                                     target: ExchangeMetadata.NoteTarget) throws {
        var note = ProjectNote(guid: guid, name: name, text: text, author: author, createdAt: createdAt,
                               targetKind: target.kind, targetID: target.id)
        try note.insert(db)
        if let guid { index.noteGUIDs.insert(guid) }
        report.add("notes")
    }

    // MARK: - Sets

    mutating func importSets() throws {
        for set in project.sets {
            if index.setGUIDs.contains(set.guid) {
                report.present("sets")
                continue
            }
            var record = ProjectSet(guid: set.guid, name: set.name, description: set.description)
            try record.insert(db)
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
                try record.add(member: kind, id: id, db)
            }
        }
    }

    // MARK: - Tables carried in the metadata

    /// Adds taxonomy extensions and fidelity data carried by PeerScript's own exports, leaving
    /// rows the project already has alone.
    mutating func importTables() throws {
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
