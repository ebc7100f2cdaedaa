import Foundation
import ResultTables

/// A linear map from data values to a length, with round-numbered tick marks for its axis.
struct ChartScale: Sendable {
    /// The smallest and largest value the scale shows; always includes zero.
    let lower: Double
    let upper: Double
    /// Tick values from `lower` to `upper`, evenly spaced at a round step.
    let ticks: [Double]
    /// Decimals needed to print the ticks without losing their difference.
    let tickDecimals: Int

    /// A scale covering `values` and zero, stretched to round tick values about `tickCount`
    /// steps apart. Non-finite values are ignored; with nothing to show the scale runs 0…1.
    init(covering values: [Double], tickCount: Int = 5) {
        let finite = values.filter(\.isFinite)
        var low = min(finite.min() ?? 0, 0)
        var high = max(finite.max() ?? 0, 0)
        if low == high { high = low + 1 }
        let step = Self.roundStep(for: (high - low) / Double(max(tickCount, 1)))
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        let count = Int(((high - low) / step).rounded())
        lower = low
        upper = high
        ticks = (0...count).map { low + Double($0) * step }
        tickDecimals = max(0, -Int(log10(step).rounded(.down)))
    }

    /// Where `value` falls between `lower` (0) and `upper` (1).
    func fraction(_ value: Double) -> Double {
        (value - lower) / (upper - lower)
    }

    /// A tick value as printed on the axis.
    func label(_ tick: Double) -> String {
        ChartFormat.fixed(tick, decimals: tickDecimals)
    }

    /// The step among 1, 2 and 5 times a power of ten nearest above `raw`, so ticks read easily.
    static func roundStep(for raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, log10(raw).rounded(.down))
        let scaled = raw / power
        let factor: Double = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10
        return factor * power
    }
}

/// How numbers are printed inside charts and reports.
enum ChartFormat {
    /// A cell value as readers see it: counts whole, measured values with `decimals`
    /// digits, `NA` for an undefined value.
    static func cell(_ number: ResultTable.Number, decimals: Int) -> String {
        switch number {
        case let .int(value): String(value)
        case let .double(value): fixed(value, decimals: decimals)
        }
    }

    /// `value` with exactly `decimals` digits after the point; `NA`, `Inf` or `-Inf` when it
    /// is not finite.
    static func fixed(_ value: Double, decimals: Int) -> String {
        if value.isNaN { return "NA" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        let text = String(format: "%.\(max(0, decimals))f", value)
        // Rounding a small negative number to zero prints "-0"; show it as zero.
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }
}
