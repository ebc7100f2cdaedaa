/// Two coders named for a pairwise measure, in column order.
public struct CoderPair: Sendable, Hashable {
    /// The first coder's name.
    public let first: String
    /// The second coder's name.
    public let second: String

    /// Names a pair of coders.
    public init(_ first: String, _ second: String) {
        self.first = first
        self.second = second
    }

    /// `first–second`, as reports and scripts name the pair.
    public var label: String { "\(first)–\(second)" }

    /// Index pairs `(i, j)` with `i < j` below `count`, in order: (0, 1), (0, 2), …, (1, 2), ….
    static func indexPairs(below count: Int) -> [(Int, Int)] {
        (0..<count).flatMap { i in ((i + 1)..<count).map { (i, $0) } }
    }
}

extension AgreementData {
    /// Every pair of distinct coders, in column order (c1–c2, c1–c3, …, c2–c3, …).
    public var coderPairs: [CoderPair] {
        coderPairColumns.map { CoderPair(coders[$0.0], coders[$0.1]) }
    }

    /// Column indices of every pair of coders, in the order of ``coderPairs``.
    var coderPairColumns: [(Int, Int)] { CoderPair.indexPairs(below: coders.count) }

    /// Cohen's kappa for two coders over the units both rated; each distinct label set is one
    /// category (on ``presence(of:)`` data this is the per-code kappa).
    ///
    /// Chance agreement is Σₖ pₐ(k)·p_b(k), each coder's own category proportions over the
    /// same units. Undefined when the two share no rated unit, or when both used one and the
    /// same category throughout (chance agreement 1).
    public func cohenKappa(between first: String, and second: String) throws -> AgreementResult {
        let (a, b) = try pairColumns(first, second)
        return cohenKappa(columns: a, b)
    }

    /// ``cohenKappa(between:and:)`` by column index.
    func cohenKappa(columns a: Int, _ b: Int) -> AgreementResult {
        var countsA = [Int](repeating: 0, count: values.count)
        var countsB = [Int](repeating: 0, count: values.count)
        var agreeing = 0
        let shared = forEachSharedUnit(a, b) { valueA, valueB in
            countsA[Int(valueA)] += 1
            countsB[Int(valueB)] += 1
            if valueA == valueB { agreeing += 1 }
        }
        let usage = pairUsage(shared: shared)
        guard shared > 0 else { return .undefined(.cohenKappa, .noPairableValues, usage: usage) }
        let chanceProducts = zip(countsA, countsB).reduce(0) { $0 + $1.0 * $1.1 }
        let n = Double(shared)
        return .chanceCorrected(.cohenKappa, observed: Double(agreeing) / n,
                                chance: Double(chanceProducts) / (n * n),
                                noVariation: chanceProducts == shared * shared, usage: usage)
    }

    /// Share of the units rated by both coders on which they gave exactly the same label set.
    public func percentAgreement(between first: String, and second: String) throws -> AgreementResult {
        let (a, b) = try pairColumns(first, second)
        return percentAgreement(columns: a, b)
    }

    /// ``percentAgreement(between:and:)`` by column index.
    func percentAgreement(columns a: Int, _ b: Int) -> AgreementResult {
        var agreeing = 0
        let shared = forEachSharedUnit(a, b) { valueA, valueB in
            if valueA == valueB { agreeing += 1 }
        }
        return proportion(.percentAgreement, agreeing, of: shared, usage: pairUsage(shared: shared),
                          ifEmpty: .noPairableValues)
    }

    /// Share of the units rated by both coders on which they applied at least one label in
    /// common. Units that both rated with no label at all are left out (there is no code to
    /// share) and counted as dropped; a unit where only one of them applied labels disagrees.
    public func anyCodeInCommon(between first: String, and second: String) throws -> AgreementResult {
        let (a, b) = try pairColumns(first, second)
        return anyCodeInCommon(columns: a, b)
    }

    /// ``anyCodeInCommon(between:and:)`` by column index.
    func anyCodeInCommon(columns a: Int, _ b: Int) -> AgreementResult {
        var agreeing = 0
        var compared = 0
        let shared = forEachSharedUnit(a, b) { valueA, valueB in
            let setA = values[Int(valueA)], setB = values[Int(valueB)]
            guard !(setA.isEmpty && setB.isEmpty) else { return }
            compared += 1
            if SetDistance.overlap(setA, setB).count > 0 { agreeing += 1 }
        }
        let reason: UndefinedReason = shared == 0 ? .noPairableValues : .noCodedUnits
        return proportion(.anyCodeInCommon, agreeing, of: compared,
                          usage: pairUsage(shared: compared), ifEmpty: reason)
    }

    /// Column indices of two distinct, known coders.
    private func pairColumns(_ first: String, _ second: String) throws -> (Int, Int) {
        guard first != second else { throw AgreementError.sameCoderTwice(first) }
        return (try coderIndex(first), try coderIndex(second))
    }

    /// Calls `body` with both coders' value codes on every unit both rated; returns how many.
    private func forEachSharedUnit(_ a: Int, _ b: Int,
                                   _ body: (Int32, Int32) -> Void) -> Int {
        let width = coders.count
        var shared = 0
        for start in stride(from: 0, to: cells.count, by: width) {
            let valueA = cells[start + a], valueB = cells[start + b]
            guard valueA >= 0 && valueB >= 0 else { continue }
            shared += 1
            body(valueA, valueB)
        }
        return shared
    }

    /// Counts for a pairwise result over `shared` units.
    private func pairUsage(shared: Int) -> AgreementResult.Usage {
        .init(units: shared, dropped: units.count - shared, coders: shared > 0 ? 2 : 0,
              pairable: 2 * shared)
    }

    /// A plain proportion `hits / total`, or the given reason when `total` is 0.
    func proportion(_ measure: AgreementMeasure, _ hits: Int, of total: Int,
                    usage: AgreementResult.Usage, ifEmpty reason: UndefinedReason) -> AgreementResult {
        guard coders.count >= 2 else {
            return .undefined(measure, .fewerThanTwoCoders, usage: .init(dropped: units.count))
        }
        guard total > 0 else { return .undefined(measure, reason, usage: usage) }
        let share = Double(hits) / Double(total)
        return .defined(measure, share, usage: usage, observed: share, chance: nil)
    }
}
