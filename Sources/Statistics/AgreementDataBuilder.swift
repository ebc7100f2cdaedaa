/// Collects ratings one at a time and encodes them into ``AgreementData``.
///
/// Feed it `(unit, coder, label)` triples with ``add(unit:coder:label:)``: every triple says the
/// coder applied that label to that unit, and several triples for the same unit and coder make a
/// multi-label rating. A coder who looked at a unit and applied no label is recorded with
/// ``addRating(unit:coder:labels:)`` and an empty sequence; a unit and coder that never appear
/// together are a missing rating. Units, coders and labels are numbered in order of first
/// appearance, and may be declared up front with the `declare` methods (a declared coder without
/// ratings still counts as a coder).
public struct AgreementDataBuilder: Sendable {
    private var unitNames: [String] = []
    private var coderNames: [String] = []
    private var labelNames: [String] = []
    private var unitCodes: [String: Int32] = [:]
    /// How many of `unitNames` are in `unitCodes`: units from ``addUnit(_:)`` are indexed only
    /// when a name is next looked up.
    private var indexedUnits = 0
    private var coderCodes: [String: Int32] = [:]
    private var labelCodes: [String: Int32] = [:]
    /// One entry per triple or rating mark, as parallel arrays; label -1 marks "rated".
    private var entryUnits: [Int32] = []
    private var entryCoders: [Int32] = []
    private var entryLabels: [Int32] = []

    /// An empty builder.
    public init() {}

    /// Declares a unit so that it is kept (and counted as dropped) even if nobody rated it.
    public mutating func declare(unit: String) { _ = unitCode(unit) }

    /// Declares a coder so that it counts as a coder even without any rating.
    public mutating func declare(coder: String) { _ = coderCode(coder) }

    /// Declares a label so that per-label statistics include it even if nobody applied it.
    public mutating func declare(label: String) { _ = labelCode(label) }

    /// The number of a unit, declaring it on first sight. Numbers count up from 0 in order of
    /// first sight; rating by number skips hashing the names again for every rating.
    public mutating func unitCode(_ name: String) -> Int32 {
        while indexedUnits < unitNames.count {
            if unitCodes[unitNames[indexedUnits]] == nil { unitCodes[unitNames[indexedUnits]] = Int32(indexedUnits) }
            indexedUnits += 1
        }
        let code = Self.code(name, &unitNames, &unitCodes)
        indexedUnits = unitNames.count
        return code
    }

    /// Adds a unit the caller knows is new and returns its number, without looking the name up,
    /// which saves hashing every name when units come from a source that cannot repeat one. A
    /// name given twice makes two units; ``unitCode(_:)`` finds the first.
    public mutating func addUnit(_ name: String) -> Int32 {
        unitNames.append(name)
        return Int32(unitNames.count - 1)
    }

    /// The number of a coder, declaring it on first sight.
    public mutating func coderCode(_ name: String) -> Int32 { Self.code(name, &coderNames, &coderCodes) }

    /// The number of a label, declaring it on first sight.
    public mutating func labelCode(_ name: String) -> Int32 { Self.code(name, &labelNames, &labelCodes) }

    /// Records that `coder` applied `label` to `unit`.
    public mutating func add(unit: String, coder: String, label: String) {
        entryUnits.append(unitCode(unit))
        entryCoders.append(coderCode(coder))
        entryLabels.append(labelCode(label))
    }

    /// Records that `coder` rated `unit` with `labels`; an empty sequence means the coder rated
    /// the unit and applied no label, which differs from a missing rating.
    public mutating func addRating(unit: String, coder: String, labels: some Sequence<String>) {
        let unitNumber = unitCode(unit), coderNumber = coderCode(coder)
        addRating(unit: unitNumber, coder: coderNumber, labels: labels.map { labelCode($0) })
    }

    /// Records a rating, as the form taking names does, by the numbers ``unitCode(_:)``,
    /// ``coderCode(_:)`` and ``labelCode(_:)`` gave out.
    public mutating func addRating(unit: Int32, coder: Int32, labels: some Sequence<Int32>) {
        precondition(unit >= 0 && Int(unit) < unitNames.count && coder >= 0 && Int(coder) < coderNames.count,
                     "unit and coder numbers come from unitCode and coderCode")
        entryUnits.append(unit)
        entryCoders.append(coder)
        entryLabels.append(-1)
        for label in labels {
            precondition(label >= 0 && Int(label) < labelNames.count, "label numbers come from labelCode")
            entryUnits.append(unit)
            entryCoders.append(coder)
            entryLabels.append(label)
        }
    }

    /// Encodes everything recorded so far.
    public func build() -> AgreementData {
        let width = coderNames.count
        let cellCount = unitNames.count * width
        let (starts, order) = bucketEntriesByCell(cellCount: cellCount, width: width)
        var interner = ValueInterner(labelCount: labelNames.count)
        var cells = [Int32](repeating: -1, count: cellCount)
        var scratch: [Int32] = []
        for cell in 0..<cellCount where starts[cell] < starts[cell + 1] {
            scratch.removeAll(keepingCapacity: true)
            for slot in Int(starts[cell])..<Int(starts[cell + 1]) {
                let label = entryLabels[Int(order[slot])]
                if label >= 0 { scratch.append(label) }
            }
            cells[cell] = interner.code(for: &scratch)
        }
        return AgreementData(units: unitNames, coders: coderNames, labels: labelNames,
                             cells: cells, values: interner.values)
    }

