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
        var keptPairs: [KeptPairsKey: KeptPairs] = [:]
    }

    private struct KeptPairsKey: Hashable {
        let fields: [String]
        let kept: [Bool]
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

    /// The codings with no entry of `level`.
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

    /// The pairs a filter keeps (`kept`, per key) for a crosstab of `fields`, one of them a list
    /// field, made by `make` the first time that filter and those fields are asked for: a
    /// script repeats its questions, and the count over the kept pairs is their bulk.
    func keptPairs(_ fields: [String], kept: [Bool], make: () -> KeptPairs) -> KeptPairs {
        let key = KeptPairsKey(fields: fields, kept: kept)
        if let known = contents.withLock({ $0.keptPairs[key] }) { return known }
        let made = make()
        contents.withLock { contents in
            if contents.keptPairs.count >= Self.keptPairsLimit { contents.keptPairs.removeAll() }
            contents.keptPairs[key] = made
        }
        return made
    }

    /// Filtered pair lists kept at most: each is as large as the pairs a filter keeps.
    private static let keptPairsLimit = 8

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

/// The codings whose list of one list level is empty: without a filter on that level they
/// count under the missing value, and a walk over the entries never meets them.
struct ListEntries: Sendable {
    /// Codings with an empty list, ascending.
    let emptyRows: [Int32]

    init(_ lists: RowLists) {
        let offsets = lists.offsets
        emptyRows = (0..<Int32(lists.rowCount)).filter { offsets[Int($0)] == offsets[Int($0) + 1] }
    }
}
