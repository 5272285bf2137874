import Foundation
import Hummingbird

/// The back-office list of the brand's redemptions: every coupon given, its code masked but for
/// the last four characters, who holds it, the reward, its state and, once used, the store and
/// time of the till's redemption; filtered by state, one page at a time.
struct CouponPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    /// Coupons per page.
    static let pageSize = 50

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("loyalty/coupons", use: list)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let query = request.queryDictionary
        let state = query["state"].flatMap(CouponState.init(rawValue:))
        var page = try PageRequest(query: query)
        page.limit = min(page.limit, Self.pageSize)
        let now = Clock.nowMillis()
        let result = try await services.redemptions.coupons(access: frame.access, state: state, page: page, now: now)
        let language = context.language
        let next = result.nextCursor.map { cursor in "/loyalty/coupons?cursor=\(cursor)" + (state.map { "&state=\($0.rawValue)" } ?? "") }
        return renderer.page("loyalty_coupons", frame.values([
            "states": [["value": "", "label": Strings.get("coupons_all", language), "selected": state == nil]]
                + CouponState.allCases.map { ["value": $0.rawValue, "label": Strings.get("coupon_\($0.rawValue)", language), "selected": $0 == state] },
            "coupons": result.items.map { line -> [String: Any] in
                let coupon = line.coupon
                let name = [line.memberFirstName, line.memberLastName].compactMap { $0 }.joined(separator: " ")
                let shown = coupon.state(now: now)
                return ["id": coupon.id, "code": CouponCode.masked(coupon.code), "memberID": coupon.memberID,
                        "member": name.isEmpty ? Strings.get("member_no_name", language) : name, "linked": !line.memberErased,
                        "reward": coupon.rewardName ?? "—", "state": Strings.get("coupon_\(shown.rawValue)", language), "stateKey": shown.rawValue,
                        "issued": MemberPages.moment(coupon.issuedAt), "expires": MemberPages.day(coupon.expiresAt),
                        "redeemedAt": coupon.redeemedAt.map(MemberPages.moment) ?? "—",
                        "store": line.unitName ?? (coupon.redeemedAt == nil ? "—" : Strings.get("coupons_no_store", language))]
            },
            "empty": result.items.isEmpty,
            "next": next as Any,
            "first": page.afterID != nil,
            "firstLink": "/loyalty/coupons" + (state.map { "?state=\($0.rawValue)" } ?? ""),
        ], active: "loyalty").merging(LoyaltyTabs.values("coupons")) { $1 }, language: language)
    }
}
