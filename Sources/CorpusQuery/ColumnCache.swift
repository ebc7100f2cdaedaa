import Foundation
import GRDB
import ProjectStorage

/// The segment and coding columns of a loaded snapshot, saved in the project's column cache
/// and read back in bulk: a fresh process then reads a few blobs instead of stepping and
/// resolving every segment and coding row. The small tables are always read from the project,
/// so the cache holds only what is large, as row numbers into them.
///
/// What is read back is checked as if hostile before any query uses it: every length, every
/// row number against the table it points into, ids in order, spans well formed. Anything off
/// and the loader reads the tables instead, as it does when there is no cache.
enum ColumnCache {
    /// Bumped whenever the layout of the entries changes, so an older cache is ignored.
    static let format = 1

    /// This machine's byte order, in which the arrays are written and read.
    static let byteOrder = 1.littleEndian == 1 ? "little" : "big"

    /// The tables the snapshot is made from: a change to any of them empties the cache.
    static let sourceTables = [
        "cases", "participants", "documents", "coders", "codes", "code_bcts", "code_principles",
        "taxonomy_extensions", "segments", "codings",
    ]

    /// What the cache was made with: sizes, and the technique and principle ids in row order
    /// (the taxonomy may differ between builds or be extended; row numbers depend on it).
    struct Manifest: Codable, Equatable {
        var format: Int
        /// "little" or "big": the arrays are in the byte order of the machine that wrote them.
        var byteOrder: String
        /// Rows of the cached tables, and of the small tables their row numbers point into.
        var segments, codings, documents, codes, coders: Int
        var techniques: [String]
        var principles: [String]
    }

    // MARK: Writing

    /// Saves the large columns of `columns` in the cache, replacing what is there, in the
    /// caller's transaction; installs the cache table and its triggers first when missing.
    static func save(_ columns: CorpusColumns, _ db: Database) throws {
        try ColumnCacheTable.install(guarding: sourceTables, db)
        let manifest = Manifest(
            format: format, byteOrder: byteOrder, segments: columns.segmentIDs.count, codings: columns.codingIDs.count,
            documents: columns.documentIDs.count, codes: columns.codeIDs.count, coders: columns.coderNames.count,
            techniques: columns.bctIDs.strings, principles: columns.principleIDs.strings)
        let entries: [(entry: String, data: Data)] = [
            ("manifest", try manifestEncoder.encode(manifest)),
            ("segment.id", bytes(columns.segmentIDs)),
            ("segment.document", bytes(columns.segmentDocument)),
            ("segment.start", bytes(columns.segmentStart)),
            ("segment.end", bytes(columns.segmentEnd)),
            ("coding.id", bytes(columns.codingIDs)),
            ("coding.segment", bytes(columns.codingSegment)),
            ("coding.code", bytes(columns.codingCode)),
            ("coding.coder", bytes(columns.codingCoder)),
            ("coding.bct.offsets", bytes(columns.codingBCTs.offsets)),
            ("coding.bct.values", bytes(columns.codingBCTs.values)),
            ("coding.principle.offsets", bytes(columns.codingPrinciples.offsets)),
            ("coding.principle.values", bytes(columns.codingPrinciples.values)),
        ]
        try ColumnCacheTable.replace(with: entries, db)
    }

    /// Sorted keys, so that equal projects get equal files.
    private static var manifestEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    private static func bytes<Element: BitwiseCopyable>(_ values: [Element]) -> Data {
        values.withUnsafeBytes { Data($0) }
    }

    // MARK: Reading

