@testable import CorpusGenerator
@testable import CorpusQuery
import Foundation
import GRDB
@testable import ProjectStorage
import Testing

/// The fast paths against the general ones on generated projects of several seeds: the
/// column loader against GRDB records, and the pre-joined single-pass counter against the
/// counter that follows each join per row.
@Suite("Fast paths against general paths", .timeLimit(.minutes(2)))
struct QueryFastPathTests {
    static let seeds: [UInt64] = [1, 2, 3, 11]

    static func project(seed: UInt64) throws -> (ProjectStore, CorpusSnapshot) {
        let store = try ProjectStore.inMemory()
        _ = try ProjectGenerator.populate(
            store, with: GeneratorOptions(participants: 24, codings: 3_000, coders: 3, seed: seed))
        return (store, try CorpusSnapshot.load(from: store))
    }

    @Test(arguments: seeds)
    func loaderMatchesRecords(seed: UInt64) throws {
        let (store, snapshot) = try Self.project(seed: seed)
        let columns = snapshot.columns
        try store.read { db in
            let segments = try Row.fetchAll(db, sql: #"SELECT id, document_id, start, "end" FROM segments ORDER BY id"#)
            #expect(columns.segmentIDs == segments.map { $0[0] as Int64 })
            #expect(columns.segmentDocument.map { columns.documentIDs[$0] } == segments.map { $0[1] as String })
            #expect(columns.segmentStart.map(Int64.init) == segments.map { $0[2] as Int64 })
            #expect(columns.segmentEnd.map(Int64.init) == segments.map { $0[3] as Int64 })
            let codings = try Row.fetchAll(db, sql: """
                SELECT c.id, c.segment_id, c.code_id, c.bct_id, c.principle_id, o.name
                FROM codings c JOIN coders o ON o.id = c.coder_id ORDER BY c.id
                """)
            #expect(columns.codingIDs == codings.map { $0[0] as Int64 })
            #expect(columns.codingSegment.map { columns.segmentIDs[Int($0)] } == codings.map { $0[1] as Int64 })
            #expect(columns.codingCode.map { $0 < 0 ? nil : columns.codeIDs[$0] } == codings.map { $0[2] as String? })
            #expect(columns.codingCoder.map { columns.coderNames[$0] } == codings.map { $0[5] as String })
            let mapped = try Row.fetchAll(db, sql: "SELECT code_id, bct_id FROM code_bcts ORDER BY code_id, bct_id")
            var techniquesOfCode: [String: [String]] = [:]
            for row in mapped { techniquesOfCode[row[0] as String, default: []].append(row[1]) }
            for (index, row) in codings.enumerated() {
                let expected = (row[2] as String?).map { techniquesOfCode[$0] ?? [] } ?? [] + [row[3] as String?].compactMap { $0 }
                #expect(columns.codingBCTs[index].map { columns.bctIDs[$0] } == expected)
            }
        }
    }

    /// Crosstabs of single-valued fields against list fields, with and without filters.
    static let shapes: [(row: String, column: String, filter: (String, String)?, missing: Query.MissingValues)] = [
        ("participant.role", "bct.group", ("framework", "bcttv1"), .show),
        ("participant.role", "bct.group", nil, .show),
        ("bct.id", "coder", nil, .show),
        ("case.sector", "bct.group_label", ("bct.group", "3"), .drop),
        ("code.theme", "principle.id", nil, .show),
        ("principle.id", "document.title", ("participant.role", "PW"), .show),
        ("coding.applied", "bct.group", ("framework", "relational"), .show),
        ("participant.role", "bct.group", nil, .drop),
        ("case.sector", "bct.group_label", ("bct.group", "3"), .show),
        ("principle.label", "participant.role", ("principle.id", "P2"), .show),
    ]

    @Test(arguments: seeds)
    func directCounterMatchesGeneralCounter(seed: UInt64) throws {
        let (_, snapshot) = try Self.project(seed: seed)
        for shape in Self.shapes {
            var query = snapshot.codings()
            if let (field, value) = shape.filter { query = try query.filter(field, equals: value) }
            let axes = [try CountAxis(query, field: shape.row, levels: .occurring, missing: shape.missing),
                        try CountAxis(query, field: shape.column, levels: .occurring, missing: shape.missing)]
            let selection = try Selection(query, reading: axes.map(\.definition.level) + [.coding],
                                          deferring: Set(axes.map(\.definition.level).filter(\.isListLevel)))
            let general = counts(axes, selection, snapshot: snapshot, path: .general)
            let direct = counts(axes, selection, snapshot: snapshot, path: .direct)
            let entries = counts(axes, selection, snapshot: snapshot, path: .entries)
            // Dropping missing values restricts the single field too, which only the general
            // counter handles.
            let fast = shape.missing == .show
            #expect((direct != nil) == fast, "\(shape.row) × \(shape.column) takes the direct path")
            #expect((entries != nil) == (fast && selection.rows == nil), "\(shape.row) × \(shape.column) walks entries")
            if direct != nil { #expect(direct == general, "direct: \(shape.row) × \(shape.column), seed \(seed)") }
            if entries != nil { #expect(entries == general, "entries: \(shape.row) × \(shape.column), seed \(seed)") }
        }
    }

    /// Chosen values of the list field: the walk, not the dense loop, must settle each coding.
    @Test(arguments: seeds)
    func chosenListValuesMatchGeneralCounter(seed: UInt64) throws {
        let (_, snapshot) = try Self.project(seed: seed)
        for (filter, values) in [(("framework", "bcttv1"), ["1", "3", "4"]), (("bct.group", "3"), ["3"])] {
            let query = try snapshot.codings().filter(filter.0, equals: filter.1)
            let axes = [try CountAxis(query, field: "participant.role", levels: .occurring, missing: .show),
                        try CountAxis(query, field: "bct.group", levels: .only(values), missing: .show)]
            let selection = try Selection(query, reading: axes.map(\.definition.level) + [.coding], deferring: [.bct])
            let general = counts(axes, selection, snapshot: snapshot, path: .general)
            let entries = counts(axes, selection, snapshot: snapshot, path: .entries)
            #expect(entries != nil && entries == general, "\(filter) with groups \(values), seed \(seed)")
        }
    }

    enum Path { case general, direct, entries }

    /// The counts as comparable values; `general` reads single fields through join and codes
    /// separately, which neither fast path takes.
    private func counts(_ axes: [CountAxis], _ selection: Selection, snapshot: CorpusSnapshot, path: Path) -> Comparable? {
        let general = path == .general
        let accesses = axes.map { axis -> GroupAccess in
            let definition = axis.definition
            if definition.level.isListLevel {
                let mask = selection.listMasks[definition.level]
                let codes = (0..<Int32(snapshot.columns.rowCount(definition.level))).map { row -> Int32 in
                    guard mask.map({ $0[Int(row)] }) ?? true else { return -1 }
                    let code = definition.code(ofRow: row)
                    return code < 0 ? Int32(definition.domain.count) : code
                }
                return .list(lists: selection.lists(definition.level), codes: codes, masked: mask != nil)
            }
            guard general else { return snapshot.prejoinedAccess(definition, in: selection) }
            let join = selection.join(to: definition.level) ?? Array(0..<Int32(selection.factCount))
            let codes = definition.codes ?? Array(0..<Int32(definition.domain.count))
            return .single(join: join, codes: codes)
        }
        var counter = GroupCounter(fields: accesses, sizes: axes.map(\.size), allowed: axes.map(\.allowed))
        let level = axes.map(\.definition.level).first(where: \.isListLevel)!
        counter.listEntries = ListEntries(selection.lists(level))
        let list = axes.map(\.definition).first(where: \.level.isListLevel)!
        counter.listPairs = snapshot.listPairs(list, lists: selection.lists(level))
        let visit = Visit(rows: selection.rows, count: selection.keptCount, units: nil)
        switch path {
        case .direct: return counter.countSingleByList(visit).map(Comparable.init)
        case .entries: return counter.countEntries(visit).map(Comparable.init)
        case .general:
            #expect(counter.countSingleByList(visit) == nil && counter.countEntries(visit) == nil)
            return Comparable(counter.count(visit))
        }
    }

    /// `GroupCounts` in a form `==` can compare: cells sorted by their codes.
    struct Comparable: Equatable {
        let cells: [[Int32]], margins: [[Int]], counted: Int, seen: Int, dropped: [Bool]
        init(_ counts: GroupCounts) {
            cells = counts.cells.map { $0.codes + [Int32($0.count)] }.sorted { $0.lexicographicallyPrecedes($1) }
            margins = counts.margins
            counted = counts.counted
            seen = counts.seen
            dropped = counts.droppedMissing
        }
    }

    @Test("filtered crosstabs asked again with other filters in between match a fresh snapshot's", arguments: seeds)
    func rememberedFilteredPairsMatchFreshOnes(seed: UInt64) throws {
        let (store, snapshot) = try Self.project(seed: seed)
        let filters: [(String, String)] = [("framework", "bcttv1"), ("framework", "relational"), ("bct.group", "3"),
                                           ("framework", "bcttv1"), ("bct.group", "3")]
        for (field, value) in filters {
            // One list field against other fields, and in the other order: each has its own cells.
            for (row, column) in [("participant.role", "bct.group"), ("bct.id", "coder"), ("coder", "bct.group"),
                                  ("bct.group", "participant.role")] {
                // A snapshot that has answered nothing else.
                let fresh = try CorpusSnapshot.load(from: store)
                let remembered = try snapshot.codings().filter(field, equals: value).crosstab(row, column)
                #expect(remembered == (try fresh.codings().filter(field, equals: value).crosstab(row, column)),
                        "\(field) = \(value): \(row) × \(column)")
            }
        }
    }

    @Test(arguments: seeds)
    func rememberedCountsMatchFreshOnes(seed: UInt64) throws {
        let (store, snapshot) = try Self.project(seed: seed)
        let fresh = try CorpusSnapshot.load(from: store)
        let shapes = [("participant.role", "bct.group"), ("case.sector", "coder"), ("code.id", "principle.id")]
        for (row, column) in shapes {
            // Asked twice on one snapshot (the second answer from its caches), once on another.
            _ = try snapshot.codings().filter("framework", equals: "bcttv1").crosstab(row, column)
            let again = try snapshot.codings().filter("framework", equals: "bcttv1").crosstab(row, column)
            let first = try fresh.codings().filter("framework", equals: "bcttv1").crosstab(row, column)
            #expect(again == first)
            #expect(try snapshot.codings().crosstab(row, column) == fresh.codings().crosstab(row, column))
            #expect(try snapshot.participants().countBy(row) == fresh.participants().countBy(row))
        }
    }
}

@Suite("List pairs: one pair per coding and distinct value")
struct ListPairsTests {
    @Test("values that fold into one code share a pair whose key is their set, made once for equal sets")
    func foldedValuesShareASetKey() {
        // Rows 0…4 of a list table fold to codes by `row / 2`: 0 and 1 → code 0, 2 and 3 → code 1.
        var lists = RowLists()
        for row in [[0, 1], [2], [1, 0, 1], [3, 2, 4], [4]] {
            for value in row { lists.append(Int32(value)) }
            lists.closeRow()
        }
        let pairs = ListPairs(lists, listRowCount: 5) { $0 / 2 }
        #expect(pairs.rows == [0, 1, 2, 3, 3, 4])
        #expect(pairs.codes == [0, 1, 0, 1, 2, 2])
        // Sets get keys from listRowCount on: {0, 1} is key 5 (twice), {2, 3} key 6.
        #expect(pairs.keys == [5, 2, 5, 6, 4, 4])
        #expect(pairs.sets == [[0, 1], [2, 3]])
        // A filter keeping only list row 1 keeps both pairs of the set {0, 1}, and nothing else.
        #expect(pairs.keptKeys([-1, 0, -1, -1, -1]) == [false, true, false, false, false, true, false])
    }

    @Test("kept pairs split by coding: all valued (with how many repeat), or with an entry without a value")
    func keptPairsSplitByCoding() {
        var lists = RowLists()
        for row in [[0], [1, 2], [3], [], [0, 2], [2, 3]] {
            for value in row { lists.append(Int32(value)) }
            lists.closeRow()
        }
        // Code 3 stands for "no value" here.
        let pairs = ListPairs(lists, listRowCount: 4) { $0 }
        let all = pairs.keeping([true, true, true, true], missing: 3, otherCount: 6, other: { $0 }) { row, code in row * 10 + code }
        #expect(all.valued.rows == [0, 1, 1, 4, 4] && all.valued.codes == [0, 1, 2, 0, 2])
        #expect(all.valuedCells == [0, 11, 12, 40, 42])
        // Codings 1 and 4 have one valued pair beyond their first; here a coding is its own code.
        #expect(all.repeats == [0, 1, 0, 0, 1, 0])
        #expect(all.withMissing.rows == [2, 5, 5] && all.withMissing.codes == [3, 2, 3])
        // Keeping value 2 alone: codings 1, 4 and 5 have one kept pair each, all valued.
        let two = pairs.keeping([false, false, true, false], missing: 3, otherCount: 6, other: { $0 }) { row, code in row * 10 + code }
        #expect(two.valued.rows == [1, 4, 5] && two.valued.codes == [2, 2, 2])
        #expect(two.repeats == [0, 0, 0, 0, 0, 0] && two.withMissing.rows.isEmpty)
    }
}
