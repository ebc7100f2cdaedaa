/// The per-coding lists of one list field folded to what a count needs: one pair per coding
/// and distinct value of the field (a coding with techniques 3.1 and 3.2 has one pair for
/// group 3), in coding order. Whether a filter keeps a pair is read from one mask entry, its
/// key: the technique behind it or, when several are, a set of them.
struct ListPairs: Sendable {
    /// The coding of each pair, ascending.
    let rows: [Int32]
    /// The field's code of each pair (the missing code for entries without a value).
    let codes: [Int32]
    /// The list row (technique or principle) that decides whether a filter keeps the pair, or
    /// `listRowCount + k` for the pairs behind `sets[k]`.
    let keys: [Int32]
    /// List rows shared by one pair: the filter keeps the pair when it keeps any of them.
    let sets: [[Int32]]
    let listRowCount: Int

    /// Folds `lists`, whose values are rows of a table of `listRowCount` rows, by `codeOf`.
    init(_ lists: RowLists, listRowCount: Int, codeOf: (Int32) -> Int32) {
        var rows: [Int32] = [], codes: [Int32] = [], keys: [Int32] = []
        rows.reserveCapacity(lists.values.count)
        codes.reserveCapacity(lists.values.count)
        keys.reserveCapacity(lists.values.count)
        var sets: [[Int32]] = [], setKeys: [[Int32]: Int32] = [:]
        // Values that fold into a pair made earlier in the same coding. They are rare, so
        // they are noted aside rather than keeping a list per pair.
        var folded: [(pair: Int, value: Int32)] = []
        for row in 0..<lists.rowCount {
            let first = codes.count
            folded.removeAll(keepingCapacity: true)
            for value in lists[row] {
                let code = codeOf(value)
                // Lists are short: a linear look among this coding's pairs is the cheapest.
                if let index = (first..<codes.count).first(where: { codes[$0] == code }) {
                    folded.append((index, value))
                    continue
                }
                rows.append(Int32(row))
                codes.append(code)
                keys.append(value)
            }
            guard !folded.isEmpty else { continue }
            for pair in Set(folded.map(\.pair)).sorted() {
                let set = Set([keys[pair]] + folded.filter { $0.pair == pair }.map(\.value)).sorted()
                guard set.count > 1 else { continue }
                let key = setKeys[set] ?? {
                    let key = Int32(listRowCount + sets.count)
                    sets.append(set)
                    setKeys[set] = key
                    return key
                }()
                keys[pair] = key
            }
        }
        self.rows = rows
        self.codes = codes
        self.keys = keys
        self.sets = sets
        self.listRowCount = listRowCount
    }

    /// The pairs whose key `kept` marks, split for the walk (see `KeptPairs`); `missing` is
    /// the field's code for entries without a value. `other` gives a coding's code of the
    /// crosstab's other field (below `otherCount`), and `cell` the cell of that code and a pair's.
    func keeping(_ kept: [Bool], missing: Int32, otherCount: Int, other: (_ row: Int32) -> Int32,
                 cell: (_ other: Int32, _ code: Int32) -> Int32) -> KeptPairs {
        var valued = PairRun(), withMissing = PairRun()
        var repeats = [Int](repeating: 0, count: otherCount)
        var pair = 0
        let count = rows.count
        while pair < count {
            // The run of pairs of one coding; the filter keeps some of them.
            let row = rows[pair]
            var end = pair + 1
            while end < count && rows[end] == row { end += 1 }
            // Two looks at the run, which is a pair or two long, rather than a list per coding.
            var keptCount = 0, hasMissing = false
            for index in pair..<end where kept[Int(keys[index])] {
                keptCount += 1
                hasMissing = hasMissing || codes[index] == missing
            }
            if keptCount > 0 {
                for index in pair..<end where kept[Int(keys[index])] {
                    if hasMissing { withMissing.append(row, codes[index]) } else { valued.append(row, codes[index]) }
                }
                if !hasMissing && keptCount > 1 { repeats[Int(other(row))] += keptCount - 1 }
            }
            pair = end
        }
        let cells = zip(valued.rows, valued.codes).map { cell(other($0), $1) }
        return KeptPairs(valued: valued, valuedCells: cells, repeats: repeats, withMissing: withMissing)
    }

    /// Per key, whether the filter keeps it, from the access codes (-1: removed by a filter).
    func keptKeys(_ accessCodes: [Int32]) -> [Bool] {
        var kept = (0..<listRowCount).map { accessCodes[$0] >= 0 }
        for set in sets { kept.append(set.contains { kept[Int($0)] }) }
        return kept
    }
}

/// The pairs a filter keeps, in coding order within each part, split by what counting them
/// needs, for one crosstab's pair of fields. With every value allowed, each `valued` pair is
/// one increment of a pre-joined cell (the dense loop of a crosstab), and each coding counts
/// once in its margin: the grid's row sums, less the pairs of its codings beyond their first
/// (`repeats`). Codings with a kept entry without a value, and any count that allows only some
/// values, take the walk that settles each coding in turn.
struct KeptPairs: Sendable {
    /// Pairs of the codings whose kept pairs all have a value.
    let valued: PairRun
    /// The grid cell of each valued pair, its coding's value of the other field joined in.
    let valuedCells: [Int32]
    /// Per code of the other field, how many valued pairs its codings have beyond their first.
    let repeats: [Int]
    /// Pairs of the codings with a kept entry without a value.
    let withMissing: PairRun
}

/// Pairs as two parallel columns: the coding, and the field's code.
struct PairRun: Sendable {
    private(set) var rows: [Int32] = []
    private(set) var codes: [Int32] = []

    mutating func append(_ row: Int32, _ code: Int32) {
        rows.append(row)
        codes.append(code)
    }
}

extension CorpusSnapshot {
    /// The pairs of a list field over the codings' lists, made once per snapshot.
    func listPairs(_ definition: FieldDefinition, lists: RowLists) -> ListPairs {
        caches.pairs(definition.field.name) {
            let missing = Int32(definition.domain.count)
            return ListPairs(lists, listRowCount: columns.rowCount(definition.level)) { row in
                let code = definition.code(ofRow: row)
                return code < 0 ? missing : code
            }
        }
    }
}
