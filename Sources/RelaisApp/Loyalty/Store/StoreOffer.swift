/// Who receives an activation's store coupon.
enum StoreOfferAudience: String, Codable, Sendable, CaseIterable {
    /// Every member whose entry counts, once per activation.
    case entrants
    /// Only the entries that win an instant-win prize.
    case instantWinners = "instant_winners"
}

/// An activation's store offer: the catalogue reward whose coupon its entrants receive for
/// free, to be used in a shop. Redemptions at the till are credited to the activation and to
/// the member whose share link brought the entrant (web-to-store).
struct StoreOffer: Sendable, Equatable {
    var activationID: Int64
    var rewardID: Int64
    var audience: StoreOfferAudience
    var createdAt: Int64
    var updatedAt: Int64

    /// Whether an accepted entry earns the coupon: it counts (no pending e-mail confirmation),
    /// and for instant winners only, it won.
    func gives(confirmationPending: Bool, wonPrize: Bool) -> Bool {
        guard !confirmationPending else { return false }
        switch audience {
        case .entrants: return true
        case .instantWinners: return wonPrize
        }
    }

    /// The idempotency key of the coupon: one per member and activation, however often they enter.
    static func couponKey(activationID: Int64, memberID: Int64) -> String { "store-offer:\(activationID):\(memberID)" }
}

/// What an activation's coupons did in the shops.
struct StoreOfferReport: Sendable, Equatable {
    /// Coupons given to entrants.
    var issued = 0
    /// Coupons used at a till.
    var redeemed = 0
    /// Sum of the receipts' amounts of the redemptions that stated one, in cents.
    var revenueCents: Int64 = 0
    /// Redemptions of coupons whose holder came through a member's share link (self-referrals excluded).
    var redeemedThroughSharers = 0
    /// Sharers ranked by the shop visits they brought.
    var topSharers: [Sharer] = []

    /// One sharer's shop visits.
    struct Sharer: Sendable, Equatable {
        var memberID: Int64
        var publicName: String
        var storeVisits: Int
        var revenueCents: Int64
    }

    /// Redeemed ÷ issued, 0 when nothing was issued.
    var redemptionRate: Double { issued == 0 ? 0 : Double(redeemed) / Double(issued) }
}
