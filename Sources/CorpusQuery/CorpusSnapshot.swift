import GRDB
import ProjectStorage
import StudyModel

/// What a query counts or lists: one row per coding, per coded segment, per document or per
/// participant.
public enum CorpusEntity: String, Sendable, CaseIterable {
    /// One coder applying one code, technique or principle to one segment.
    case codings
    /// A span of document text.
    case segments
    /// A transcript or other text.
    case documents
    /// A person interviewed.
    case participants

    /// The table whose rows are this entity.
    var level: Level {
        switch self {
        case .codings: .coding
        case .segments: .segment
        case .documents: .document
        case .participants: .participant
        }
    }
}

/// A project's coded corpus loaded into memory once, as dictionary-encoded columns with the
/// joins from each coding to its segment, document, participant and case precomputed, ready
/// for any number of fast queries.
///
/// The snapshot does not change when the project does; load a new one to see new codings.
/// Document texts stay in the project and are read only when `Query.quotes` needs them.
public final class CorpusSnapshot: Sendable {
    package let columns: CorpusColumns
    let registry: FieldRegistry
    let textSource: (any DatabaseReader)?
    /// Word counts per document, made when word frequencies are first asked for.
    let documentTerms = DocumentTermsCache()
    /// Joins and counts computed once for all queries.
    let caches = SnapshotCaches()

    init(columns: CorpusColumns, textSource: (any DatabaseReader)?) {
        self.columns = columns
        self.registry = FieldRegistry(columns: columns)
        self.textSource = textSource
    }

    /// Loads the corpus of an open project. Techniques are labelled from `taxonomy` plus the
    /// project's own `taxonomy_extensions`; principles from `principles`.
    public static func load(
        from store: ProjectStore, taxonomy: Taxonomy = .standard, principles: PrinciplesFramework = .standard
    ) throws -> CorpusSnapshot {
        try load(from: store.database, taxonomy: taxonomy, principles: principles)
    }

    /// Loads the corpus from any GRDB connection to a project database, in one read
    /// transaction so that the tables agree with each other.
    public static func load(
        from database: any DatabaseReader, taxonomy: Taxonomy = .standard,
        principles: PrinciplesFramework = .standard
    ) throws -> CorpusSnapshot {
        var loader = CorpusLoader(taxonomy: taxonomy, principles: principles)
        let columns = try database.read { db in try loader.load(db) }
        return CorpusSnapshot(columns: columns, textSource: database)
    }

