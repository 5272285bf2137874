/// When a webhook delivery that failed is tried again: 30 s, 1, 2, 4… minutes after each failure,
/// at most an hour apart, and given up after 10 attempts (about 4 hours). Pure.
enum DeliverySchedule {
    static let firstDelayMillis: Int64 = 30_000
    static let maxDelayMillis: Int64 = 3_600_000
    static let maxAttempts = 10

    /// The next attempt after `attempts` failed ones, or nil when the delivery is given up.
    static func retry(after attempts: Int, at now: Int64) -> Int64? {
        guard attempts < maxAttempts else { return nil }
        let exponent = max(0, min(attempts - 1, 20))
        return now + min(firstDelayMillis << Int64(exponent), maxDelayMillis)
    }
}
