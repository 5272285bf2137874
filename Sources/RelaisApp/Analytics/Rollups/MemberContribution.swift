/// What one member adds to each counter of a brand's pre-aggregated figures: a pure function of
/// `MemberFacts`. The counters are the sums of every member's contribution, so when a member's
/// facts change, their counters move by the difference between the new and the stored
/// contribution — which keeps the figures exact whatever changed (an entry invalidated, a
/// merge, an erasure, history edited).
///
/// The definitions are those of docs/ROI.md, counted in whole UTC days: an activity is a valid
/// entry or a coupon used at a till; a member is dormant on a day when they had no activity
/// during the `n` days before it.
enum MemberContribution {
    /// The dormancy thresholds kept pre-aggregated, in days; others are counted from the tables.
    static let dormancyThresholds: [Int64] = [30, 60, 90, 180, 365, 730]

    static func of(_ facts: MemberFacts, activations: BrandActivations = BrandActivations()) -> [RollupKey: Int64] {
        var counts: [RollupKey: Int64] = [:]
        func add(_ key: RollupKey, _ n: Int64 = 1) { counts[key, default: 0] += n }

        let days = Array(Set(facts.activities.map(RollupCalendar.day))).sorted()
        let months = Array(Set(days.map(RollupCalendar.monthOfDay))).sorted()
        // Membership and cohorts: merged-away profiles are not members.
        if let firstSeen = facts.firstSeenAt, !facts.merged {
            add(RollupKey(metric: .joined, a: RollupCalendar.day(firstSeen)))
            if let erased = facts.erasedAt { add(RollupKey(metric: .left, a: RollupCalendar.day(erased))) }
            let cohort = RollupCalendar.month(firstSeen)
            for month in months where month >= cohort { add(RollupKey(metric: .cohort, a: cohort, b: month)) }
        }
        // Activity, as pairs: each counted once per range that starts after the previous one.
        pairs(days, metric: .activeDay, c: 0, into: &counts)
        pairs(months, metric: .activeMonth, c: 0, into: &counts)
        // Reactivations: a day whose previous activity is more than `threshold` days before, of a
        // member seen by the brand at least `threshold` days before it.
        if let firstSeen = facts.firstSeenAt {
            let seen = RollupCalendar.day(firstSeen)
            for threshold in dormancyThresholds {
                var previous = RollupCalendar.none, reactivations: [Int64] = []
                for day in days {
                    if seen <= day - threshold && (previous == RollupCalendar.none || previous < day - threshold) { reactivations.append(day) }
                    previous = day
                }
                pairs(reactivations, metric: .reactivatedDay, c: threshold, into: &counts)
                pairs(Array(Set(reactivations.map(RollupCalendar.monthOfDay))).sorted(), metric: .reactivatedMonth, c: threshold, into: &counts)
            }
        }
        pairs(Array(Set(unsubscribes(facts).map(RollupCalendar.day))).sorted(), metric: .unsubscribed, c: 0, into: &counts)
        if facts.firstSeenAt != nil {
            pairs(Array(Set(facts.erasedOnRequestAt.map(RollupCalendar.day))).sorted(), metric: .erased, c: 0, into: &counts)
        }
        perActivation(facts, activations, activityDays: days, into: &counts)
        return counts.filter { $0.value != 0 }
    }

    /// `(coordinate, previous coordinate)` for each of `sorted` (ascending, distinct).
    private static func pairs(_ sorted: [Int64], metric: RollupMetric, c: Int64, into counts: inout [RollupKey: Int64]) {
        var previous = RollupCalendar.none
        for value in sorted {
            counts[RollupKey(metric: metric, a: value, b: previous, c: c), default: 0] += 1
            previous = value
        }
    }

    /// Instants of the member's unsubscribes: a withdrawal (not written by an erasure) of a
    /// marketing consent granted just before, after which no marketing consent of the brand is granted.
    static func unsubscribes(_ facts: MemberFacts) -> [Int64] {
        struct Key: Hashable { var purpose: Int64; var channel: String }
        var latest: [Key: String] = [:]
        var found: [Int64] = []
        for line in facts.consents {
            let key = Key(purpose: line.purposeID, channel: line.channel)
            let before = latest[key]
            latest[key] = line.status
            guard line.status == "withdrawn", line.sourceKind != "erasure", facts.marketingPurposes.contains(line.purposeID),
                  before == "granted" else { continue }
            let stillGranted = latest.contains { $0.value == "granted" && facts.marketingPurposes.contains($0.key.purpose) }
            if !stillGranted { found.append(line.recordedAt) }
        }
        return found
    }
}
