/// What a member sees in their own space in one brand: points, tier, history, coupons, the
/// rewards they can redeem and their share links. A plain value, built by `MemberSpace.load`.
struct MemberSpace: Sendable {
    var brand: Brand
    var memberID: Int64
    var firstName: String?
    /// The member's own language, when known.
    var language: String?
    var account: PointsAccount
    var tier: MemberTier
    /// One page of the points history, newest first.
    var history: [PointsEntry]
    /// The cursor of the next (older) page of history, if there is one.
    var olderCursor: String?
    /// The latest coupons, newest first.
    var coupons: [Coupon]
    /// The badges the member reached with the brand, in the order earned.
    var badges: [BadgeAwards.Held] = []
    /// The active rewards of the catalogue, cheapest first, with whether the member can have each.
    var rewards: [(reward: Reward, offer: RewardOffer)]
    /// The activations taking entries, each with the member's link to it when they have one.
    var shares: [(activation: Activation, link: ShareLinkStats?)]

    /// Lines of history per page.
    static let historyPageSize = 20
    /// Coupons listed.
    static let couponsShown = 50

    /// The language of the page: the one the member chose on the page (cookie), else their
    /// profile's, else their browser's.
    static func language(cookie: String?, member: String?, browser: UILanguage) -> UILanguage {
        if let cookie, let chosen = UILanguage(rawValue: cookie) { return chosen }
        if let member, let known = UILanguage(rawValue: member) { return known }
        return browser
    }
}
