/// A small, fast random number generator whose output depends only on its seed, so the demo
/// corpus, generated projects and benchmark data are the same on every run and platform (SplitMix64).
package struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    /// Starts the sequence for `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection), written out
    /// here so the sequence cannot change with the standard library's algorithm.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform value in `0 ..< 1` with 53 bits of precision.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A uniformly chosen element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}

/// Draws indices with fixed relative weights in logarithmic time (cumulative sums + binary search).
struct WeightedTable: Sendable {
    private let cumulative: [Double]

    /// Makes a table; at least one weight must be positive.
    init(_ weights: [Double]) {
        var running = 0.0
        cumulative = weights.map { weight in
            running += max(weight, 0)
            return running
        }
        precondition(running > 0, "a weighted table needs a positive weight")
    }

    /// An index drawn with probability proportional to its weight.
    func draw(_ random: inout SeededRandom) -> Int {
        let point = random.unit() * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > point { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
