extension AgreementData {
    /// Krippendorff's alpha over all coders, with missing ratings allowed.
    ///
    /// Values are label sets; with `.nominal` two sets agree only when equal (on single-label data
    /// this is the usual nominal alpha), `.masi` and `.jaccard` give partial credit for overlap.
    /// For the binary presence/absence alpha of one code, call this on ``presence(of:)``.
    ///
    /// Follows the coincidence-matrix form: only units rated by at least two coders are pairable,
    /// each unit's ordered rating pairs are weighted by `1 / (m − 1)` where `m` is its number of
    /// ratings, `Do` is the mean distance within units and `De` the mean distance between all
    /// pairable values; alpha = 1 − Do / De. Undefined (nil) with fewer than two coders, no
    /// pairable values, or when every pairable value is the same (`De` = 0).
    ///
    /// Cost: one pass over the table; the set distances add, for each label, a term quadratic in
    /// the number of distinct label sets that contain it.
    public func krippendorffAlpha(distance: SetDistance = .nominal) -> AgreementResult {
        let measure = distance.alphaMeasure
        guard coders.count >= 2 else {
            return .undefined(measure, .fewerThanTwoCoders, usage: .init(dropped: units.count))
        }
        let tallies = distance == .nominal ? nominalAlphaTallies() : setAlphaTallies(distance)
        var usage = AgreementResult.Usage(units: tallies.units, dropped: units.count - tallies.units,
                                          coders: tallies.coders, pairable: tallies.pairable)
        guard tallies.pairable > 0 else {
            usage.coders = 0
            return .undefined(measure, .noPairableValues, usage: usage)
        }
        let observedDisagreement = tallies.withinUnits / Double(tallies.pairable)
        if tallies.distinctValues == 1 {
            return .undefined(measure, .noVariation, usage: usage,
                              observed: 1 - observedDisagreement, chance: 1)
        }
        let n = Double(tallies.pairable)
        let expectedDisagreement = tallies.betweenValues / (n * (n - 1))
        return .defined(measure, 1 - observedDisagreement / expectedDisagreement, usage: usage,
                        observed: 1 - observedDisagreement, chance: 1 - expectedDisagreement)
    }

    /// Sums gathered in one pass over the table.
    private struct AlphaTallies {
        var units = 0
        var pairable = 0
        var coders = 0
        var distinctValues = 0
        /// Σ over pairable units of (Σ over ordered rating pairs of distance) / (m − 1).
        var withinUnits = 0.0
        /// Σ over ordered pairs of values v, w of n_v · n_w · distance(v, w).
        var betweenValues = 0.0
    }

    /// Nominal alpha by counting alone: in a unit with `m` ratings whose values occur
    /// `k₁, k₂, …` times, the disagreeing ordered pairs number `m² − Σ kᵢ²`. Those integers are
    /// summed per `m`, so the only rounding is one division per distinct `m`.
    private func nominalAlphaTallies() -> AlphaTallies {
        let width = coders.count
        var valueTotals = [Int](repeating: 0, count: values.count)
        var unitCounts = [Int32](repeating: 0, count: values.count)
        var disagreeingPairsByM = [Int](repeating: 0, count: width + 1)
        var coderUsed = [Bool](repeating: false, count: width)
        var tallies = AlphaTallies()
        cells.withUnsafeBufferPointer { table in
            for start in stride(from: 0, to: table.count, by: width) {
                let row = UnsafeBufferPointer(rebasing: table[start..<(start + width)])
                var m = 0
                for value in row where value >= 0 { m += 1 }
                guard m >= 2 else { continue }
                var sumOfSquares = 0
                for (coder, value) in row.enumerated() where value >= 0 {
                    let seen = Int(unitCounts[Int(value)])
                    sumOfSquares += 2 * seen + 1  // (k + 1)² − k²
                    unitCounts[Int(value)] += 1
                    valueTotals[Int(value)] += 1
                    coderUsed[coder] = true
                }
                for value in row where value >= 0 { unitCounts[Int(value)] = 0 }
                disagreeingPairsByM[m] += m * m - sumOfSquares
                tallies.units += 1
                tallies.pairable += m
            }
        }
        for m in 2..<disagreeingPairsByM.count where disagreeingPairsByM[m] > 0 {
            tallies.withinUnits += Double(disagreeingPairsByM[m]) / Double(m - 1)
        }
        let n = tallies.pairable
        let sumOfSquaredTotals = valueTotals.reduce(0) { $0 + $1 * $1 }
        tallies.betweenValues = Double(n * n - sumOfSquaredTotals)
        tallies.distinctValues = valueTotals.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        tallies.coders = coderUsed.reduce(0) { $0 + ($1 ? 1 : 0) }
        return tallies
    }

    /// Alpha tallies for a set distance, pair by pair within each unit.
    private func setAlphaTallies(_ distance: SetDistance) -> AlphaTallies {
        let width = coders.count
        var valueTotals = [Int](repeating: 0, count: values.count)
        var coderUsed = [Bool](repeating: false, count: width)
        var rated: [Int32] = []
        var tallies = AlphaTallies()
        for start in stride(from: 0, to: cells.count, by: width) {
            rated.removeAll(keepingCapacity: true)
            for coder in 0..<width where cells[start + coder] >= 0 { rated.append(cells[start + coder]) }
            guard rated.count >= 2 else { continue }
            for coder in 0..<width where cells[start + coder] >= 0 { coderUsed[coder] = true }
            var unitSum = 0.0
            for i in 0..<rated.count {
                valueTotals[Int(rated[i])] += 1
                for j in (i + 1)..<rated.count {
                    unitSum += 2 * distance.distance(values[Int(rated[i])], values[Int(rated[j])])
                }
            }
            tallies.withinUnits += unitSum / Double(rated.count - 1)
            tallies.units += 1
            tallies.pairable += rated.count
        }
        let used = valueTotals.indices.filter { valueTotals[$0] > 0 }
        tallies.betweenValues = betweenValueDistances(distance, used: used, totals: valueTotals,
                                                      pairable: tallies.pairable)
        tallies.distinctValues = used.count
        tallies.coders = coderUsed.reduce(0) { $0 + ($1 ? 1 : 0) }
        return tallies
    }

    /// Σ over ordered pairs of distinct used values of n_v · n_w · distance(v, w).
    ///
    /// Disjoint sets are always at distance 1, so the sum starts from "every pair at distance 1"
    /// (n² − Σ n_v²) and subtracts the similarity of the pairs that share a label. Those are
    /// found through the values holding each label, which avoids comparing every set with every
    /// other one; a pair sharing several labels is counted at its smallest shared label only.
    private func betweenValueDistances(_ distance: SetDistance, used: [Int], totals: [Int],
                                       pairable: Int) -> Double {
        var holders = [[Int]](repeating: [], count: labels.count)
        for value in used {
            for label in values[value] { holders[Int(label)].append(value) }
        }
        let squaredTotals = used.reduce(0) { $0 + totals[$1] * totals[$1] }
        var sum = Double(pairable * pairable - squaredTotals)
        for (label, list) in holders.enumerated() where list.count > 1 {
            for (position, v) in list.enumerated() {
                for w in list[(position + 1)...] {
                    let (common, first) = SetDistance.overlap(values[v], values[w])
                    guard first == Int32(label) else { continue }
                    let d = distance.distance(sizeA: values[v].count, sizeB: values[w].count,
                                              common: common)
                    sum -= 2 * Double(totals[v]) * Double(totals[w]) * (1 - d)
                }
            }
        }
        return sum
    }
}
