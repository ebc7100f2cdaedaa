import Synchronization

/// What queries on one snapshot compute once and share: each coding's code of a field, with
/// every join from the coding to the field's table done (a coding's participant's role), and
/// the counts of questions without filters. The snapshot never changes, so nothing here goes
/// stale; a reloaded corpus is a new snapshot with empty caches.
final class SnapshotCaches: Sendable {
    private struct Contents {
        var prejoined: [String: [Int32]] = [:]
        var unfiltered: [String: GroupCounts] = [:]
        var entries: [Level: ListEntries] = [:]
        var pairs: [String: ListPairs] = [:]
    }

    private let contents = Mutex(Contents())
    /// Unfiltered counts kept at most: each is small, but the keys a script makes are unbounded.
    private static let countLimit = 256

    /// The pre-joined codes of `key`, made by `make` the first time they are asked for.
    func prejoined(_ key: String, make: () -> [Int32]) -> [Int32] {
        if let known = contents.withLock({ $0.prejoined[key] }) { return known }
        let made = make()
        contents.withLock { $0.prejoined[key] = made }
        return made
    }

    /// Which coding each list entry of `level` belongs to, and the codings with no entry.
    func entries(_ level: Level, lists: RowLists) -> ListEntries {
        if let known = contents.withLock({ $0.entries[level] }) { return known }
        let made = ListEntries(lists)
        contents.withLock { $0.entries[level] = made }
        return made
    }

    /// The pairs of the list field named `field`, made by `make` the first time.
    func pairs(_ field: String, make: () -> ListPairs) -> ListPairs {
        if let known = contents.withLock({ $0.pairs[field] }) { return known }
        let made = make()
        contents.withLock { $0.pairs[field] = made }
        return made
    }

    /// Counts of an unfiltered question, made by `make` the first time.
    func unfilteredCounts(_ key: String, make: () throws -> GroupCounts) rethrows -> GroupCounts {
        if let known = contents.withLock({ $0.unfiltered[key] }) { return known }
        let made = try make()
        contents.withLock { contents in
            if contents.unfiltered.count >= Self.countLimit { contents.unfiltered.removeAll() }
            contents.unfiltered[key] = made
        }
        return made
    }
}

extension CorpusSnapshot {
    /// How the counter reads a single-valued field from the selection's fact rows. When the
    /// fact rows are the codings themselves, the field's code per coding is joined once and
    /// kept, so every later count reads one array instead of following a join per row.
    func prejoinedAccess(_ definition: FieldDefinition, in selection: Selection) -> GroupAccess {
        let join = selection.join(to: definition.level)
        guard selection.fact == .coding, selection.entity == .codings, let join, let codes = definition.codes else {
            return .single(join: join, codes: definition.codes)
        }
        let prejoined = caches.prejoined("coding>" + definition.field.name) {
            join.map { target in target < 0 ? -1 : codes[Int(target)] }
        }
        return .single(join: nil, codes: prejoined)
    }
}

/// The per-coding lists of one list level read the other way round: the coding of each
/// entry, so a count can walk the entries alone, and the codings that have none.
struct ListEntries: Sendable {
    /// `rows[e]`: the coding whose list holds entry `e`.
    let rows: [Int32]
    /// Codings with an empty list, ascending.
    let emptyRows: [Int32]

    init(_ lists: RowLists) {
        var rows = [Int32](repeating: 0, count: lists.values.count)
        var empty: [Int32] = []
        let offsets = lists.offsets
        for row in 0..<lists.rowCount {
            let start = Int(offsets[row]), end = Int(offsets[row + 1])
            if start == end { empty.append(Int32(row)) }
            for entry in start..<end { rows[entry] = Int32(row) }
        }
        self.rows = rows
        emptyRows = empty
    }
}
