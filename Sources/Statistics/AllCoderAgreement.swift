extension AgreementData {
    /// Fleiss' kappa over the units that every coder rated; each distinct label set is one
    /// category (on ``presence(of:)`` data this is the per-code kappa).
    ///
    /// Incomplete units are left out and reported in ``AgreementResult/droppedUnits``. Observed
    /// agreement is the mean over units of the share of agreeing coder pairs; chance agreement
    /// is Σₖ pₖ², where pₖ is category k's share of all ratings in the complete units.
    public func fleissKappa() -> AgreementResult {
        let width = coders.count
        guard width >= 2 else {
            return .undefined(.fleissKappa, .fewerThanTwoCoders, usage: .init(dropped: units.count))
        }
        var categoryTotals = [Int](repeating: 0, count: values.count)
        var unitCounts = [Int](repeating: 0, count: values.count)
        var sumOfSquares = 0  // Σ over units and categories of n_ik²
        let complete = forEachCompleteUnit { row in
            for value in row {
                sumOfSquares += 2 * unitCounts[Int(value)] + 1  // (k + 1)² − k²
                unitCounts[Int(value)] += 1
                categoryTotals[Int(value)] += 1
            }
            for value in row { unitCounts[Int(value)] = 0 }
        }
        let usage = completeUsage(complete)
        guard complete > 0 else { return .undefined(.fleissKappa, .noCompleteUnits, usage: usage) }
        let ratings = complete * width
        let observed = Double(sumOfSquares - ratings) / Double(ratings * (width - 1))
        let squaredTotals = categoryTotals.reduce(0) { $0 + $1 * $1 }
        let chance = Double(squaredTotals) / (Double(ratings) * Double(ratings))
        return .chanceCorrected(.fleissKappa, observed: observed, chance: chance,
                                noVariation: squaredTotals == ratings * ratings, usage: usage)
    }

    /// Share of the units rated by every coder on which all of them gave the same label set.
    /// Incomplete units are dropped.
    public func percentAgreement() -> AgreementResult {
        var agreeing = 0
        let complete = forEachCompleteUnit { row in
            if row.allSatisfy({ $0 == row[row.startIndex] }) { agreeing += 1 }
        }
        return proportion(.percentAgreement, agreeing, of: complete,
                          usage: completeUsage(complete), ifEmpty: .noCompleteUnits)
    }

    /// Share of the units rated by every coder on which some label was applied by all of them.
    /// Incomplete units are dropped, and so are units every coder rated with no label at all.
    public func anyCodeInCommon() -> AgreementResult {
        var agreeing = 0
        var compared = 0
        var common: [Int32] = []
        let complete = forEachCompleteUnit { row in
            guard row.contains(where: { !values[Int($0)].isEmpty }) else { return }
            compared += 1
            common = values[Int(row[row.startIndex])]
            for value in row.dropFirst() where !common.isEmpty {
                let set = values[Int(value)]
                common.removeAll { !set.contains($0) }
            }
            if !common.isEmpty { agreeing += 1 }
        }
        let reason: UndefinedReason = complete == 0 ? .noCompleteUnits : .noCodedUnits
        return proportion(.anyCodeInCommon, agreeing, of: compared,
                          usage: completeUsage(compared), ifEmpty: reason)
    }

    /// Calls `body` with the value codes of every unit that all coders rated; returns how many.
    private func forEachCompleteUnit(_ body: (ArraySlice<Int32>) -> Void) -> Int {
        let width = coders.count
        guard width > 0 else { return 0 }
        var complete = 0
        for start in stride(from: 0, to: cells.count, by: width) {
            let row = cells[start..<(start + width)]
            guard !row.contains(where: { $0 < 0 }) else { continue }
            complete += 1
            body(row)
        }
        return complete
    }

    /// Counts for a result over `used` complete units.
    private func completeUsage(_ used: Int) -> AgreementResult.Usage {
        .init(units: used, dropped: units.count - used, coders: used > 0 ? coders.count : 0,
              pairable: used * coders.count)
    }
}