    /// Makes the project's column cache hold its current segments and codings, so that later
    /// loads, by any process, read those in bulk. Reads the tables only when the cache is
    /// missing or out of date, and writes in one savepoint, so it nests in an open change set.
    /// Give the taxonomy and principles later loads will use: the cache numbers techniques and
    /// principles in their order, and a load with another order reads the tables instead.
    public static func saveColumnCache(
        in store: ProjectStore, taxonomy: Taxonomy = .standard, principles: PrinciplesFramework = .standard
    ) throws {
        guard !store.isReadOnly else { return }
        try store.database.writeWithoutTransaction { db in
            try db.inSavepoint {
                var probe = CorpusLoader(taxonomy: taxonomy, principles: principles)
                let cached = try probe.load(db)
                if probe.restoredFromCache { return .commit }
                try ColumnCache.save(cached, db)
                return .commit
            }
            // Move the new blobs into the file now: a reader that finds them in the log reads
            // them page by page through it instead.
            if !db.isInsideTransaction { try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        }
    }

    // MARK: Sizes

    /// Number of codings.
    public var codingCount: Int { columns.codingIDs.count }
    /// Number of segments.
    public var segmentCount: Int { columns.segmentIDs.count }
    /// Number of documents.
    public var documentCount: Int { columns.documentIDs.count }
    /// Number of participants.
    public var participantCount: Int { columns.participantIDs.count }

    /// Number of rows of an entity.
    public func count(of entity: CorpusEntity) -> Int {
        columns.rowCount(entity.level)
    }

    // MARK: Fields

    /// Every field this corpus offers: the built-in ones, then `participant.<attribute>` and
    /// `case.<attribute>` for each attribute name in the project.
    public var fields: [CorpusField] { registry.fields }

    /// The field with this name (qualified, or a bare attribute name only one table uses).
    /// Throws `QueryError.unknownField` listing the valid names and the closest ones.
    public func field(named name: String) throws -> CorpusField {
        try registry.definition(name).field
    }

    /// Whether a row of `entity` can have several values of the field: BCT and principle
    /// fields for codings, and every field about codings (code, coder, BCT, principle) for
    /// segments, documents and participants. Throws for an unknown name.
    public func isMultiValued(_ name: String, for entity: CorpusEntity) throws -> Bool {
        let level = try registry.definition(name).level
        return !CorpusColumns.determines(entity.level, level)
    }

    /// Every value the field takes anywhere in the corpus (or, for techniques and principles,
    /// in the frameworks), in reading order.
    public func values(of name: String) throws -> [String] {
        let definition = try registry.definition(name)
        return definition.domain.sorted((0..<Int32(definition.domain.count))).map(definition.domain.label)
    }

    // MARK: Queries

    /// A query over all rows of an entity, to be narrowed with `filter` and then counted.
    public func query(_ entity: CorpusEntity) -> Query {
        Query(snapshot: self, entity: entity)
    }

    /// A query over all codings.
    public func codings() -> Query { query(.codings) }
    /// A query over all segments.
    public func segments() -> Query { query(.segments) }
    /// A query over all documents.
    public func documents() -> Query { query(.documents) }
    /// A query over all participants.
    public func participants() -> Query { query(.participants) }

    /// The array that takes a row of `from` to the row of `to` it belongs to; nil when `from`
    /// and `to` are the same table (the row is its own answer). Only joins towards coarser
    /// tables exist (a segment has one document, a document many segments); asking for any
    /// other is a programming error.
    func join(from: Level, to: Level) -> [Int32]? {
        // Each case reads one stored array of `columns`; calling a method on `columns` itself
        // would copy the whole struct (every array's reference count) on each call.
        if from == to { return nil }
        switch (from, to) {
        case (.coding, .segment): return columns.codingSegment
        case (.coding, .document): return columns.codingDocument
        case (.coding, .participant): return columns.codingParticipant
        case (.coding, .studyCase): return columns.codingCase
        case (.coding, .code): return columns.codingCode
        case (.coding, .coder): return columns.codingCoder
        case (.segment, .document): return columns.segmentDocument
        case (.segment, .participant): return columns.segmentParticipant
        case (.segment, .studyCase): return columns.segmentCase
        case (.document, .participant): return columns.documentParticipant
        case (.document, .studyCase): return columns.documentCase
        case (.participant, .studyCase): return columns.participantCase
        default: preconditionFailure("no join from \(from) to \(to)")
        }
    }

    // MARK: Texts

    /// The marked segment rows in reading order: by document (in table order), then start,
    /// then end. Grouping by document is a counting sort; each document's few segments are
    /// then sorted, usually already in order.
    func inTextOrder(_ marked: [Bool]) -> [Int] {
        let documentOf = columns.segmentDocument, starts = columns.segmentStart, ends = columns.segmentEnd
        var offsets = [Int](repeating: 0, count: documentCount + 1)
        for segment in marked.indices where marked[segment] { offsets[Int(documentOf[segment]) + 1] += 1 }
        for document in 0..<documentCount { offsets[document + 1] += offsets[document] }
        var ordered = [Int](repeating: 0, count: offsets[documentCount])
        var next = offsets
        for segment in marked.indices where marked[segment] {
            let document = Int(documentOf[segment])
            ordered[next[document]] = segment
            next[document] += 1
        }
        for document in 0..<documentCount where offsets[document + 1] - offsets[document] > 1 {
            ordered[offsets[document]..<offsets[document + 1]].sort { a, b in
                (starts[a], ends[a], a) < (starts[b], ends[b], b)
            }
        }
        return ordered
    }

    /// The full text of one document row, read from the project, as Unicode scalars.
    func documentScalars(_ document: Int32) throws -> [Unicode.Scalar] {
        Array(try documentTexts([document])[0].unicodeScalars)
    }

    /// The length in Unicode scalars of each listed document row's text, read from the project
    /// (counted in Swift, since SQLite's `length` stops at an embedded NUL).
    func documentLengths(_ documents: [Int32]) throws -> [Int] {
        try documentTexts(documents).map(\.unicodeScalars.count)
    }

    /// The texts of the listed document rows, read in one transaction; throws
    /// `QueryError.textUnavailable` naming the document that could not be read.
    private func documentTexts(_ documents: [Int32]) throws -> [String] {
        let ids = documents.map { columns.documentIDs[$0] }
        guard let textSource else {
            throw QueryError.textUnavailable(documentID: ids.first ?? "", reason: "this corpus was not loaded from a project")
        }
        let texts: [String?]
        do {
            texts = try textSource.read { db in
                try ids.map { try String.fetchOne(db, sql: "SELECT text FROM documents WHERE id = ?", arguments: [$0]) }
            }
        } catch {
            throw QueryError.textUnavailable(documentID: ids.first ?? "", reason: "\(error)")
        }
        return try zip(ids, texts).map { id, text in
            guard let text else {
                throw QueryError.textUnavailable(documentID: id, reason: "the document is no longer in the project")
            }
            return text
        }
    }
}
