import Foundation

/// A value axis that covers the data with round numbers: it always includes zero, and its
/// ticks are evenly spaced by 1, 2, 2.5 or 5 times a power of ten.
struct ChartAxis: Sendable, Equatable {
    /// The lowest value drawn (zero, or a round number below the smallest value).
    var minimum: Double
    /// The highest value drawn (a round number at or above the largest value).
    var maximum: Double
    /// The values where a grid line and a label go, from `minimum` to `maximum`.
    var ticks: [Double]

    /// The axis covering `values` with about `targetTicks` intervals; 0 to 1 when there is nothing to cover.
    /// When every value is whole (counts), ticks are whole too.
    static func covering(_ values: [Double], targetTicks: Int = 5) -> ChartAxis {
        let finite = values.filter(\.isFinite)
        let low = min(0, finite.min() ?? 0)
        var high = max(0, finite.max() ?? 0)
        if high == low { high = low + 1 }
        let whole = finite.allSatisfy { $0 == $0.rounded() }
        let step = max(whole ? 1 : 0, niceStep((high - low) / Double(max(1, targetTicks))))
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        let ticks = stride(from: first, through: last, by: 1).map { clean($0 * step, step: step) }
        return ChartAxis(minimum: ticks.first ?? 0, maximum: ticks.last ?? 1, ticks: ticks)
    }

    /// The round step at or above `rough`: 1, 2, 2.5 or 5 times a power of ten.
    static func niceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// Where `value` falls between the minimum (0) and the maximum (1).
    func fraction(_ value: Double) -> Double {
        guard maximum > minimum, value.isFinite else { return 0 }
        return (value - minimum) / (maximum - minimum)
    }

    /// A multiple of `step` without the binary noise of the multiplication (0.30000000000000004 → 0.3).
    private static func clean(_ value: Double, step: Double) -> Double {
        let decimals = max(0, Int((-log10(step)).rounded(.up)) + 1)
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded
    }
}

/// How chart numbers are written.
enum ChartNumber {
    /// Whole numbers without decimals, others with up to two (`1200`, `2.5`, `0.33`).
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A coordinate in the SVG, with one decimal.
    static func coordinate(_ value: Double) -> String {
        let text = String(format: "%.1f", value.isFinite ? value : 0)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
