import Foundation

/// The two statistics behind alerts, on the counts of one query. Pure; `docs/LISTENING.md`
/// explains them with a worked example.
enum AlertStatistics {
    /// The result of one test on the current window.
    struct Outcome: Sendable, Equatable {
        /// Whether the alert condition holds.
        var triggered: Bool
        /// Mentions in the window.
        var observed: Int
        /// What the baseline leads to expect in one window (mean count for the spike, negative
        /// share of the baseline for the negative test).
        var expected: Double
        /// The z-score.
        var score: Double
        /// Negative share of the window and of the baseline (negative test only).
        var share: Double?
        var baselineShare: Double?
    }

    /// Volume spike. With `x` mentions in the window and `c₁…c_k` in the `k` baseline windows,
    /// λ = (c₁+…+c_k)/k is the expected count of a window; under a Poisson model the standard
    /// deviation is √λ, so z = (x − λ)/√max(λ, 1) (λ is floored at 1 so that a quiet baseline does
    /// not turn three mentions into an infinite score). The spike holds when x ≥ the minimum count
    /// and z ≥ the threshold.
    static func volumeSpike(current: Int, baseline: [Int], minCount: Int, threshold: Double) -> Outcome {
        let lambda = baseline.isEmpty ? 0 : Double(baseline.reduce(0, +)) / Double(baseline.count)
        let z = (Double(current) - lambda) / max(lambda, 1).squareRoot()
        return Outcome(triggered: current >= minCount && z >= threshold, observed: current, expected: lambda, score: z)
    }

    /// Rise of the negative share. Window: n₁ mentions of which k₁ negative (p₁ = k₁/n₁); baseline:
    /// n₀ mentions, k₀ negative (p₀ = k₀/n₀). With the pooled share p = (k₀+k₁)/(n₀+n₁), the
    /// two-proportion z-score is z = (p₁ − p₀)/√(p(1−p)(1/n₀ + 1/n₁)). It holds when n₁ and n₀ are
    /// both at least the minimum volume and z ≥ the threshold (so p₁ > p₀). When p is 0 or 1 the
    /// shares cannot differ and z is 0.
    static func negativeShare(current: Int, currentNegative: Int, baseline: Int, baselineNegative: Int,
                              minCount: Int, threshold: Double) -> Outcome {
        let p1 = current == 0 ? 0 : Double(currentNegative) / Double(current)
        let p0 = baseline == 0 ? 0 : Double(baselineNegative) / Double(baseline)
        var z = 0.0
        if current > 0 && baseline > 0 {
            let pooled = Double(currentNegative + baselineNegative) / Double(current + baseline)
            let variance = pooled * (1 - pooled) * (1 / Double(current) + 1 / Double(baseline))
            if variance > 0 { z = (p1 - p0) / variance.squareRoot() }
        }
        let triggered = current >= minCount && baseline >= minCount && z >= threshold
        return Outcome(triggered: triggered, observed: current, expected: p0, score: z, share: p1, baselineShare: p0)
    }
}
