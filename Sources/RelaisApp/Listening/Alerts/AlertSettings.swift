import Foundation

/// What makes an alert for one query: the window compared with the windows before it, the
/// thresholds of the two tests and the cool-down that closes an episode.
struct AlertSettings: Sendable, Equatable {
    var enabled = true
    /// Length of the window that is compared (the last `windowMinutes` before the evaluation).
    var windowMinutes = 60
    /// How many windows of the same length, just before it, make the baseline.
    var baselineWindows = 24
    /// Volume spike: the window needs at least this many mentions…
    var spikeMinCount = 10
    /// …and a Poisson z-score at least this high.
    var spikeZ = 3.0
    /// Negative share: the window and the baseline each need at least this many mentions…
    var negativeMinCount = 10
    /// …and the two-proportion z-score must be at least this high.
    var negativeZ = 2.33
    /// An episode closes once its condition has been false for this long.
    var cooldownMinutes = 120

    /// The settings a query has until staff change them.
    static let standard = AlertSettings()

    /// Allowed ranges, also used by the API's messages.
    static let windowRange = 5...1_440
    static let baselineRange = 2...168
    static let countRange = 1...100_000
    static let zRange = 0.5...10.0
    static let cooldownRange = 0...10_080

    /// The problems of these settings, per field.
    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        func check(_ field: String, _ value: Int, _ range: ClosedRange<Int>) {
            if !range.contains(value) { errors.append(FieldError(field, "must be from \(range.lowerBound) to \(range.upperBound)")) }
        }
        check("windowMinutes", windowMinutes, Self.windowRange)
        check("baselineWindows", baselineWindows, Self.baselineRange)
        check("spikeMinCount", spikeMinCount, Self.countRange)
        check("negativeMinCount", negativeMinCount, Self.countRange)
        check("cooldownMinutes", cooldownMinutes, Self.cooldownRange)
        for (field, value) in [("spikeZ", spikeZ), ("negativeZ", negativeZ)] where !(value.isFinite && Self.zRange.contains(value)) {
            errors.append(FieldError(field, "must be from 0.5 to 10"))
        }
        // Multiplied only once both are in range, so that no value can overflow.
        if Self.windowRange.contains(windowMinutes) && Self.baselineRange.contains(baselineWindows) && windowMinutes * baselineWindows > 30 * 1_440 {
            errors.append(FieldError("baselineWindows", "the baseline (windowMinutes × baselineWindows) must cover at most 30 days"))
        }
        return errors
    }
}
