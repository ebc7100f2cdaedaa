/// How far apart two label sets are, for Krippendorff's alpha; 0 means the same, 1 means
/// nothing in common.
///
/// All three give 0 for two empty sets (both coders applied nothing) and 1 between the empty set
/// and any non-empty set.
public enum SetDistance: String, Sendable, Hashable, CaseIterable {
    /// 0 if the sets are equal, 1 otherwise; on single labels this is the nominal distance.
    case nominal
    /// 1 − |A ∩ B| / |A ∪ B|.
    case jaccard
    /// MASI (Passonneau 2006): 1 − J·M, where J is the Jaccard similarity and M is 1 for equal
    /// sets, 2/3 when one contains the other, 1/3 when they only overlap, and 0 when disjoint.
    case masi

    /// The alpha measure that uses this distance.
    public var alphaMeasure: AgreementMeasure {
        switch self {
        case .nominal: return .alphaNominal
        case .jaccard: return .alphaJaccard
        case .masi: return .alphaMASI
        }
    }

    /// The distance between two sets given as ascending label codes without repeats.
    func distance(_ a: [Int32], _ b: [Int32]) -> Double {
        distance(sizeA: a.count, sizeB: b.count, common: Self.overlap(a, b).count)
    }

    /// The distance between two sets known only by their sizes and the size of their
    /// intersection, which is all any of the three distances depends on.
    func distance(sizeA: Int, sizeB: Int, common: Int) -> Double {
        if common == sizeA && common == sizeB { return 0 }
        if self == .nominal { return 1 }
        let jaccard = Double(common) / Double(sizeA + sizeB - common)
        if self == .jaccard { return 1 - jaccard }
        let monotonicity: Double
        if common == 0 {
            monotonicity = 0
        } else if common == min(sizeA, sizeB) {
            monotonicity = 2.0 / 3.0
        } else {
            monotonicity = 1.0 / 3.0
        }
        return 1 - jaccard * monotonicity
    }

    /// Size of the intersection of two ascending arrays and its smallest element, by one merge
    /// pass.
    static func overlap(_ a: [Int32], _ b: [Int32]) -> (count: Int, first: Int32?) {
        var i = 0, j = 0, count = 0
        var first: Int32?
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                if first == nil { first = a[i] }
                count += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return (count, first)
    }
}
