import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// What a project already holds, indexed the ways an import needs to match incoming items:
/// by GUID, by id, by content hash, by span. Built once at the start of an import, inside its
/// transaction, and kept up to date as the import adds rows.
struct StoreIndex {
    /// A segment's place: document and scalar span.
    struct Span: Hashable {
        var document: String
        var start: Int
        var end: Int
    }

    /// A coding's substance: what it applies to which segment, and who applied it.
    struct CodingKey: Hashable {
        var segment: Int64
        var target: CodingTarget
        var coder: Int64
    }

    var coderByGUID: [String: Int64] = [:]
    var coderByName: [String: Coder] = [:]
    var documentByGUID: [String: (id: String, hash: String)] = [:]
    var documentByHash: [String: String] = [:]
    var documentIDs: Set<String> = []
    var codeByGUID: [String: String] = [:]
    var codeIDs: Set<String> = []
    var participantByGUID: [String: String] = [:]
    var participantIDs: Set<String> = []
    var caseByGUID: [String: String] = [:]
    var caseIDs: Set<String> = []
    var segmentByGUID: [String: (id: Int64, span: Span)] = [:]
    var segmentBySpan: [Span: (id: Int64, guid: String?)] = [:]
    var codingByGUID: [String: CodingKey] = [:]
    var codings: Set<CodingKey> = []
    var noteGUIDs: Set<String> = []
    var setGUIDs: Set<String> = []

    /// Reads the index from `db`. Rows without a GUID are indexed under the GUID an export
    /// would give them, so that importing PeerScript's own export matches them.
    init(_ db: Database) throws {
        for coder in try Coder.fetchAll(db) {
            coderByName[coder.name] = coder
            coderByGUID[coder.guid ?? ExchangeGUID.coder(coder.name)] = coder.id
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, guid, content_hash FROM documents") {
            let id: String = row["id"]
            let hash: String = row["content_hash"]
            documentIDs.insert(id)
            documentByHash[hash] = documentByHash[hash] ?? id
            documentByGUID[row["guid"] ?? ExchangeGUID.document(id)] = (id, hash)
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, guid FROM codes") {
            let id: String = row["id"]
            codeIDs.insert(id)
            codeByGUID[row["guid"] ?? ExchangeGUID.code(id)] = id
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, guid FROM participants") {
            let id: String = row["id"]
            participantIDs.insert(id)
            participantByGUID[row["guid"] ?? ExchangeGUID.participant(id)] = id
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, guid FROM cases") {
            let id: String = row["id"]
            caseIDs.insert(id)
            caseByGUID[row["guid"] ?? ExchangeGUID.studyCase(id)] = id
        }
        for segment in try Segment.fetchAll(db) {
            guard let id = segment.id else { continue }
            add(segment: id, guid: segment.guid, span: Span(document: segment.documentID, start: segment.start, end: segment.end))
        }
        for coding in try Coding.fetchAll(db) {
            add(coding: CodingKey(segment: coding.segmentID, target: coding.target, coder: coding.coderID), guid: coding.guid)
        }
        noteGUIDs = Set(try ProjectNote.fetchAll(db).compactMap(\.guid))
        setGUIDs = Set(try ProjectSet.fetchAll(db).compactMap(\.guid))
    }

    mutating func add(segment id: Int64, guid: String?, span: Span) {
        if let guid { segmentByGUID[guid] = (id, span) }
        if segmentBySpan[span] == nil { segmentBySpan[span] = (id, guid) }
    }

    mutating func add(coding key: CodingKey, guid: String?) {
        codings.insert(key)
        if let guid { codingByGUID[guid] = key }
    }

    /// `base` if no id in `taken` uses it, else `base-2`, `base-3`, … whichever is free first.
    static func unique(_ base: String, in taken: Set<String>) -> String {
        guard taken.contains(base) else { return base }
        var number = 2
        while taken.contains("\(base)-\(number)") { number += 1 }
        return "\(base)-\(number)"
    }
}

extension ExchangeGUID {
    /// The GUID an export gives a coder that has none.
    static func coder(_ name: String) -> String { QDAGUID.derived("coder:" + name) }
    /// The GUID an export gives a document that has none.
    static func document(_ id: String) -> String { QDAGUID.derived("document:" + id) }
    /// The GUID an export gives a code that has none.
    static func code(_ id: String) -> String { QDAGUID.derived("code:" + id) }
    /// The GUID an export gives a participant that has none.
    static func participant(_ id: String) -> String { QDAGUID.derived("participant:" + id) }
    /// The GUID an export gives a study case that has none.
    static func studyCase(_ id: String) -> String { QDAGUID.derived("case:" + id) }
    /// The GUID an export gives a segment that has none.
    static func segment(_ rowID: Int64, document: String) -> String {
        QDAGUID.derived("segment:\(document):\(rowID)")
    }
    /// The GUID an export gives a coding that has none.
    static func coding(_ rowID: Int64, document: String) -> String {
        QDAGUID.derived("coding:\(document):\(rowID)")
    }
    /// The GUID an export gives a note that has none.
    static func note(_ rowID: Int64) -> String { QDAGUID.derived("note:\(rowID)") }
    /// The GUID an export gives a set that has none.
    static func set(_ rowID: Int64) -> String { QDAGUID.derived("set:\(rowID)") }
}
