import CorpusQuery
import StudyModel

/// The floor any crosstab engine is measured against: the role × group question with every
/// join already done, as two integer arrays of equal length (one entry per coding and
/// technique group it counts in), counted by one dense loop. Preparing the arrays is not
/// timed; only `count()` is, as a columnar tool is timed on data already joined.
public struct PrejoinedCounts: Sendable {
    /// Role code and group code of each (coding, group) pair, side by side.
    public let roles: [Int32]
    public let groups: [Int32]
    /// Number of role codes and group codes.
    public let roleCount: Int, groupCount: Int

    /// The pairs for techniques of `framework`, each coding counted once per group.
    public init(_ snapshot: CorpusSnapshot, framework: String = Taxonomy.bcttv1) {
        let columns = snapshot.columns
        let roleCodes = columns.participantRole.codes, groupCodes = columns.bctGroup.codes
        let frameworkCode = columns.bctFramework.dictionary.code(of: framework) ?? -2
        let groupOf = (0..<columns.bctIDs.count).map { row -> Int32 in
            columns.bctFramework.codes[row] == frameworkCode ? groupCodes[row] : -1
        }
        roleCount = columns.participantRole.dictionary.count
        groupCount = columns.bctGroup.dictionary.count
        var roles: [Int32] = [], groups: [Int32] = []
        let participantOf = columns.codingParticipant
        let offsets = columns.codingBCTs.offsets, values = columns.codingBCTs.values
        var seen = [Int](repeating: -1, count: groupCount)
        for coding in participantOf.indices {
            let participant = participantOf[coding]
            guard participant >= 0, roleCodes[Int(participant)] >= 0 else { continue }
            for entry in Int(offsets[coding])..<Int(offsets[coding + 1]) {
                let group = groupOf[Int(values[entry])]
                guard group >= 0, seen[Int(group)] != coding else { continue }
                seen[Int(group)] = coding
                roles.append(roleCodes[Int(participant)])
                groups.append(group)
            }
        }
        self.roles = roles
        self.groups = groups
    }

    /// The role × group counts, row-major: `counts[role * groupCount + group]`.
    public func count() -> [Int] {
        var counts = [Int](repeating: 0, count: roleCount * groupCount)
        let width = groupCount
        roles.withUnsafeBufferPointer { roles in
            groups.withUnsafeBufferPointer { groups in
                counts.withUnsafeMutableBufferPointer { counts in
                    for index in 0..<roles.count {
                        counts[Int(roles[index]) &* width &+ Int(groups[index])] &+= 1
                    }
                }
            }
        }
        return counts
    }
}
