import Foundation

/// One member's line on a leaderboard.
struct LeaderboardLine: Sendable, Equatable {
    /// Rank with ties sharing one ("1, 2, 2, 4").
    var rank: Int
    var memberID: Int64
    var firstName: String?
    var lastName: String?
    /// Points earned over the period.
    var points: Int64
    /// Ledger lines that earned them.
    var earnings: Int
    /// When the member reached this total (their last earning of the period).
    var reachedAt: Int64

    /// First name and initial, the most a member-facing list shows ("Camille M.").
    var publicName: String { PublicName.of(firstName: firstName, lastName: lastName) }
}

/// How a member is named where other people can see it. No I/O.
enum PublicName {
    /// First name and initial ("Camille M."); "—" without a first name.
    static func of(firstName: String?, lastName: String?) -> String {
        let first = firstName?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? "—"
        guard let initial = lastName?.trimmingCharacters(in: .whitespaces).first else { return first }
        return "\(first) \(initial)."
    }
}

/// Ranks members by points earned. No I/O.
enum Leaderboard {
    /// A member's totals over the period, before ranking.
    struct Total: Sendable, Equatable {
        var memberID: Int64
        var firstName: String?
        var lastName: String?
        var points: Int64
        var earnings: Int
        var reachedAt: Int64
    }

    /// Lines in rank order: most points first; equal points share a rank (standard competition
    /// ranking), and among them whoever reached the total first is listed first.
    static func ranked(_ totals: [Total]) -> [LeaderboardLine] {
        let ordered = totals.sorted {
            ($0.points, -$0.reachedAt, -$0.memberID) > ($1.points, -$1.reachedAt, -$1.memberID)
        }
        var lines: [LeaderboardLine] = []
        for (position, total) in ordered.enumerated() {
            let rank = lines.last.map { $0.points == total.points ? $0.rank : position + 1 } ?? 1
            lines.append(LeaderboardLine(rank: rank, memberID: total.memberID, firstName: total.firstName, lastName: total.lastName,
                                         points: total.points, earnings: total.earnings, reachedAt: total.reachedAt))
        }
        return lines
    }
}

/// The period a leaderboard covers: `from` included, `to` excluded, epoch ms.
struct LeaderboardPeriod: Sendable, Equatable {
    var from: Int64
    var to: Int64

    /// Longest period a leaderboard covers.
    static let longestDays = 1_100

    /// The period from optional ISO 8601 bounds: by default the 30 days up to `now`.
    static func parse(from: String?, to: String?, now: Int64) -> Result<LeaderboardPeriod, AppError> {
        var errors: [FieldError] = []
        let end: Int64? = to.map { Clock.parseISO($0) ?? Clock.parseDay($0).map { $0 + Clock.dayMillis } } ?? now
        if end == nil { errors.append(FieldError("to", "must be a date (YYYY-MM-DD) or an ISO 8601 time")) }
        let start: Int64? = from.map { Clock.parseISO($0) ?? Clock.parseDay($0) } ?? end.map { $0 - 30 * Clock.dayMillis }
        if start == nil { errors.append(FieldError("from", "must be a date (YYYY-MM-DD) or an ISO 8601 time")) }
        if let start, let end {
            if start >= end { errors.append(FieldError("from", "must be before to")) }
            if end - start > Int64(longestDays) * Clock.dayMillis { errors.append(FieldError("from", "the period must be at most \(longestDays) days")) }
        }
        guard errors.isEmpty, let start, let end else { return .failure(.validation(errors)) }
        return .success(LeaderboardPeriod(from: start, to: end))
    }
}
