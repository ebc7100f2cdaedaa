import CTextIndex
import GRDB

/// The full-text index of the documents' texts (schema version 2): two SQLite FTS5 tables over
/// `documents.text`, one folding case and accents (`unicode61 remove_diacritics 2`), one also
/// stemming English words (`porter`). Both are external-content tables, so the texts are stored
/// once; triggers on `documents` keep them current, and `text_index_state` records which text
/// (by content hash) each document had when it was indexed, so an index that was changed
/// behind the triggers' back is found stale and rebuilt.
public enum TextIndex {
    /// Which index a search reads, by how it matches words.
    public enum Tokenizer: String, Sendable, CaseIterable {
        /// Words folded to lower case without accents.
        case plain
        /// Words folded as `plain`, then reduced to their English (Porter) stem.
        case stemmed

        /// The FTS5 table of this index.
        public var table: String { self == .plain ? "text_index" : "text_index_stemmed" }
        /// The FTS5 tokenizer arguments, as the table declares them.
        public var arguments: String {
            self == .plain ? "unicode61 remove_diacritics 2" : "porter unicode61 remove_diacritics 2"
        }
    }

    /// The statements that create the index, its state table and its triggers.
    static let schema = """
        -- Full-text indexes over documents.text (FTS5, external content: the text is stored once).
        CREATE VIRTUAL TABLE text_index USING fts5(
          text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE text_index_stemmed USING fts5(
          text, content='documents', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
        -- The content hash each document had when it was indexed; the index on documents lets
        -- the check read the hashes without reading past the texts stored before them.
        CREATE TABLE text_index_state (document_rowid INTEGER PRIMARY KEY, content_hash TEXT NOT NULL);
        CREATE INDEX documents_content_hash ON documents(content_hash);
        CREATE TRIGGER documents_index_insert AFTER INSERT ON documents BEGIN
          INSERT INTO text_index(rowid, text) VALUES (new.rowid, new.text);
          INSERT INTO text_index_stemmed(rowid, text) VALUES (new.rowid, new.text);
          INSERT OR REPLACE INTO text_index_state VALUES (new.rowid, new.content_hash);
        END;
        CREATE TRIGGER documents_index_delete AFTER DELETE ON documents BEGIN
          INSERT INTO text_index(text_index, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO text_index_stemmed(text_index_stemmed, rowid, text) VALUES ('delete', old.rowid, old.text);
          DELETE FROM text_index_state WHERE document_rowid = old.rowid;
        END;
        CREATE TRIGGER documents_index_update AFTER UPDATE OF text, content_hash ON documents BEGIN
          INSERT INTO text_index(text_index, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO text_index_stemmed(text_index_stemmed, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO text_index(rowid, text) VALUES (new.rowid, new.text);
          INSERT INTO text_index_stemmed(rowid, text) VALUES (new.rowid, new.text);
          DELETE FROM text_index_state WHERE document_rowid = old.rowid;
          INSERT OR REPLACE INTO text_index_state VALUES (new.rowid, new.content_hash);
        END;
        """

    /// What the names of the index's tables (and FTS5's own tables behind them) start with.
    public static let tablePrefix = "text_index"

    /// The objects `schema` creates, by name.
    static let objects = ["text_index": "TABLE", "text_index_stemmed": "TABLE", "text_index_state": "TABLE",
                          "documents_content_hash": "INDEX", "documents_index_insert": "TRIGGER",
                          "documents_index_delete": "TRIGGER", "documents_index_update": "TRIGGER"]

    /// The SQL list of the objects' names.
    private static var objectList: String { objects.keys.sorted().map { "'\($0)'" }.joined(separator: ",") }

