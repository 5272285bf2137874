import Foundation

/// The loyalty part of the back-office member page: points, tier, latest ledger lines, coupons
/// and the link to the member's own space.
struct MemberLoyaltyValues: Sendable {
    let services: AppServices
    /// People of the first generation named on the member page; the tree explorer shows them all.
    static let friendsShown = 20

    /// Template values under `loyalty`, for a member the caller may see.
    func values(memberID: Int64, access: BrandAccess, language: UILanguage) async throws -> [String: Any] {
        let (account, tier) = try await services.loyalty.account(memberID: memberID, access: access)
        let entries = try await services.loyalty.entries(memberID: memberID, access: access, page: PageRequest(limit: 5, afterID: nil)).items
        let coupons = try await services.redemptions.coupons(memberID: memberID, access: access, page: PageRequest(limit: 5, afterID: nil)).items
        let badges = try await services.badges.badges(memberID: memberID, access: access)
        let tree = try await services.shareReports.tree(memberID: memberID, access: access, depth: 10)
        // The people the member brought themselves (the first generation), by name, the newest first.
        let friends = Array((tree.generations.first ?? []).sorted { $0.at > $1.at }.prefix(Self.friendsShown))
        let names = try await services.database.readOnly { sql in try await MemberSearch.summaries(ids: friends.map(\.memberID), on: sql) }
        let now = Clock.nowMillis()
        // The space's link lets its holder spend the member's points: only for staff who may act on members.
        var spaceLink: String? = nil
        if access.can(.writeMembers) {
            spaceLink = services.memberSpaceLinks.link(memberID: memberID, brand: try await services.brand(for: access), now: now).url
        }
        func text(_ key: String, _ values: [String: String]) -> String {
            values.reduce(Strings.get(key, language)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        return [
            "totals": text("member_earned_spent", ["earned": String(account.earned), "spent": String(account.spent), "expired": String(account.expired)]),
            "nextExpiryText": account.nextExpiry.map { text("member_next_expiry", ["n": String($0.points), "day": MemberPages.day($0.at)]) } as Any,
            "nextTierText": tier.next.map { text("member_next_tier", ["n": String(max(0, $0.threshold - tier.earnedInWindow)), "tier": $0.name]) } as Any,
            "balance": account.balance, "earned": account.earned, "spent": account.spent, "expired": account.expired,
            "nextExpiry": account.nextExpiry.map { ["points": $0.points, "when": MemberPages.day($0.at)] } as Any,
            "tier": tier.tier?.name as Any, "earnedInWindow": tier.earnedInWindow,
            "nextTier": tier.next.map { ["name": $0.name, "missing": max(0, $0.threshold - tier.earnedInWindow)] } as Any,
            "entries": entries.map { entry -> [String: Any] in
                ["kind": Strings.get("points_\(entry.kind.rawValue)", language), "points": entry.points > 0 ? "+\(entry.points)" : String(entry.points),
                 "reason": entry.reason, "when": MemberPages.moment(entry.occurredAt)]
            },
            "hasEntries": !entries.isEmpty,
            "coupons": coupons.map { coupon -> [String: Any] in
                ["code": CouponDTO.display(coupon.code), "reward": coupon.rewardName ?? "—",
                 "status": Strings.get(coupon.isExpired(now: now) ? "coupon_expired" : "coupon_\(coupon.status.rawValue)", language),
                 "expires": MemberPages.day(coupon.expiresAt)]
            },
            "hasCoupons": !coupons.isEmpty,
            "spaceLink": spaceLink as Any,
            "badges": badges.map { ["name": Strings.get("badge_\($0.badge.id)", language), "when": MemberPages.day($0.earnedAt)] },
            "hasBadges": !badges.isEmpty,
            "friends": friends.map { node -> [String: Any] in
                ["id": node.memberID, "name": SharingPages.name(names[node.memberID]?.firstName, names[node.memberID]?.lastName, language),
                 "source": Strings.get("tree_source_\(node.source)", language), "when": MemberPages.day(node.at)]
            },
            "hasFriends": !friends.isEmpty,
            "moreFriends": max(0, (tree.generations.first?.count ?? 0) - friends.count),
            "hasMoreFriends": (tree.generations.first?.count ?? 0) > friends.count,
            "treeLink": "/sharing/tree/\(memberID)",
            "referralsText": tree.generations.isEmpty
                ? Strings.get("member_referrals_none", language)
                : text("member_referrals_line", ["n": String(tree.generations.reduce(0) { $0 + $1.count }), "g": String(tree.generations.count)]),
        ]
    }
}
