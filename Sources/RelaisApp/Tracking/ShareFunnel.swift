/// An activation's sharing funnel, one row per day in the activation's time zone.
struct ShareFunnelDay: Sendable, Equatable {
    /// `YYYY-MM-DD` in the activation's time zone.
    var day: String
    /// Share links made that day.
    var shares = 0
    /// Counted human clicks.
    var clicks = 0
    /// New visitors (first counted click of a visitor on a link).
    var visits = 0
    /// Entries by people new to the brand that followed a share link (self-referrals excluded).
    var signups = 0
    /// All entries that followed a share link (sign-ups included, self-referrals excluded).
    var entries = 0
    /// People entering the activation for the first time (shared or not).
    var participants = 0
    /// The activation's coupons used at a shop's till (web-to-store).
    var storeRedemptions = 0
    /// The viral coefficient of the activation from its start to the end of this day.
    var viralCoefficient = 0.0
}

/// Hourly counts of each measure, as read from the database (epoch hour → count).
struct ShareFunnelCounts: Sendable, Equatable {
    var shares: [Int64: Int] = [:]
    var clicks: [Int64: Int] = [:]
    var visits: [Int64: Int] = [:]
    var signups: [Int64: Int] = [:]
    var entries: [Int64: Int] = [:]
    var participants: [Int64: Int] = [:]
    var storeRedemptions: [Int64: Int] = [:]
}

/// Folds hourly counts into days and computes the viral coefficient over time.
enum ShareFunnel {
    /// Days with any activity, oldest first; the coefficient of each day is cumulative:
    /// K = (links ÷ participants) × (conversions ÷ links), conversions being attributed entries.
    static func days(_ counts: ShareFunnelCounts, timeZone: String) -> [ShareFunnelDay] {
        var days: [String: ShareFunnelDay] = [:]
        func add(_ hours: [Int64: Int], _ field: WritableKeyPath<ShareFunnelDay, Int>) {
            for (hour, count) in hours {
                let day = LocalTime.day(hour * 3_600_000, timeZone: timeZone)
                days[day, default: ShareFunnelDay(day: day)][keyPath: field] += count
            }
        }
        add(counts.shares, \.shares)
        add(counts.clicks, \.clicks)
        add(counts.visits, \.visits)
        add(counts.signups, \.signups)
        add(counts.entries, \.entries)
        add(counts.participants, \.participants)
        add(counts.storeRedemptions, \.storeRedemptions)
        var links = 0, participants = 0, conversions = 0
        return days.values.sorted { $0.day < $1.day }.map { day in
            links += day.shares
            participants += day.participants
            conversions += day.entries
            var day = day
            day.viralCoefficient = ViralCoefficient.rounded(links: links, participants: participants, conversions: conversions)
            return day
        }
    }
}
