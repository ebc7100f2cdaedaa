import GRDB
import GRDBSQLite
import StudyModel

/// A SELECT stepped through the SQLite C API, for the loader's millions of rows: integers are
/// read straight from the statement and texts as borrowed bytes, so no row value, `String` or
/// `DatabaseValue` is made per row.
struct StatementRows {
    private let statement: Statement
    private let handle: SQLiteStatement
    private let db: Database

    /// Prepares `sql` on `db`; the statement lives as long as this value.
    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// Steps to the next row: false after the last one; throws what SQLite reports.
    @inline(__always)
    func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: code),
                            message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
    }

    /// Whether the column is NULL in the current row.
    @inline(__always)
    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The column's integer, or nil when it holds anything else (text, a real, NULL). SQLite
    /// reads those as 0, so only a 0 needs its type asked: one call per value, not two.
    @inline(__always)
    func integer(_ column: Int32) -> Int64? {
        let value = sqlite3_column_int64(handle, column)
        if value == 0 && sqlite3_column_type(handle, column) != SQLITE_INTEGER { return nil }
        return value
    }

    /// The column's text as UTF-8 bytes, valid until the next step; nil for NULL.
    @inline(__always)
    func text(_ column: Int32) -> UnsafeRawBufferPointer? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The column's text as UTF-8 bytes (empty for NULL).
    @inline(__always)
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        text(column) ?? UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// The column's text as a string (for messages and the rare new value).
    func string(_ column: Int32) -> String {
        String(decoding: bytes(column), as: UTF8.self)
    }
}

/// Finds the number a text key (a document, code or technique id) was given, from its UTF-8
/// bytes as SQLite returns them, without making a `String`: open addressing over FNV-1a.
struct TextKeyTable {
    private var slots: [Int32]
    private var keys: [[UInt8]] = []
    private var values: [Int32] = []

    /// A table holding `strings[i] → i`.
    init(_ strings: [String]) {
        var capacity = 16
        while capacity < strings.count * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        for (index, string) in strings.enumerated() { insert(string, value: Int32(index)) }
    }

    /// Adds `key → value`, growing the table when it is half full.
    mutating func insert(_ key: String, value: Int32) {
        if (keys.count + 1) * 2 > slots.count { grow() }
        let bytes = Array(key.utf8)
        keys.append(bytes)
        values.append(value)
        let entry = Int32(keys.count - 1)
        bytes.withUnsafeBytes { place(entry, hash: Self.hash($0)) }
    }

    /// The value of the key with these bytes, nil when it was never inserted.
    @inline(__always)
    func value(of bytes: UnsafeRawBufferPointer) -> Int32? {
        let mask = slots.count - 1
        var slot = Self.hash(bytes) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { return nil }
            if Self.equal(keys[Int(entry)], bytes) { return values[Int(entry)] }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func equal(_ key: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard key.count == bytes.count else { return false }
        return key.withUnsafeBytes { key in
            for index in 0..<key.count where key[index] != bytes[index] { return false }
            return true
        }
    }

    private mutating func place(_ entry: Int32, hash: Int) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for entry in keys.indices {
            keys[entry].withUnsafeBytes { place(Int32(entry), hash: Self.hash($0)) }
        }
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}

/// A column of a row that does not hold the kind of value the schema gives it (text where an
/// integer belongs), which only a project written by another tool can contain.
public struct ColumnValueError: Error, Equatable, DescribedError {
    /// The table, the row's id and the column.
    public let table: String, rowID: String, column: String
    /// What the column holds, as text.
    public let value: String

    public var description: String {
        "\(table) row '\(rowID)' has \(column) '\(value)', which is not an integer; "
            + "repair the project (the column must hold a whole number)"
    }
}
