/// What the pre-aggregated figures need to know about one member for one brand, read from the
/// tables of members, entries, coupons, points, consent and the audit log (`RollupFactsReader`).
struct MemberFacts: Sendable, Equatable {
    var memberID: Int64
    var brandID: Int64
    /// When the brand first saw the member; nil when the member is not one of the brand's.
    var firstSeenAt: Int64?
    /// The profile was merged into another one.
    var merged = false
    /// When the profile was erased or anonymised.
    var erasedAt: Int64?
    /// When an erasure on the member's request was written in the audit log.
    var erasedOnRequestAt: [Int64] = []
    /// Instants of the member's activities for the brand: valid entries and coupons used at a till.
    var activities: [Int64] = []
    /// Points spent on rewards: instant and points (positive).
    var spends: [Spend] = []
    /// The member's consent ledger lines for the brand, in the order they were written.
    var consents: [ConsentLine] = []
    /// Purposes of the brand marked as marketing.
    var marketingPurposes: Set<Int64> = []

    struct Spend: Sendable, Equatable {
        var at: Int64
        var points: Int64
    }

    struct ConsentLine: Sendable, Equatable {
        var purposeID: Int64
        var channel: String
        var status: String
        var sourceKind: String
        var recordedAt: Int64
    }

    /// Nothing to count.
    var isEmpty: Bool {
        firstSeenAt == nil && erasedOnRequestAt.isEmpty && activities.isEmpty && spends.isEmpty && consents.isEmpty
    }
}
