import Foundation

extension MemberSpace {
    /// The member's space as the member sees it, or nil when the member is no longer in the brand
    /// (erased, merged into another profile). Reuses the loyalty, redemption and share-link queries.
    static func load(memberID: Int64, brand: Brand, historyBefore: Int64?, services: AppServices,
                     now: Int64 = Clock.nowMillis()) async throws -> MemberSpace? {
        let access = MemberSpace.access(memberID: memberID, brand: brand)
        guard let member = try await services.database.readOnly({ sql in try await services.members.member(memberID, access: access, on: sql) }) else {
            return nil
        }
        let (account, tier) = try await services.loyalty.account(memberID: memberID, access: access)
        let history = try await services.loyalty.entries(memberID: memberID, access: access,
                                                         page: PageRequest(limit: historyPageSize, afterID: historyBefore))
        let coupons = try await services.redemptions.coupons(memberID: memberID, access: access,
                                                             page: PageRequest(limit: couponsShown, afterID: nil)).items
        let badges = try await services.badges.badges(memberID: memberID, access: access)
        let ladder = try await services.database.readOnly { sql in try await services.loyaltySettings.ladder(brandID: brand.id, on: sql) }
        let catalogue = try await services.rewards.list(brandID: brand.id, status: .active, page: PageRequest(limit: 200, afterID: nil)).items
            .sorted { ($0.costPoints, $0.id) < ($1.costPoints, $1.id) }
        let open = try await services.activations.open(brandID: brand.id, now: now)
        let links = try await services.shareLinks.links(memberID: memberID, access: access, page: PageRequest(limit: 200, afterID: nil)).items
        var space = MemberSpace(
            brand: brand, memberID: memberID, firstName: member.firstName, language: member.language,
            account: account, tier: tier, history: history.items, olderCursor: history.nextCursor, coupons: coupons,
            rewards: catalogue.map { ($0, RewardOffer.of($0, balance: account.balance, tier: tier.tier, ladder: ladder)) },
            shares: open.map { activation in (activation, links.first { $0.link.activationID == activation.id }) })
        space.badges = badges
        return space
    }

    /// The access of the member themself to their own data in the brand: reading, redeeming and
    /// making share links are checked against it exactly as for staff and API keys.
    static func access(memberID: Int64, brand: Brand) -> BrandAccess {
        BrandAccess(organisationID: brand.organisationID, brandID: brand.id, unitID: nil, permissions: [.readMembers],
                    actor: ActorRef(kind: "member", id: memberID, label: "member"))
    }
}
