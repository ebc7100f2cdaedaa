@testable import CorpusGenerator
@testable import CorpusQuery
import Foundation
import GRDB
@testable import ProjectStorage
import StudyModel
import Testing

/// The column cache against the tables it is made from: a load from the cache equals a load
/// that steps the tables, any change to those tables empties it, and a cache that is damaged,
/// unguarded or made for another taxonomy is never used.
@Suite("Column cache", .timeLimit(.minutes(2)))
struct ColumnCacheTests {
    /// A generated project with codings of a technique and a principle no framework has, so
    /// that the cache has to carry technique and principle rows the small tables do not give.
    static func project(seed: UInt64 = 5) throws -> ProjectStore {
        let store = try ProjectStore.inMemory()
        _ = try ProjectGenerator.populate(store, with: GeneratorOptions(participants: 21, codings: 2_000, coders: 3, seed: seed))
        try store.write { db in
            for (column, value) in [("bct_id", "99.1"), ("principle_id", "P9"), ("bct_id", "98.2")] {
                try db.execute(sql: """
                    INSERT INTO codings (segment_id, \(column), coder_id)
                    SELECT segment_id, ?, coder_id FROM codings ORDER BY id LIMIT 1
                    """, arguments: [value])
            }
        }
        return store
    }

    /// Loads the corpus as a query would, saying whether the cache was used.
    static func load(_ store: ProjectStore, taxonomy: Taxonomy = .standard) throws -> (CorpusColumns, fromCache: Bool) {
        var loader = CorpusLoader(taxonomy: taxonomy, principles: .standard)
        let columns = try store.read { try loader.load($0) }
        return (columns, loader.restoredFromCache)
    }

    /// The corpus read from the tables alone.
    static func stepped(_ store: ProjectStore, taxonomy: Taxonomy = .standard) throws -> CorpusColumns {
        var loader = CorpusLoader(taxonomy: taxonomy, principles: .standard)
        return try store.read { try loader.load($0, usingCache: false) }
    }

    /// Checks that loading leaves the cache unused and reads what the tables hold.
    static func expectTablesRead(_ store: ProjectStore, taxonomy: Taxonomy = .standard,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (loaded, fromCache) = try load(store, taxonomy: taxonomy)
        #expect(!fromCache, sourceLocation: sourceLocation)
        #expect(loaded == (try stepped(store, taxonomy: taxonomy)), sourceLocation: sourceLocation)
    }

    static func entries(_ store: ProjectStore) throws -> Set<String> {
        try store.read { try ColumnCacheTable.entries($0) }
    }

    @Test(arguments: [UInt64(1), 5, 11])
    func cachedLoadEqualsSteppedLoad(seed: UInt64) throws {
        let store = try Self.project(seed: seed)
        #expect(try Self.load(store).fromCache == false)
        try CorpusSnapshot.saveColumnCache(in: store)
        let (cached, fromCache) = try Self.load(store)
        #expect(fromCache)
        #expect(cached == (try Self.stepped(store)))
        #expect(cached.bctIDs.code(of: "98.2") != nil && cached.principleIDs.code(of: "P9") != nil)
    }

    @Test func emptyProjectRoundTrips() throws {
        let store = try ProjectStore.inMemory()
        try CorpusSnapshot.saveColumnCache(in: store)
        let (cached, fromCache) = try Self.load(store)
        #expect(fromCache)
        #expect(cached == (try Self.stepped(store)))
    }

    /// Every table the snapshot reads empties the cache when a row of it changes, whoever
    /// writes: here plain SQL, as another program would.
    @Test(arguments: [
        "INSERT INTO codings (segment_id, bct_id, coder_id) SELECT segment_id, '1.1', coder_id FROM codings LIMIT 1",
        "UPDATE codings SET coder_id = (SELECT max(id) FROM coders) WHERE id = (SELECT min(id) FROM codings)",
        "DELETE FROM codings WHERE id = (SELECT max(id) FROM codings)",
        #"UPDATE segments SET "end" = "end" + 1 WHERE id = (SELECT min(id) FROM segments)"#,
        "UPDATE participants SET role = 'MA' WHERE rowid = 1",
        "INSERT INTO code_bcts (code_id, bct_id) SELECT id, '3.1' FROM codes WHERE id NOT IN (SELECT code_id FROM code_bcts WHERE bct_id = '3.1') LIMIT 1",
        "UPDATE documents SET title = 'Renamed' WHERE rowid = 1",
    ])
    func anyChangeEmptiesTheCache(sql: String) throws {
        let store = try Self.project()
        try CorpusSnapshot.saveColumnCache(in: store)
        #expect(try Self.entries(store).contains("manifest"))
        try store.write { try $0.execute(sql: sql) }
        #expect(try Self.entries(store).isEmpty)
        try Self.expectTablesRead(store)
    }