    /// Fills the segment and coding columns of `loader` from the cache, after the loader has
    /// read the small tables. Returns false, changing nothing, when there is no usable cache.
    static func restore(into loader: inout CorpusLoader, _ db: Database) throws -> Bool {
        guard try ColumnCacheTable.isGuarding(sourceTables, db),
              let manifestBytes = try ColumnCacheTable.read("manifest", as: UInt8.self, db),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(manifestBytes)),
              manifest.format == format, manifest.byteOrder == byteOrder, matchesSmallTables(manifest, loader.columns),
              let segments = try readSegments(manifest, loader.columns, db),
              let codings = try readCodings(manifest, techniques: manifest.techniques.count,
                                            principles: manifest.principles.count, segments: segments.ids.count, db)
        else { return false }
        // The ids met only in codings follow the ones the small tables gave, in the cache's order.
        for id in manifest.techniques.dropFirst(loader.columns.bctIDs.count) { _ = loader.techniqueRow(id) }
        for id in manifest.principles.dropFirst(loader.columns.principleIDs.count) { _ = loader.principleRow(id) }
        loader.install(segments: segments, codings: codings)
        return true
    }

    /// Whether the small tables read now are the ones the cache's row numbers point into: the
    /// same sizes, and technique and principle ids that begin the cache's lists.
    private static func matchesSmallTables(_ manifest: Manifest, _ columns: CorpusColumns) -> Bool {
        manifest.documents == columns.documentIDs.count && manifest.codes == columns.codeIDs.count
            && manifest.coders == columns.coderNames.count
            && manifest.techniques.starts(with: columns.bctIDs.strings)
            && manifest.principles.starts(with: columns.principleIDs.strings)
    }

    /// The segment columns the cache holds, in id order.
    struct Segments {
        var ids: [Int64], documents: [Int32], starts: [Int32], ends: [Int32]
    }

    /// The coding columns the cache holds, in id order.
    struct Codings {
        var ids: [Int64], segments: [Int32], codes: [Int32], coders: [Int32]
        var bcts: RowLists, principles: RowLists
    }

    private static func readSegments(_ manifest: Manifest, _ columns: CorpusColumns, _ db: Database) throws -> Segments? {
        let count = manifest.segments
        guard let ids = try ColumnCacheTable.read("segment.id", as: Int64.self, db), ids.count == count,
              let documents = try rowNumbers("segment.document", count: count, below: columns.documentIDs.count, db),
              let starts = try ColumnCacheTable.read("segment.start", as: Int32.self, db), starts.count == count,
              let ends = try ColumnCacheTable.read("segment.end", as: Int32.self, db), ends.count == count,
              isIncreasing(ids), zip(starts, ends).allSatisfy({ $0 >= 0 && $1 >= $0 })
        else { return nil }
        return Segments(ids: ids, documents: documents, starts: starts, ends: ends)
    }

    private static func readCodings(
        _ manifest: Manifest, techniques: Int, principles: Int, segments: Int, _ db: Database
    ) throws -> Codings? {
        let count = manifest.codings
        guard let ids = try ColumnCacheTable.read("coding.id", as: Int64.self, db), ids.count == count, isIncreasing(ids),
              let segmentRows = try rowNumbers("coding.segment", count: count, below: segments, db),
              let codes = try rowNumbers("coding.code", count: count, below: manifest.codes, allowingNone: true, db),
              let coders = try rowNumbers("coding.coder", count: count, below: manifest.coders, db),
              let bcts = try lists("coding.bct", rows: count, below: techniques, db),
              let principleLists = try lists("coding.principle", rows: count, below: principles, db)
        else { return nil }
        return Codings(ids: ids, segments: segmentRows, codes: codes, coders: coders, bcts: bcts, principles: principleLists)
    }

    /// An entry of `count` row numbers into a table of `limit` rows (-1 allowed for "none").
    private static func rowNumbers(
        _ entry: String, count: Int, below limit: Int, allowingNone: Bool = false, _ db: Database
    ) throws -> [Int32]? {
        guard let values = try ColumnCacheTable.read(entry, as: Int32.self, db), values.count == count else { return nil }
        let lowest: Int32 = allowingNone ? -1 : 0
        return values.allSatisfy({ $0 >= lowest && Int($0) < limit }) ? values : nil
    }

    /// Lists of row numbers into a table of `limit` rows, one list per row of `rows`.
    private static func lists(_ entry: String, rows: Int, below limit: Int, _ db: Database) throws -> RowLists? {
        guard let offsets = try ColumnCacheTable.read("\(entry).offsets", as: Int32.self, db), offsets.count == rows + 1,
              let values = try rowNumbers("\(entry).values", count: Int(offsets.last ?? -1), below: limit, db),
              offsets.first == 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else { return nil }
        return RowLists(offsets: offsets, values: values)
    }

    private static func isIncreasing(_ ids: [Int64]) -> Bool {
        zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }
    }
}
