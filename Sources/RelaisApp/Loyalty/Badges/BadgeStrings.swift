/// Names of the badges and their milestones, merged into `Strings`.
enum BadgeStrings {
    static let french: [String: String] = [
        "member_badges": "Badges",
        "space_badges": "Mes badges",
        "member_referrals": "Personnes amenées",
        "member_referrals_none": "Personne n'est encore venu par ce membre.",
        "member_tree_link": "Explorer son arbre de parrainage, génération par génération",
        "member_referrals_line": "{n} personne(s) sur {g} génération(s)",
        "badge_first-entry": "Première participation", "badge_regular": "Habitué (10 participations)",
        "badge_devoted": "Fidèle (50 participations)", "badge_first-friend": "Premier filleul",
        "badge_recruiter": "Recruteur (5 filleuls)", "badge_ambassador": "Ambassadeur (25 filleuls)",
        "badge_first-visitor": "Premier visiteur amené", "badge_influencer": "Influenceur (100 visiteurs)",
        "badge_first-shop-visit": "Première visite en magasin amenée", "badge_shop-magnet": "Aimant à magasins (10 visites)",
    ]

    static let english: [String: String] = [
        "member_badges": "Badges",
        "space_badges": "My badges",
        "member_referrals": "People brought",
        "member_referrals_none": "Nobody has come through this member yet.",
        "member_tree_link": "Explore their referral tree, generation by generation",
        "member_referrals_line": "{n} people over {g} generation(s)",
        "badge_first-entry": "First entry", "badge_regular": "Regular (10 entries)",
        "badge_devoted": "Devoted (50 entries)", "badge_first-friend": "First friend brought",
        "badge_recruiter": "Recruiter (5 friends)", "badge_ambassador": "Ambassador (25 friends)",
        "badge_first-visitor": "First visitor brought", "badge_influencer": "Influencer (100 visitors)",
        "badge_first-shop-visit": "First shop visit brought", "badge_shop-magnet": "Shop magnet (10 visits)",
    ]
}
