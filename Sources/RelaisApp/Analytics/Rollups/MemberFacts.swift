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
    /// The member's consent ledger lines for the brand, in the order they were written.
    var consents: [ConsentLine] = []
    /// Purposes of the brand marked as marketing.
    var marketingPurposes: Set<Int64> = []
    /// The member's entries in the brand's activations, whatever their status.
    var entries: [Entry] = []
    /// The member's coupons of the brand's activations.
    var coupons: [Coupon] = []
    /// Points the earning rules gave the member for an activation: activation and points.
    var earned: [Earned] = []
    /// Referrals of the member (as the friend who joined): activation and status.
    var referrals: [Referral] = []

    struct Entry: Sendable, Equatable {
        var activationID: Int64
        var status: String
        var createdAt: Int64
        var confirmed: Bool
        /// The entry followed a share link (a `share_attributions` row).
        var attributed: Bool
        /// It was a sign-up through someone else's share link.
        var shareSignup: Bool
    }

    struct Coupon: Sendable, Equatable {
        var activationID: Int64
        var status: String
        /// Status of the entry the coupon was given for, if any.
        var entryStatus: String?
        var amountCents: Int64?
        /// Points of the spend line the coupon was bought with (positive), if any.
        var pointsSpent: Int64?
    }

    struct Earned: Sendable, Equatable {
        var activationID: Int64
        var points: Int64
    }

    struct Referral: Sendable, Equatable {
        var activationID: Int64
        var status: String
    }

    struct ConsentLine: Sendable, Equatable {
        var id: Int64 = 0
        var purposeID: Int64
        var channel: String
        var status: String
        var sourceKind: String
        var recordedAt: Int64
        var sourceLabel: String = ""
        var sourceID: Int64? = nil
    }

    /// Nothing to count.
    var isEmpty: Bool {
        firstSeenAt == nil && erasedOnRequestAt.isEmpty && activities.isEmpty && consents.isEmpty
            && entries.isEmpty && coupons.isEmpty && earned.isEmpty && referrals.isEmpty
    }
}

/// The brand's activations as the per-activation figures need them: their order of opening
/// (for "the activations after this one") and the label their entry form writes in the consent ledger.
struct BrandActivations: Sendable, Equatable {
    struct Activation: Sendable, Equatable {
        var id: Int64
        var opensAt: Int64
        var slug: String
    }

    var byID: [Int64: Activation] = [:]
    var byLabel: [String: Int64] = [:]

    init(_ activations: [Activation] = []) {
        for activation in activations {
            byID[activation.id] = activation
            byLabel[RelaisApp.Activation.consentLabel(slug: activation.slug)] = activation.id
        }
    }

    /// Whether `later` opened after `earlier` (same instant: the higher id is later).
    func isLater(_ later: Int64, than earlier: Int64) -> Bool {
        guard let l = byID[later], let e = byID[earlier] else { return false }
        return l.opensAt > e.opensAt || (l.opensAt == e.opensAt && l.id > e.id)
    }
}
