import Foundation

/// One step of an activation's sharing funnel, with how it converted from the step before.
struct ShareFunnelStep: Sendable, Equatable {
    /// `shares`, `clicks`, `visits`, `signups`, `entries` or `storeRedemptions`.
    var key: String
    var count: Int
    /// This step's count divided by the previous step's; nil for the first step or after a step of zero.
    var conversion: Double?
}

/// The funnel read as steps, and days laid end to end for charts over time. No I/O.
enum ShareFunnelSteps {
    /// The steps from shares to store redemptions, in order.
    static let keys = ["shares", "clicks", "visits", "signups", "entries", "storeRedemptions"]

    /// The steps of `totals`, each with its conversion from the step before.
    static func of(_ totals: ShareFunnelDay) -> [ShareFunnelStep] {
        let counts = [totals.shares, totals.clicks, totals.visits, totals.signups, totals.entries, totals.storeRedemptions]
        return zip(keys, counts).enumerated().map { index, step in
            let previous = index > 0 ? counts[index - 1] : 0
            return ShareFunnelStep(key: step.0, count: step.1, conversion: previous > 0 ? Double(step.1) / Double(previous) : nil)
        }
    }

    /// Longest stretch of days filled in; a longer activity keeps only its days with activity.
    static let maximumDays = 400

    /// `days` with the days without activity between the first and the last added as zeros, so a
    /// line over time does not join distant days as if they were neighbours.
    static func continuous(_ days: [ShareFunnelDay]) -> [ShareFunnelDay] {
        guard let first = days.first.flatMap({ date($0.day) }), let last = days.last.flatMap({ date($0.day) }) else { return days }
        let span = Int((last.timeIntervalSince(first) / 86_400).rounded())
        guard span >= 0, span < maximumDays else { return days }
        let known = Dictionary(days.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
        var filled: [ShareFunnelDay] = []
        var viral = 0.0
        for offset in 0...span {
            let day = text(first.addingTimeInterval(Double(offset) * 86_400))
            var value = known[day] ?? ShareFunnelDay(day: day)
            if known[day] == nil { value.viralCoefficient = viral }
            viral = value.viralCoefficient
            filled.append(value)
        }
        return filled
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Midnight UTC of a `YYYY-MM-DD` day.
    private static func date(_ day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    private static func text(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
