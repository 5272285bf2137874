import Foundation
import SQLKit

/// A coupon as the brand's redemptions list shows it, with who holds it and the store that took it.
struct CouponLine: Sendable, Equatable {
    var coupon: Coupon
    var memberFirstName: String?
    var memberLastName: String?
    /// True when the member was erased: the coupon stays in the brand's accounts, without a profile to open.
    var memberErased: Bool
    /// The unit (store) where it was redeemed, when a till named one.
    var unitName: String?
}

extension Redemptions {
    /// One page of the brand's coupons, newest first, optionally in one state at `now`. Coupons of
    /// erased members stay listed (they are the brand's accounts); a unit's staff or key sees only
    /// the coupons of its unit's members.
    func coupons(access: BrandAccess, state: CouponState?, page: PageRequest, now: Int64 = Clock.nowMillis()) async throws -> (items: [CouponLine], nextCursor: String?) {
        try await database.readOnly { sql in
            let cursor: SQLQueryString = page.afterID.map { "AND c.id < \(bind: $0)" } ?? ""
            let filter: SQLQueryString
            switch state {
            case nil: filter = ""
            case .redeemed: filter = "AND c.status = 'redeemed'"
            case .issued: filter = "AND c.status = 'issued' AND c.expires_at > \(bind: now)"
            case .expired: filter = "AND c.status = 'issued' AND c.expires_at <= \(bind: now)"
            }
            let unit: SQLQueryString = access.unitID.map { _ in "AND \(MemberStore.visible(access))" } ?? ""
            let rows = try await sql.raw("""
                SELECT c.*, r.name AS reward_name, m.first_name, m.last_name, m.erased_at, u.name AS unit_name
                FROM coupons c JOIN members m ON m.id = c.member_id
                LEFT JOIN rewards r ON r.id = c.reward_id LEFT JOIN units u ON u.id = c.redeemed_unit_id
                WHERE c.brand_id = \(bind: access.brandID) \(unit) \(filter) \(cursor)
                ORDER BY c.id DESC LIMIT \(bind: page.limit + 1)
                """).all()
            let lines = try rows.map { row in
                CouponLine(coupon: try Self.coupon(row), memberFirstName: try row.decode(column: "first_name", as: String?.self),
                           memberLastName: try row.decode(column: "last_name", as: String?.self),
                           memberErased: try row.decode(column: "erased_at", as: Int64?.self) != nil,
                           unitName: try row.decode(column: "unit_name", as: String?.self))
            }
            return page.trimmed(lines, id: \.coupon.id)
        }
    }
}
