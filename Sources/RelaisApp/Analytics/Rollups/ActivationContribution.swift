/// What one member adds to the counters of each activation of the brand (`scope` = the
/// activation): the activation report's outcomes and continuity, as docs/ROI.md defines them.
extension MemberContribution {
    static func perActivation(_ facts: MemberFacts, _ activations: BrandActivations, activityDays days: [Int64],
                            into counts: inout [RollupKey: Int64]) {
        func add(_ metric: RollupMetric, _ scope: Int64, a: Int64 = 0, b: Int64 = 0, c: Int64 = 0, _ n: Int64 = 1) {
            counts[RollupKey(metric: metric, scope: scope, a: a, b: b, c: c), default: 0] += n
        }
        let entries = Dictionary(grouping: facts.entries, by: \.activationID)
        let valid = entries.compactMapValues { list -> [MemberFacts.Entry]? in
            let kept = list.filter { $0.status == "valid" }
            return kept.isEmpty ? nil : kept
        }
        let optIns = gainedOptIns(facts, activations)
        let confirmations = confirmedThroughForm(facts, activations)
        for (activation, validEntries) in valid {
            add(.participants, activation)
            let firstAt = entries[activation, default: []].map(\.createdAt).min() ?? 0
            let known = facts.firstSeenAt.map { $0 < firstAt } ?? false
            if known { add(.knownParticipants, activation) }
            for pair in optIns[activation, default: []] { add(.optIns, activation, b: pair.purpose, c: pair.channel) }
            if validEntries.contains(where: \.confirmed) || confirmations.contains(activation) { add(.confirmedEmails, activation) }
            if validEntries.contains(where: \.shareSignup) { add(.shareSignups, activation) }
            if !known {
                // Acquired here: followed into the activations opened after this one.
                var any = false, anyDirect = false
                for (later, laterEntries) in valid where later != activation && activations.isLater(later, than: activation) {
                    add(.returned, activation, a: later)
                    any = true
                    if laterEntries.contains(where: { !$0.attributed }) {
                        add(.returnedDirect, activation, a: later)
                        anyDirect = true
                    }
                }
                if any { add(.returnedAny, activation) }
                if anyDirect { add(.returnedAnyDirect, activation) }
            }
            // Reactivated: a member for long enough, with no activity during the days before the first valid entry.
            if let firstSeen = facts.firstSeenAt, let first = validEntries.map(\.createdAt).min() {
                let day = RollupCalendar.day(first), seen = RollupCalendar.day(firstSeen)
                let previous = days.last { $0 < day } ?? RollupCalendar.none
                for threshold in dormancyThresholds where seen <= day - threshold && (previous == RollupCalendar.none || previous < day - threshold) {
                    add(.reactivatedParticipants, activation, c: threshold)
                }
            }
        }
        for referral in facts.referrals where referral.status == "valid" { add(.referrals, referral.activationID) }
        for coupon in facts.coupons {
            if let points = coupon.pointsSpent { add(.pointsRedeemed, coupon.activationID, points) }
            guard coupon.entryStatus != "invalidated" else { continue }
            add(.couponsIssued, coupon.activationID)
            guard coupon.status == "redeemed" else { continue }
            add(.storeVisits, coupon.activationID)
            if let amount = coupon.amountCents {
                add(.storeVisitsWithAmount, coupon.activationID)
                add(.revenueCents, coupon.activationID, amount)
            }
        }
        for earned in facts.earned { add(.pointsGiven, earned.activationID, earned.points) }
    }

    /// The channel's position in `ConsentChannel.allCases`, as counters store it.
    static func channelIndex(_ channel: String) -> Int64? {
        ConsentChannel.allCases.firstIndex { $0.rawValue == channel }.map(Int64.init)
    }

    /// Per activation, the (purpose, channel) opt-ins its form gained: granted (directly, or once
    /// the confirmation link was followed) when the line before it for the same purpose and
    /// channel was not a grant.
    static func gainedOptIns(_ facts: MemberFacts, _ activations: BrandActivations) -> [Int64: Set<PairKey>] {
        struct Key: Hashable { var purpose: Int64; var channel: String }
        let confirmed = Set(facts.consents.filter { $0.sourceKind == "double_opt_in" && $0.status == "granted" }.compactMap(\.sourceID))
        var latest: [Key: String] = [:]
        var gained: [Int64: Set<PairKey>] = [:]
        for line in facts.consents.sorted(by: { $0.id < $1.id }) {
            let key = Key(purpose: line.purposeID, channel: line.channel)
            let before = latest[key]
            latest[key] = line.status
            guard line.sourceKind == "form", let activation = activations.byLabel[line.sourceLabel],
                  line.status == "granted" || (line.status == "pending" && confirmed.contains(line.id)),
                  before != "granted", let channel = channelIndex(line.channel) else { continue }
            gained[activation, default: []].insert(PairKey(line.purposeID, channel))
        }
        return gained
    }

    /// Activations whose form's e-mail consent was confirmed through its link.
    static func confirmedThroughForm(_ facts: MemberFacts, _ activations: BrandActivations) -> Set<Int64> {
        let confirmed = Set(facts.consents.filter { $0.sourceKind == "double_opt_in" && $0.status == "granted" }.compactMap(\.sourceID))
        return Set(facts.consents.compactMap { line in
            line.sourceKind == "form" && line.channel == "email" && confirmed.contains(line.id) ? activations.byLabel[line.sourceLabel] : nil
        })
    }

    /// A purpose id and a channel index.
    struct PairKey: Hashable, Sendable {
        var purpose: Int64
        var channel: Int64
        init(_ purpose: Int64, _ channel: Int64) { self.purpose = purpose; self.channel = channel }
    }
}
