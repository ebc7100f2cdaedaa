import GRDB
import GRDBSQLite

/// A prepared INSERT driven through the SQLite C API, for the generator's millions of rows:
/// binding values directly avoids building a `StatementArguments` array per row, which
/// otherwise costs about as much as SQLite's own work.
struct BulkStatement {
    private let statement: Statement
    private let db: Database
    private var index: Int32 = 0

    /// Prepares `sql` on `db`; the statement lives as long as this value.
    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    /// Binds the next parameter to an integer.
    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    /// Binds the next parameter to an integer.
    mutating func bind(_ value: Int) {
        bind(Int64(value))
    }

    /// Binds the next parameter to text, or NULL for nil. SQLite copies the text.
    mutating func bind(_ value: String?) {
        index += 1
        guard let value else {
            sqlite3_bind_null(statement.sqliteStatement, index)
            return
        }
        let handle = statement.sqliteStatement
        let position = index
        value.utf8CString.withUnsafeBufferPointer { text in
            _ = sqlite3_bind_text(handle, position, text.baseAddress, Int32(text.count - 1), transient)
        }
    }

    /// Runs the statement with the values bound since the last step, then resets it.
    mutating func step() throws {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        index = 0
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }
}

/// SQLite's SQLITE_TRANSIENT: tells SQLite to take its own copy of bound text.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
