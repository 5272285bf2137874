/// Ambassadors: rewards kept for a tier and above, leaderboards of points earned over a period,
/// and the thanks staff send to their best members.
struct M015Ambassadors: Migration {
    let id = "015-ambassadors"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        return [
            // The lowest tier that may redeem the reward (by name); NULL: every member.
            "ALTER TABLE rewards ADD COLUMN minimum_tier TEXT",
            // Leaderboards add up the points earned by each member of a brand over a period.
            "CREATE INDEX points_entries_earned ON points_entries (brand_id, kind, occurred_at, member_id, points)",
            """
            CREATE TABLE ambassador_thanks (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                points BIGINT,
                points_entry_id BIGINT,
                reward_id BIGINT REFERENCES rewards(id),
                coupon_id BIGINT,
                message TEXT NOT NULL,
                thanked_by TEXT NOT NULL,
                thanked_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX ambassador_thanks_brand ON ambassador_thanks (brand_id, id)",
            "CREATE INDEX ambassador_thanks_member ON ambassador_thanks (member_id)",
        ]
    }
}
