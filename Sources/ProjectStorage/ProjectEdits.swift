import Foundation
import GRDB
import StudyModel

/// The connection edits run on, named for the layers above that do not use GRDB themselves.
public typealias ProjectDatabase = Database

/// A change a script asked for that the project cannot take, worded for the person who
/// wrote the script: what is wrong and what to do.
public struct ProjectEditError: DescribedError, Equatable, Sendable {
    /// The whole message.
    public let description: String
    /// An error with this message.
    public init(_ description: String) { self.description = description }
}

/// The changes scripts make to a project, as plain SQL over an open transaction. Each checks
/// what it is given against the project first and throws ``ProjectEditError`` rather than
/// leaving a constraint to fail.
public enum ProjectEdits {
    /// Throws unless `table` has a row whose `column` is `value`, naming `what` in the message.
    static func requireRow(_ db: Database, _ table: String, _ value: String, column: String = "id",
                           what: String, hint: String = "") throws {
        let found = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(column) = ?)", arguments: [value]) ?? false
        guard found else { throw ProjectEditError("the project has no \(what) '\(value)'" + hint) }
    }

    /// The number of rows `sql` counts.
    static func count(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> Int {
        try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }

    /// The id of the coder with this name, added to `coders` when new.
    public static func coderID(_ db: Database, named name: String) throws -> Int64 {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ProjectEditError("a coder needs a name") }
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM coders WHERE name = ?", arguments: [name]) { return id }
        try db.execute(sql: "INSERT INTO coders (name) VALUES (?)", arguments: [name])
        return db.lastInsertedRowID
    }

    // MARK: Attributes

    /// Sets (or, with nil, removes) attribute `name` of the participant or case `id`.
    public static func setAttribute(_ db: Database, participant id: String, name: String, value: String?) throws {
        try setAttribute(db, of: id, named: "participant", in: \Participant.attributes, name: name, value: value)
    }

    /// Sets (or, with nil, removes) attribute `name` of case `id`.
    public static func setAttribute(_ db: Database, case id: String, name: String, value: String?) throws {
        try setAttribute(db, of: id, named: "case", in: \StudyCase.attributes, name: name, value: value)
    }

    /// Participants and cases keep attributes alike: one JSON object of text values per row.
    private static func setAttribute<Record: FetchableRecord & MutablePersistableRecord>(
        _ db: Database, of id: String, named noun: String, in attributes: WritableKeyPath<Record, [String: String]>,
        name: String, value: String?
    ) throws {
        guard var record = try Record.fetchOne(db, key: id) else {
            throw ProjectEditError("the project has no \(noun) '\(id)'")
        }
        try checkAttributeName(name)
        record[keyPath: attributes][name] = value
        try record.update(db)
    }

    private static func checkAttributeName(_ name: String) throws {
        guard !name.isEmpty, !name.contains(".") else {
            throw ProjectEditError("an attribute name must be non-empty and without dots (fields name them as 'participant.NAME'), not '\(name)'")
        }
    }

    // MARK: Memos

    /// What a memo can be attached to.
    public enum MemoTarget: String, CaseIterable, Sendable {
        case project, document, code, `case`, segment, coding
    }

    /// Adds a memo (a REFI-QDA note) on `target` `id`; returns the note's number. Segment and
    /// coding memos refer to their GUID, which a coding without one is given.
    @discardableResult
    public static func addMemo(_ db: Database, on target: MemoTarget, id: String?, text: String,
                               name: String?, author: String?, at date: Date = Date()) throws -> Int64 {
        let targetID = try memoTargetID(db, target, id)
        try db.execute(sql: """
            INSERT INTO notes (guid, name, text, author, created_at, target_kind, target_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [UUID().uuidString.lowercased(), name, text, author, Coding.timestamp(date), target.rawValue, targetID])
        return db.lastInsertedRowID
    }

    private static func memoTargetID(_ db: Database, _ target: MemoTarget, _ id: String?) throws -> String? {
        if target == .project { return nil }
        guard let id else { throw ProjectEditError("a memo on a \(target.rawValue) needs its id") }
        switch target {
        case .project: return nil
        case .document: try requireRow(db, "documents", id, what: "document")
        case .code: try requireRow(db, "codes", id, what: "code")
        case .case: try requireRow(db, "cases", id, what: "case")
        case .segment, .coding:
            let table = target == .segment ? "segments" : "codings"
            guard let number = Int64(id), let row = try Row.fetchOne(db, sql: "SELECT guid FROM \(table) WHERE id = ?", arguments: [number]) else {
                throw ProjectEditError("the project has no \(target.rawValue) number '\(id)'")
            }
            if let guid: String = row["guid"] { return guid }
            if target == .segment { return id }
            let guid = UUID().uuidString.lowercased()
            try db.execute(sql: "UPDATE codings SET guid = ? WHERE id = ?", arguments: [guid, number])
            return guid
        }
        return id
    }

    // MARK: Fidelity and the taxonomy

    /// Adds a fidelity item under principle `item.principleID` (one of `principles`).
    public static func addFidelityItem(_ db: Database, _ item: FidelityItem, principles: PrinciplesFramework) throws {
        guard principles.principle(item.principleID) != nil else {
            throw ProjectEditError("unknown principle '\(item.principleID)'; the principles are \(principles.principles.map(\.id).joined(separator: ", "))")
        }
        guard item.scaleMin < item.scaleMax else {
            throw ProjectEditError("fidelity item '\(item.id)' needs a scale whose min is below its max, not \(item.scaleMin)–\(item.scaleMax)")
        }
        guard try count(db, "SELECT count(*) FROM fidelity_items WHERE id = ?", [item.id]) == 0 else {
            throw ProjectEditError("the project already has a fidelity item '\(item.id)'")
        }
        try item.insert(db)
    }

    /// Records a rating of a fidelity item, checked against the item's scale.
    public static func addRating(_ db: Database, _ rating: FidelityRating) throws {
        guard let item = try FidelityItem.fetchOne(db, key: rating.itemID) else {
            throw ProjectEditError("the project has no fidelity item '\(rating.itemID)'; add it first")
        }
        guard (item.scaleMin...item.scaleMax).contains(rating.value) else {
            throw ProjectEditError("a rating of '\(item.id)' must lie on its scale \(item.scaleMin)–\(item.scaleMax), not \(rating.value)")
        }
        switch rating.target {
        case .studyCase(let id): try requireRow(db, "cases", id, what: "case")
        case .participant(let id): try requireRow(db, "participants", id, what: "participant")
        }
        try rating.insert(db)
    }
}
