/// Badges: milestones a member reaches with a brand (first entry, ten friends brought…); and
/// the index the `profile.completed` job reads changed profiles through.
struct M017Badges: Migration {
    let id = "017-badges"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            """
            CREATE TABLE member_badges (
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                badge TEXT NOT NULL,
                earned_at BIGINT NOT NULL,
                PRIMARY KEY (brand_id, member_id, badge)
            )
            """,
            "CREATE INDEX member_badges_brand ON member_badges (brand_id, badge, earned_at)",
            "CREATE INDEX members_updated ON members (updated_at)",
            // Badges count a member's entries and referrals; merges move them.
            "CREATE INDEX activation_entries_member ON activation_entries (member_id, brand_id)",
            "CREATE INDEX activation_referrals_member ON activation_referrals (referrer_member_id, brand_id)",
        ]
    }
}
