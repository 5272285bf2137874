import Foundation

/// Throughput and latency percentiles of a benchmark run.
public struct LatencySummary: Codable, Sendable {
    public var operations: Int
    public var seconds: Double
    public var perSecond: Double
    public var p50Millis: Double
    public var p99Millis: Double

    /// Summarises per-operation durations (seconds) over a wall-clock span.
    init(durations: [Double], wallSeconds: Double) {
        let sorted = durations.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] * 1000
        }
        operations = sorted.count
        seconds = wallSeconds
        perSecond = wallSeconds > 0 ? Double(sorted.count) / wallSeconds : 0
        p50Millis = percentile(0.50)
        p99Millis = percentile(0.99)
    }
}
