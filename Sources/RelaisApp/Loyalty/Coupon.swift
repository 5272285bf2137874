/// Where a coupon stands.
enum CouponStatus: String, Codable, Sendable {
    /// Given to the member, not yet used.
    case issued
    /// Used once at a till.
    case redeemed
}

/// A coupon given to a member, redeemed once at a till before it expires.
struct Coupon: Sendable, Equatable {
    var id: Int64
    var brandID: Int64
    var memberID: Int64
    var rewardID: Int64?
    var rewardName: String?
    var code: String
    var status: CouponStatus
    var issuedAt: Int64
    var expiresAt: Int64
    var redeemedAt: Int64?
    var redeemedUnitID: Int64?
    var redeemedAmountCents: Int64?
    var redeemedReference: String?
    /// The activation that gave the coupon to its entrant (web-to-store), if any.
    var activationID: Int64? = nil
    /// The member whose share link brought the entrant, credited when the coupon is used in a shop.
    var sharerMemberID: Int64? = nil

    /// Whether the coupon can no longer be redeemed because its validity has passed.
    func isExpired(now: Int64) -> Bool { status == .issued && now >= expiresAt }
}

/// A coupon's state as staff see it: an issued coupon past its validity shows as expired.
enum CouponState: String, CaseIterable, Sendable {
    case issued
    case redeemed
    case expired
}

extension Coupon {
    /// The state shown at `now`.
    func state(now: Int64) -> CouponState {
        status == .redeemed ? .redeemed : isExpired(now: now) ? .expired : .issued
    }
}