    /// The migration step: creates the index and fills it from the documents already stored.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: schema)
        try rebuild(db)
    }

    /// Re-reads every document into both indexes and records their hashes.
    public static func rebuild(_ db: Database) throws {
        for tokenizer in Tokenizer.allCases {
            try db.execute(sql: "INSERT INTO \(tokenizer.table)(\(tokenizer.table)) VALUES ('rebuild')")
        }
        try db.execute(sql: "DELETE FROM text_index_state")
        try db.execute(sql: "INSERT INTO text_index_state SELECT rowid, content_hash FROM documents")
    }

    /// Whether every index object exists and each document's hash is the one it was indexed with.
    public static func isCurrent(_ db: Database) throws -> Bool {
        let names = try String.fetchSet(
            db, sql: "SELECT name FROM sqlite_master WHERE name IN (\(objectList))")
        guard names.count == objects.count else { return false }
        let mismatched = try Bool.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM documents) <> (SELECT count(*) FROM text_index_state)
              OR EXISTS (SELECT 1 FROM documents d LEFT JOIN text_index_state s ON s.document_rowid = d.rowid
                         WHERE s.content_hash IS NOT d.content_hash)
            """) ?? true
        return !mismatched
    }

    /// Makes the index usable on this connection: rebuilds it when missing or stale (in the
    /// project when it is writable, else in the connection's temporary schema, which shadows
    /// the stale tables for this session only) and registers the hit-offset function.
    /// Returns whether it had to rebuild.
    @discardableResult
    public static func prepare(_ db: Database) throws -> Bool {
        try registerFunctions(db)
        if try isCurrent(db) { return false }
        if db.configuration.readonly {
            try buildTemporary(db)
        } else {
            try db.inSavepoint {
                let present = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE name IN (\(objectList))")
                for (name, kind) in objects.sorted(by: { $0.key < $1.key }) where present.contains(name) {
                    try db.execute(sql: "DROP \(kind) \(name)")
                }
                try migrate(db)
                return .commit
            }
        }
        return true
    }

    /// A session-only index for a read-only project whose own index is stale: copies of the
    /// texts in `temp` tables of the same names, which SQLite resolves before the file's.
    private static func buildTemporary(_ db: Database) throws {
        let built = try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM temp.sqlite_master WHERE name = 'text_index'") ?? false
        guard !built else { return }
        for tokenizer in Tokenizer.allCases {
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.\(tokenizer.table) USING fts5(text, tokenize='\(tokenizer.arguments)')")
            try db.execute(sql: "INSERT INTO temp.\(tokenizer.table)(rowid, text) SELECT rowid, text FROM main.documents")
        }
    }

    /// Registers `peerscript_hits` on the connection (harmless when repeated).
    static func registerFunctions(_ db: Database) throws {
        let code = peerscript_register_hits(UnsafeMutableRawPointer(db.sqliteConnection))
        guard code == 0 else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register the text search function: FTS5 is missing from this SQLite")
        }
    }

    /// One match of a full-text query: the document's rowid and the matched bytes of its text.
    public struct ByteHit: Sendable, Hashable {
        /// The `rowid` of the document.
        public let documentRowID: Int64
        /// The matched bytes of the UTF-8 text, end exclusive.
        public let bytes: Range<Int>
    }

    /// The matches of an FTS5 query (`match`, in FTS5 query syntax) in the chosen index, by
    /// document rowid; `prepare` must have run on this connection.
    public static func matches(_ db: Database, _ match: String, in tokenizer: Tokenizer) throws -> [Int64: [Range<Int>]] {
        var hits: [Int64: [Range<Int>]] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT rowid, peerscript_hits(\(tokenizer.table)) FROM \(tokenizer.table) WHERE \(tokenizer.table) MATCH ?",
            arguments: [match])
        while let row = try rows.next() {
            let rowID: Int64 = row[0]
            let text: String = row[1] ?? ""
            hits[rowID] = text.split(separator: ";").compactMap { pair in
                let parts = pair.split(separator: " ")
                guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]), start <= end else { return nil }
                return start..<end
            }
        }
        return hits
    }

    /// How many matches of an FTS5 query each document has, by rowid, without reading texts.
    public static func matchCounts(_ db: Database, _ match: String, in tokenizer: Tokenizer) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT rowid, peerscript_hit_count(\(tokenizer.table)) FROM \(tokenizer.table) WHERE \(tokenizer.table) MATCH ?",
            arguments: [match])
        while let row = try rows.next() { counts[row[0]] = row[1] }
        return counts
    }

    /// The tokens of `text` as the index sees them (folded, and stemmed for `.stemmed`), each
    /// with its byte range in the UTF-8 text.
    public static func tokens(_ db: Database, of text: String, as tokenizer: Tokenizer) throws -> [(term: String, bytes: Range<Int>)] {
        final class Sink { var tokens: [(term: String, bytes: Range<Int>)] = [] }
        let sink = Sink()
        var utf8 = Array(text.utf8)
        utf8.append(0)
        let code = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { characters in
                withExtendedLifetime(sink) {
                    peerscript_tokenize(
                        UnsafeMutableRawPointer(db.sqliteConnection), tokenizer.arguments, characters, Int32(buffer.count - 1),
                        { context, term, length, start, end in
                            guard let context, let term else { return }
                            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
                            let bytes = UnsafeRawBufferPointer(start: term, count: Int(length))
                            sink.tokens.append((String(decoding: bytes, as: UTF8.self), Int(start)..<Int(end)))
                        }, Unmanaged.passUnretained(sink).toOpaque())
                }
            }
        }
        guard code == 0 else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot run the \(tokenizer.arguments) tokenizer")
        }
        return sink.tokens
    }
}

// MARK: Measuring (for `peerscript bench`)

extension TextIndex {
    /// The UTF-8 bytes of every document's text, read once.
    package static func textByteCount(in store: ProjectStore) throws -> Int {
        try store.read { db in
            var bytes = 0
            let cursor = try String.fetchCursor(db, sql: "SELECT text FROM documents")
            while let text = try cursor.next() { bytes += text.utf8.count }
            return bytes
        }
    }

    /// Rebuilds the index of a writable project in one transaction.
    package static func rebuild(in store: ProjectStore) throws {
        try store.write { db in try rebuild(db) }
    }

    /// The bytes the index's tables take in the file, or nil when SQLite lacks `dbstat`.
    package static func storedBytes(in store: ProjectStore) -> Int? {
        try? store.read { db in
            try Int.fetchOne(db, sql: "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'text_index%'")
        }
    }
}
