import CorpusQuery
import ResultTables
import StudyModel

/// Hand-written loops over the snapshot's arrays that answer one fixed question, for
/// benchmarks to measure the general query path against and for tests to check it with.
public enum CrosstabBaseline {
    /// Technique groups by participant role over the codings whose techniques come from
    /// `framework`: each cell is the number of codings of that role with at least one technique
    /// of that group in the framework. The same answer as
    /// `codings().filter("framework", equals: framework).crosstab("participant.role", "bct.group")`,
    /// computed by one loop written for this question alone.
    public static func bctGroupByRole(in snapshot: CorpusSnapshot, framework: String = Taxonomy.bcttv1) throws -> ResultTable {
        let columns = snapshot.columns
        let roles = columns.participantRole, groups = columns.bctGroup
        let frameworkCode = columns.bctFramework.dictionary.code(of: framework) ?? -2
        let groupCount = groups.dictionary.count
        // Group code per technique row, or -1 when the technique is outside the framework.
        let groupOfTechnique = (0..<columns.bctIDs.count).map { row -> Int32 in
            columns.bctFramework.codes[row] == frameworkCode ? groups.codes[row] : -1
        }
        var counts = [Int](repeating: 0, count: roles.dictionary.count * groupCount)
        var lastCoding = [Int](repeating: -1, count: counts.count)
        // Codings with any technique of the framework, per role: the distinct row totals.
        var roleTotals = [Int](repeating: 0, count: roles.dictionary.count)
        let participantOf = columns.codingParticipant
        let offsets = columns.codingBCTs.offsets, techniques = columns.codingBCTs.values
        for coding in 0..<participantOf.count {
            let participant = participantOf[coding]
            guard participant >= 0 else { continue }
            let role = roles.codes[Int(participant)]
            guard role >= 0 else { continue }
            var counted = false
            for entry in Int(offsets[coding])..<Int(offsets[coding + 1]) {
                let group = groupOfTechnique[Int(techniques[entry])]
                guard group >= 0 else { continue }
                let cell = Int(role) * groupCount + Int(group)
                // A coding with two techniques of one group counts once in that group.
                if lastCoding[cell] != coding {
                    lastCoding[cell] = coding
                    counts[cell] += 1
                }
                counted = true
            }
            if counted { roleTotals[Int(role)] += 1 }
        }
        return try table(counts, roleTotals: roleTotals, roles: roles.dictionary, groups: groups.dictionary)
    }

    /// The counts as a table with only the roles and groups that occur, in reading order. A
    /// coding has one role, so a column's total is its sum; a row's is counted.
    private static func table(_ counts: [Int], roleTotals: [Int], roles: StringDictionary, groups: StringDictionary) throws -> ResultTable {
        let groupCount = groups.count
        let usedRoles = (0..<roles.count).filter { role in
            (0..<groupCount).contains { counts[role * groupCount + $0] > 0 }
        }
        let usedGroups = (0..<groupCount).filter { group in
            (0..<roles.count).contains { counts[$0 * groupCount + group] > 0 }
        }
        let roleOrder = usedRoles.sorted { NaturalOrder.precedes(roles[Int32($0)], roles[Int32($1)]) }
        let groupOrder = usedGroups.sorted { NaturalOrder.precedes(groups[Int32($0)], groups[Int32($1)]) }
        var table = try ResultTable(
            keyName: "participant.role",
            rowLabels: roleOrder.map { roles[Int32($0)] },
            columnLabels: groupOrder.map { groups[Int32($0)] },
            counts: roleOrder.map { role in groupOrder.map { counts[role * groupCount + $0] } })
        let columnTotals = groupOrder.map { group in (0..<roles.count).reduce(0) { $0 + counts[$1 * groupCount + group] } }
        try table.setCountedTotals(.init(
            rows: roleOrder.map { .int(roleTotals[$0]) }, columns: columnTotals.map(ResultTable.Number.int),
            all: .int(roleOrder.reduce(0) { $0 + roleTotals[$1] })))
        return table
    }
}