    /// Damaged entries, as a file from anywhere may hold: each is refused and the tables read.
    @Test(arguments: [
        ("coding.segment", Data(repeating: 0x7F, count: 4)),
        ("coding.segment", Data()),
        ("segment.document", Data([0xFF, 0xFF, 0xFF, 0x7F])),
        ("coding.bct.offsets", Data([5, 0, 0, 0])),
        ("coding.code", Data([0xFE, 0xFF, 0xFF, 0xFF])),
        ("segment.id", Data([1, 2, 3])),
        ("manifest", Data("{\"format\": 1}".utf8)),
        ("manifest", Data("not json".utf8)),
    ])
    func damagedCacheIsNotUsed(entry: String, bytes: Data) throws {
        let store = try Self.project()
        try CorpusSnapshot.saveColumnCache(in: store)
        try store.write { db in
            // Overwrite the start of the entry, keeping its length when the damage is shorter.
            let original = try Data.fetchOne(db, sql: "SELECT data FROM column_cache WHERE entry = ?", arguments: [entry]) ?? Data()
            var damaged = original
            if bytes.isEmpty || entry == "manifest" || entry == "segment.id" {
                damaged = bytes
            } else {
                damaged.replaceSubrange(0..<bytes.count, with: bytes)
            }
            try db.execute(sql: "UPDATE column_cache SET data = ? WHERE entry = ?", arguments: [damaged, entry])
        }
        try Self.expectTablesRead(store)
    }

    /// Arrays written on a machine of the other byte order would read as other numbers.
    @Test func otherByteOrderIsNotUsed() throws {
        let store = try Self.project()
        try CorpusSnapshot.saveColumnCache(in: store)
        try store.write { db in
            let manifest = try String.fetchOne(db, sql: "SELECT CAST(data AS TEXT) FROM column_cache WHERE entry = 'manifest'") ?? ""
            let other = ColumnCache.byteOrder == "little" ? "big" : "little"
            let flipped = manifest.replacingOccurrences(of: #""byteOrder":"\#(ColumnCache.byteOrder)""#, with: #""byteOrder":"\#(other)""#)
            #expect(flipped != manifest)
            try db.execute(sql: "UPDATE column_cache SET data = ? WHERE entry = 'manifest'", arguments: [Data(flipped.utf8)])
        }
        #expect(try Self.load(store).fromCache == false)
    }

    @Test func unguardedCacheIsNotUsed() throws {
        let store = try Self.project()
        try CorpusSnapshot.saveColumnCache(in: store)
        try store.write { try $0.execute(sql: "DROP TRIGGER column_cache_codings_update") }
        try store.write { try $0.execute(sql: "UPDATE codings SET coder_id = (SELECT max(id) FROM coders)") }
        try Self.expectTablesRead(store)
    }

    /// A taxonomy that numbers techniques otherwise than the cache's cannot use it.
    @Test func otherTaxonomyReadsTheTables() throws {
        let store = try Self.project()
        try CorpusSnapshot.saveColumnCache(in: store)
        let reordered = try Taxonomy(groups: Taxonomy.standard.groups.reversed())
        try Self.expectTablesRead(store, taxonomy: reordered)
    }

    /// Saving again over a current cache changes nothing, and a read-only store is left alone.
    @Test func savingIsIdempotentAndSkipsReadOnlyProjects() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("column-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("p.peerdb")
        _ = try ProjectGenerator.generate(GeneratorOptions(participants: 14, codings: 500, coders: 2, seed: 3), to: url)
        let readOnly = try ProjectStore.open(at: url, readOnly: true)
        try CorpusSnapshot.saveColumnCache(in: readOnly)
        #expect(try Self.entries(readOnly).isEmpty)
        try readOnly.close()
        let writable = try ProjectStore.open(at: url)
        try CorpusSnapshot.saveColumnCache(in: writable)
        let first = try writable.read { try Data.fetchAll($0, sql: "SELECT data FROM column_cache ORDER BY entry") }
        try CorpusSnapshot.saveColumnCache(in: writable)
        #expect(try writable.read { try Data.fetchAll($0, sql: "SELECT data FROM column_cache ORDER BY entry") } == first)
        try writable.close()
        let reopened = try ProjectStore.open(at: url, readOnly: true)
        #expect(try Self.load(reopened).fromCache)
        try reopened.close()
    }

    /// The cache is derived: change sets do not record it, so history and undo see only what
    /// users changed.
    @Test func changeSetsLeaveTheCacheOut() throws {
        let store = try Self.project()
        try CorpusSnapshot.saveColumnCache(in: store)
        let tables = try store.read { try ChangeCapture.recordedTables($0).shapes.map(\.table) }
        #expect(!tables.contains(ColumnCacheTable.name))
        #expect(try ProjectDump.tables(of: store)[ColumnCacheTable.name] == nil)
    }
}
