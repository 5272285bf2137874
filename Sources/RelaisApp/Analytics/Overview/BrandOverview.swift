/// The community P&L of a brand over a period, its monthly trend, its cohorts and its
/// activations ranked by ROI: the brand overview. Definitions in docs/ROI.md.
struct BrandOverview: Sendable, Equatable {
    /// Counts of members over the period (anonymous: erased members may be in them).
    struct Community: Sendable, Equatable {
        /// Members of the brand at the end of the period (or now), erased and merged-away profiles excluded.
        var members = 0
        /// Members first seen by the brand during the period.
        var newMembers = 0
        /// Members with an activity in the 30 days before the end of the period (or now).
        var active30 = 0
        /// … in the 90 days before it.
        var active90 = 0
        /// Members with an activity during the period.
        var activeInPeriod = 0
        /// Members active during the period after being dormant.
        var reactivated = 0
        /// Members whose withdrawal of consent during the period left them with no marketing consent granted.
        var unsubscribes = 0
        /// Members of the brand erased on their request during the period.
        var erasures = 0
    }

    /// Costs of the period in one currency.
    struct Costs: Sendable, Equatable {
        var currency: String
        /// Budget lines of the activations opened during the period (actual where known, planned otherwise).
        var activationsCents: Int64 = 0
        /// Budget lines of the brand as a whole, created during the period.
        var brandCents: Int64 = 0
        /// Points spent on rewards during the period × the value model's point value (value-model currency only).
        var rewardsCents: Int64 = 0
        var totalCents: Int64 { activationsCents + brandCents + rewardsCents }
        /// Acquisition cost: activations' costs ÷ new members.
        var perNewMemberCents: Int64?
        /// Retention cost: the brand's own costs and rewards ÷ members active during the period.
        var perActiveMemberCents: Int64?
    }

    /// One month of the trend.
    struct Month: Sendable, Equatable {
        var label: String
        var members: Int
        var newMembers: Int
        var activeMembers: Int
        var reactivated: Int
        /// Value of the activations opened that month, in the value model's currency.
        var valueCents: Int64
        /// Costs that month in the value model's currency (activations opened, brand lines, rewards).
        var costCents: Int64
    }

    /// Members first seen in one month, and how many of them were active each month after.
    struct Cohort: Sendable, Equatable {
        var label: String
        var size: Int
        /// `active[k]`: cohort members active in month M+k; only months that have begun.
        var active: [Int]
    }

    var brandID: Int64
    var period: ReportPeriod
    /// The instant "at the end" figures are taken.
    var asOf: Int64
    var dormantDays: Int
    var community: Community
    var valueModel: ValueModel
    /// Points spent on rewards during the period.
    var pointsSpent: Int64
    /// One entry per currency, alphabetical; rewards only in the value model's.
    var costs: [Costs]
    /// Attributed value of the activations opened during the period, in the value model's currency.
    var valueCents: Int64
    var roi: RoiVerdict
    var months: [Month]
    var cohorts: [Cohort]
    /// The period's activations, best ROI first (computed ROIs before the others, then by opening).
    var activations: [ActivationReport]
    /// Members whose latest changes are not counted in the pre-aggregated figures yet (0: the figures are current).
    var pendingMembers = 0

    /// The period's ROI: (value − cost) ÷ cost when every cost is in the value model's currency.
    static func roi(costs: [Costs], valueCents: Int64, currency: String) -> RoiVerdict {
        let spent = costs.filter { $0.totalCents != 0 }
        guard !spent.isEmpty else { return .noCost }
        guard spent.count == 1, let cost = spent.first, cost.currency == currency else { return .mixedCurrencies }
        return .computed(RoiMaths.rounded(Double(valueCents - cost.totalCents) / Double(cost.totalCents)))
    }

    /// Activations ranked for the overview: computed ROI, highest first; then the others by opening.
    static func ranked(_ reports: [ActivationReport]) -> [ActivationReport] {
        reports.sorted { a, b in
            switch (a.roi.value, b.roi.value) {
            case let (x?, y?): return x != y ? x > y : (a.activation.opensAt, a.activation.id) < (b.activation.opensAt, b.activation.id)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return (a.activation.opensAt, a.activation.id) < (b.activation.opensAt, b.activation.id)
            }
        }
    }
}