    /// Groups entry indices by cell with a counting sort: `order[starts[c]..<starts[c+1]]` are
    /// the entries of cell `c`.
    private func bucketEntriesByCell(cellCount: Int, width: Int) -> (starts: [Int32], order: [Int32]) {
        var starts = [Int32](repeating: 0, count: cellCount + 1)
        for index in entryUnits.indices {
            starts[Int(entryUnits[index]) * width + Int(entryCoders[index]) + 1] += 1
        }
        for cell in 0..<cellCount { starts[cell + 1] += starts[cell] }
        var next = starts
        var order = [Int32](repeating: 0, count: entryUnits.count)
        for index in entryUnits.indices {
            let cell = Int(entryUnits[index]) * width + Int(entryCoders[index])
            order[Int(next[cell])] = Int32(index)
            next[cell] += 1
        }
        return (starts, order)
    }

    /// The code of `name`, giving it the next free code on first sight.
    private static func code(_ name: String, _ names: inout [String],
                      _ codes: inout [String: Int32]) -> Int32 {
        // Triples usually arrive grouped by unit, so the newest name is worth a cheap look first.
        if let last = names.last, last == name { return Int32(names.count - 1) }
        if let known = codes[name] { return known }
        let new = Int32(names.count)
        names.append(name)
        codes[name] = new
        return new
    }
}

extension AgreementDataBuilder {
    /// Gives each distinct label set one value code, with shortcuts for the common small sets so
    /// that single-label data never hashes an array.
    struct ValueInterner {
        private(set) var values: [[Int32]] = []
        private var singletons: [Int32]
        private var emptyCode: Int32 = -1
        private var general: [[Int32]: Int32] = [:]

        init(labelCount: Int) {
            singletons = [Int32](repeating: -1, count: labelCount)
        }

        /// The code of the set of labels in `labels` (which it sorts and de-duplicates in place).
        mutating func code(for labels: inout [Int32]) -> Int32 {
            if labels.isEmpty {
                if emptyCode < 0 { emptyCode = append([]) }
                return emptyCode
            }
            if labels.count > 1 {
                labels.sort()
                labels = deduplicatedSorted(labels)
            }
            if labels.count == 1 {
                let label = Int(labels[0])
                if singletons[label] < 0 { singletons[label] = append(labels) }
                return singletons[label]
            }
            if let known = general[labels] { return known }
            let new = append(labels)
            general[labels] = new
            return new
        }

        private mutating func append(_ set: [Int32]) -> Int32 {
            values.append(set)
            return Int32(values.count - 1)
        }

        private func deduplicatedSorted(_ sorted: [Int32]) -> [Int32] {
            var result: [Int32] = []
            result.reserveCapacity(sorted.count)
            for label in sorted where result.last != label { result.append(label) }
            return result
        }
    }
}

extension AgreementData {
    /// Encodes `(unit, coder, label)` triples: each says the coder applied the label to the unit.
    public init(triples: some Sequence<(unit: String, coder: String, label: String)>) {
        var builder = AgreementDataBuilder()
        for triple in triples { builder.add(unit: triple.unit, coder: triple.coder, label: triple.label) }
        self = builder.build()
    }

    /// Encodes a unit → coder → labels dictionary. Units and coders are taken in sorted order; an
    /// absent coder is a missing rating and an empty set is a rating with no label.
    public init(ratings: [String: [String: Set<String>]]) {
        var builder = AgreementDataBuilder()
        for coder in Set(ratings.values.flatMap(\.keys)).sorted() { builder.declare(coder: coder) }
        for unit in ratings.keys.sorted() {
            builder.declare(unit: unit)
            for (coder, labels) in ratings[unit]!.sorted(by: { $0.key < $1.key }) {
                builder.addRating(unit: unit, coder: coder, labels: labels.sorted())
            }
        }
        self = builder.build()
    }

    /// Encodes a single-label units × coders table; `nil` is a missing rating. Units are named
    /// "1", "2", … by row.
    public init(coders: [String], nominalRows rows: [[String?]]) throws {
        try self.init(coders: coders, labelRows: rows.map { row in row.map { $0.map { [$0] } } })
    }

    /// Encodes a multi-label units × coders table; `nil` is a missing rating and an empty array a
    /// rating with no label. Units are named "1", "2", … by row.
    public init(coders: [String], labelRows rows: [[[String]?]]) throws {
        if let repeated = Self.firstRepeat(in: coders) { throw AgreementError.sameCoderTwice(repeated) }
        var builder = AgreementDataBuilder()
        for coder in coders { builder.declare(coder: coder) }
        for (index, row) in rows.enumerated() {
            guard row.count == coders.count else {
                throw AgreementError.rowWidthMismatch(row: index + 1, expected: coders.count,
                                                      found: row.count)
            }
            let unit = String(index + 1)
            builder.declare(unit: unit)
            for (coder, labels) in zip(coders, row) {
                if let labels { builder.addRating(unit: unit, coder: coder, labels: labels) }
            }
        }
        self = builder.build()
    }
}
