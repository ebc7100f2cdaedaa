import Foundation
import GRDB
import StudyModel

/// A value stored as one row of a project table through its Codable form, whose coding keys
/// are the table's column names. A stored value that does not decode is reported with its
/// table, column and row.
package protocol ProjectRecord: Codable, FetchableRecord, MutablePersistableRecord {
    /// The error for a stored value in `column` of `row` that its type cannot read.
    static func unreadableValue(column: String, row: Row) -> any Error
}

extension ProjectRecord {
    /// Decodes the row through the Codable form, turning a value that does not decode into
    /// ``unreadableValue(column:row:)``.
    public init(row: Row) throws {
        do {
            self = try FetchableRecordDecoder().decode(Self.self, from: row)
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.count == 1 {
            throw Self.unreadableValue(column: context.codingPath[0].stringValue, row: row)
        }
    }

    /// By default only JSON columns can hold what does not decode.
    package static func unreadableValue(column: String, row: Row) -> any Error {
        invalidJSON(column: column, row: row)
    }

    /// The error for a JSON column of `row` that is not an object of text values.
    package static func invalidJSON(column: String, row: Row) -> CorpusError {
        CorpusError.invalidJSONColumn(table: databaseTableName, column: column, rowID: text(row["id"]))
    }

    /// A stored value as text, for messages.
    package static func text(_ value: DatabaseValue) -> String {
        String.fromDatabaseValue(value) ?? value.description
    }
}

/// A record whose integer primary key SQLite assigns on insert.
package protocol RowIDRecord: ProjectRecord {
    /// The row id, nil until inserted.
    var id: Int64? { get set }
}

extension RowIDRecord {
    /// Keeps the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Every row, in the order written.
    package static func fetchAllByID(_ db: Database) throws -> [Self] {
        try order(Column("id")).fetchAll(db)
    }
}
