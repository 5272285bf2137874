/// When a source is polled next: after its interval when the last poll worked, later and later
/// after failures in a row (the interval doubled per failure, at least 5 minutes, at most a day),
/// so that a broken feed is not hammered and a fixed one comes back by itself. Pure.
enum PollSchedule {
    /// Shortest and longest poll intervals a source may ask for, in minutes.
    static let intervalRange = 5...1_440
    /// Longest wait after failures, in milliseconds (one day).
    static let maxBackoffMillis: Int64 = 24 * 3_600_000

    /// The next attempt after a successful poll.
    static func afterSuccess(at now: Int64, intervalMinutes: Int) -> Int64 {
        now + Int64(intervalMinutes) * 60_000
    }

    /// The next attempt after the `failures`-th failure in a row (1 for the first).
    static func afterFailure(at now: Int64, intervalMinutes: Int, failures: Int) -> Int64 {
        now + backoffMillis(intervalMinutes: intervalMinutes, failures: failures)
    }

    /// The wait after `failures` failures in a row: interval × 2^(failures−1), within 5 min … 1 day.
    static func backoffMillis(intervalMinutes: Int, failures: Int) -> Int64 {
        let base = Int64(max(intervalMinutes, intervalRange.lowerBound)) * 60_000
        let doublings = min(max(failures - 1, 0), 20)
        return min(base << Int64(doublings), maxBackoffMillis)
    }
}
