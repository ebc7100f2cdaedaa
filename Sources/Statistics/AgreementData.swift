/// Ratings of units by coders, ready for agreement statistics.
///
/// Each coder gives each unit either nothing (a missing rating) or a set of labels; a set with one
/// label is the ordinary nominal case and an empty set means "rated, no label applies". Names of
/// units, coders and labels are kept as given, but the ratings are stored as a dense units × coders
/// table of `Int32` codes, one code per distinct label set, so the statistics run over small
/// integers only.
///
/// Build one with ``AgreementDataBuilder`` (from `(unit, coder, label)` triples), with one of the
/// convenience initialisers (dictionaries or a units × coders table), or directly from label
/// indices with ``init(units:coders:labels:nominalCodes:)``.
public struct AgreementData: Sendable, Hashable {
    /// Unit identifiers, in the order of the table's rows.
    public let units: [String]
    /// Coder names, in the order of the table's columns.
    public let coders: [String]
    /// Label names; label codes index this array.
    public let labels: [String]
    /// One value code per (unit, coder), unit-major: `cells[unit * coders.count + coder]`.
    /// `-1` marks a missing rating.
    let cells: [Int32]
    /// The label codes, ascending and without repeats, of each distinct rating value.
    /// No two entries are equal, so equal value codes mean equal label sets.
    let values: [[Int32]]

    /// Assembles data whose invariants the caller has already ensured.
    init(units: [String], coders: [String], labels: [String], cells: [Int32], values: [[Int32]]) {
        self.units = units
        self.coders = coders
        self.labels = labels
        self.cells = cells
        self.values = values
    }

    /// Makes single-label data straight from label indices, without any string hashing.
    ///
    /// `nominalCodes` holds one entry per unit and coder, unit-major
    /// (`nominalCodes[unit * coders.count + coder]`): a label index into `labels`, or `-1` for a
    /// missing rating. This is the fastest way in for large numeric data.
    public init(units: [String], coders: [String], labels: [String], nominalCodes: [Int32]) throws {
        if let repeated = Self.firstRepeat(in: coders) { throw AgreementError.sameCoderTwice(repeated) }
        if let repeated = Self.firstRepeat(in: labels) { throw AgreementError.duplicateLabel(repeated) }
        let expected = units.count * coders.count
        guard nominalCodes.count == expected else {
            throw AgreementError.cellCountMismatch(expected: expected, found: nominalCodes.count)
        }
        let labelCount = Int32(labels.count)
        if let bad = nominalCodes.firstIndex(where: { $0 < -1 || $0 >= labelCount }) {
            throw AgreementError.codeOutOfRange(cell: bad, code: nominalCodes[bad],
                                                labelCount: labels.count)
        }
        // Value code k is the singleton {label k}, so the label codes serve as value codes.
        self.init(units: units, coders: coders, labels: labels, cells: nominalCodes,
                  values: (0..<labelCount).map { [$0] })
    }

    /// Number of units (rows).
    public var unitCount: Int { units.count }
    /// Number of coders (columns).
    public var coderCount: Int { coders.count }
    /// Number of ratings that are not missing.
    public var ratingCount: Int { cells.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }

    /// The labels a coder gave a unit, sorted as in ``labels``, or `nil` if the rating is missing.
    public func rating(unit: Int, coder: Int) -> [String]? {
        let value = cells[unit * coders.count + coder]
        guard value >= 0 else { return nil }
        return values[Int(value)].map { labels[Int($0)] }
    }

    /// The column index of a coder, or an error naming the known coders.
    public func coderIndex(_ name: String) throws -> Int {
        guard let index = coders.firstIndex(of: name) else {
            throw AgreementError.unknownCoder(name, known: coders)
        }
        return index
    }

    /// The same ratings limited to the given coders, in the given order.
    public func restricted(toCoders names: [String]) throws -> AgreementData {
        if let repeated = Self.firstRepeat(in: names) { throw AgreementError.sameCoderTwice(repeated) }
        return restricted(toColumns: try names.map(coderIndex))
    }

    /// ``restricted(toCoders:)`` by column index.
    func restricted(toColumns columns: [Int]) -> AgreementData {
        let width = coders.count
        var kept = [Int32]()
        kept.reserveCapacity(units.count * columns.count)
        for unit in 0..<units.count {
            for column in columns { kept.append(cells[unit * width + column]) }
        }
        return AgreementData(units: units, coders: columns.map { coders[$0] }, labels: labels,
                             cells: kept, values: values)
    }

    /// Presence/absence data for one label: each rating becomes `{label}` if the coder applied
    /// it and the empty set otherwise; missing ratings stay missing.
    ///
    /// Nominal statistics on the result are the per-code (binary) statistics for that label.
    public func presence(of label: String) throws -> AgreementData {
        guard let code = labels.firstIndex(of: label) else {
            throw AgreementError.unknownLabel(label)
        }
        return presence(ofLabelCode: Int32(code))
    }

    /// ``presence(of:)`` by label code.
    func presence(ofLabelCode code: Int32) -> AgreementData {
        // Value 0 is "absent" (empty set), value 1 is "present" ({label}).
        let present = values.map { $0.contains(code) }
        let binary = cells.map { value -> Int32 in
            value < 0 ? -1 : (present[Int(value)] ? 1 : 0)
        }
        return AgreementData(units: units, coders: coders, labels: [labels[Int(code)]],
                             cells: binary, values: [[], [0]])
    }

    /// The same data with every unit on which no coder applied any label made wholly missing:
    /// where ratings come from coded text, an empty rating only says "nothing here", so a unit
    /// that is empty for everyone is not a unit and must not count as agreement. The unit stays
    /// in ``units``, so statistics count it as dropped.
    public func leavingOutUnlabelledUnits() -> AgreementData {
        let width = coders.count
        guard width > 0 else { return self }
        var kept = cells
        for start in stride(from: 0, to: kept.count, by: width) {
            let row = start..<(start + width)
            if !kept[row].contains(where: { $0 >= 0 && !values[Int($0)].isEmpty }) {
                for cell in row { kept[cell] = -1 }
            }
        }
        return AgreementData(units: units, coders: coders, labels: labels, cells: kept, values: values)
    }

    /// Whether any rated set is empty or holds more than one label.
    public var isMultiLabel: Bool {
        var used = [Bool](repeating: false, count: values.count)
        for value in cells where value >= 0 { used[Int(value)] = true }
        return zip(values, used).contains { $0.1 && $0.0.count != 1 }
    }
}

extension AgreementData {
    /// The first name that occurs a second time, if any.
    package static func firstRepeat(in names: [String]) -> String? {
        var seen = Set<String>()
        return names.first { !seen.insert($0).inserted }
    }
}
