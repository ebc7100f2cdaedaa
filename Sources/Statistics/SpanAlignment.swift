/// How much two coded spans of text must share to count as the same unit when coders' spans are
/// aligned (see ``SpanAlignment``).
public enum MinimumOverlap: Sendable, Hashable, CustomStringConvertible {
    /// At least this many characters in common, or all of the shorter span when it is shorter
    /// than that, so a short span lying inside a longer one always joins it.
    case characters(Int)
    /// At least this share of the shorter span, above 0 and at most 1 (1: one span contains the
    /// other).
    case share(Double)

    /// Any overlap at all: one character in common.
    public static let any = MinimumOverlap.characters(1)

    /// Checks the amount, throwing ``AgreementError/invalidMinimumOverlap(_:)`` for zero or
    /// negative characters or a share outside `0 < share ≤ 1`.
    public func validated() throws -> MinimumOverlap {
        switch self {
        case let .characters(count) where count >= 1: return self
        case let .share(share) where share > 0 && share <= 1: return self
        default: throw AgreementError.invalidMinimumOverlap(description)
        }
    }

    /// Whether spans `a` and `b` share enough to be one unit. Identical spans always do, even
    /// empty ones.
    public func joins(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        if a == b { return true }
        let shared = min(a.upperBound, b.upperBound) - max(a.lowerBound, b.lowerBound)
        guard shared > 0 else { return false }
        let shorter = min(a.count, b.count)
        switch self {
        case let .characters(count): return shared >= min(count, shorter)
        // The slack keeps a share that should be met exactly (say 1/3 of 3) from failing on
        // floating-point rounding.
        case let .share(share): return Double(shared) >= share * Double(shorter) - 1e-9
        }
    }

    /// `12 characters` or `50% of the shorter span`.
    public var description: String {
        switch self {
        case let .characters(count): "\(count) character\(count == 1 ? "" : "s")"
        case let .share(share): "\(share * 100)% of the shorter span"
        }
    }
}

/// Groups the coded spans of one document into units of agreement: spans that overlap by at
/// least the minimum are the same unit, and so, transitively, are spans linked through others
/// (a chain of overlapping spans is one unit). Coders' own spans are grouped the same way as
/// different coders' spans, so one coder's adjacent overlapping selections merge too.
public enum SpanAlignment {
    /// The units found among `spans`.
    public struct Units: Sendable, Hashable {
        /// For each input span, in input order, the index of its unit.
        public let unitOfSpan: [Int]
        /// For each unit, the range from its first start to its last end. Units are numbered in
        /// order of their first start.
        public let extents: [Range<Int>]
    }

    /// Aligns `spans` (in any order). Cost grows with the number of spans times the number
    /// of spans open at each start, not with the length of the text.
    public static func units(of spans: [Range<Int>], minimumOverlap: MinimumOverlap) -> Units {
        let order = spans.indices.sorted {
            (spans[$0].lowerBound, spans[$0].upperBound) < (spans[$1].lowerBound, spans[$1].upperBound)
        }
        var parent = Array(spans.indices)
        func root(_ span: Int) -> Int {
            var span = span
            while parent[span] != span {
                parent[span] = parent[parent[span]]
                span = parent[span]
            }
            return span
        }
        var open: [Int] = []
        for span in order {
            let range = spans[span]
            open.removeAll { spans[$0].upperBound <= range.lowerBound && spans[$0] != range }
            for other in open where minimumOverlap.joins(spans[other], range) {
                let (a, b) = (root(other), root(span))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
            open.append(span)
        }
        var unitOfRoot: [Int: Int] = [:]
        var unitOfSpan = [Int](repeating: 0, count: spans.count)
        var extents: [Range<Int>] = []
        for span in order {
            let top = root(span)
            if let unit = unitOfRoot[top] {
                unitOfSpan[span] = unit
                let extent = extents[unit]
                extents[unit] = extent.lowerBound..<max(extent.upperBound, spans[span].upperBound)
            } else {
                unitOfRoot[top] = extents.count
                unitOfSpan[span] = extents.count
                extents.append(spans[span])
            }
        }
        return Units(unitOfSpan: unitOfSpan, extents: extents)
    }
}
