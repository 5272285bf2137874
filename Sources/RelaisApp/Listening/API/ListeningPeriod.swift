import Foundation

/// The period of a listening statistic: `since` and `until` (YYYY-MM-DD or ISO 8601), 30 days up to
/// the end of today (UTC) by default, 366 days at most.
struct ListeningPeriod: Sendable, Equatable {
    var since: Int64
    var until: Int64

    /// Reads `since` and `until` from a query string.
    init(query: [String: String], now: Int64 = Clock.nowMillis()) throws {
        let filter = try MentionFilter(query: query.filter { $0.key == "since" || $0.key == "until" })
        until = filter.until ?? (now / Clock.dayMillis + 1) * Clock.dayMillis
        since = filter.since ?? until - 30 * Clock.dayMillis
        guard since < until else { throw AppError.invalid("since", "must be before until") }
        guard until - since <= 366 * Clock.dayMillis else { throw AppError.invalid("since", "the period must be at most 366 days") }
    }

    /// A whole number query parameter in a range, or its default.
    static func number(_ query: [String: String], _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query[name], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw AppError.invalid(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An optional id query parameter.
    static func id(_ query: [String: String], _ name: String) throws -> Int64? {
        guard let text = query[name], !text.isEmpty else { return nil }
        guard let value = Int64(text), value > 0 else { throw AppError.invalid(name, "must be a positive whole number") }
        return value
    }
}
