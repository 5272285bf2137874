/// What a badge counts.
enum BadgeFamily: String, Sendable, CaseIterable {
    /// Entries in the brand's activations.
    case entries
    /// Friends who joined through the member's referral invitations (valid referrals).
    case friends
    /// New visitors brought by the member's share links.
    case visits
    /// Coupons used in a shop by entrants the member's share links brought (web-to-store).
    case shopVisits = "shop_visits"

    /// The timeline event kinds after which the family is counted again.
    var triggers: Set<String> {
        switch self {
        case .entries: ["activation.entry"]
        case .friends: ["referral.joined"]
        case .visits: ["share.visit"]
        case .shopVisits: ["share.store_visit"]
        }
    }
}

/// A milestone a member reaches with a brand. Badges are the same for every brand and never
/// taken back: a member who reached ten entries keeps "regular" if an entry is later invalidated.
struct Badge: Sendable, Equatable, Hashable {
    /// Stable identifier, stored and shown in the API (`first-entry`, `recruiter`…).
    var id: String
    var family: BadgeFamily
    /// The count at which the badge is earned.
    var threshold: Int

    /// Every badge, by family then threshold.
    static let all: [Badge] = [
        Badge(id: "first-entry", family: .entries, threshold: 1),
        Badge(id: "regular", family: .entries, threshold: 10),
        Badge(id: "devoted", family: .entries, threshold: 50),
        Badge(id: "first-friend", family: .friends, threshold: 1),
        Badge(id: "recruiter", family: .friends, threshold: 5),
        Badge(id: "ambassador", family: .friends, threshold: 25),
        Badge(id: "first-visitor", family: .visits, threshold: 1),
        Badge(id: "influencer", family: .visits, threshold: 100),
        Badge(id: "first-shop-visit", family: .shopVisits, threshold: 1),
        Badge(id: "shop-magnet", family: .shopVisits, threshold: 10),
    ]

    /// The badge with this id.
    static func named(_ id: String) -> Badge? { all.first { $0.id == id } }

    /// The families that events of these kinds may advance.
    static func families(touchedBy kinds: Set<String>) -> [BadgeFamily] {
        BadgeFamily.allCases.filter { !$0.triggers.isDisjoint(with: kinds) }
    }

    /// The badges of `family` reached at `count` and not yet held, lowest first.
    static func newlyEarned(family: BadgeFamily, count: Int, held: Set<String>) -> [Badge] {
        all.filter { $0.family == family && count >= $0.threshold && !held.contains($0.id) }
    }

    /// Whether every badge of the family is already held (nothing left to count).
    static func complete(_ family: BadgeFamily, held: Set<String>) -> Bool {
        all.filter { $0.family == family }.allSatisfy { held.contains($0.id) }
    }
}
