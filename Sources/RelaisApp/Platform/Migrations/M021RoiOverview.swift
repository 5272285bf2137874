/// ROI, the rest: views of the hosted pages and of the widget (counted in memory, written in
/// batches), the value of a loyalty point, and the indexes the brand overview reads by
/// (activity of members per brand and period, withdrawals of consent, erasures).
struct M021RoiOverview: Migration {
    let id = "021-roi-overview"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            // Views of an activation per UTC day and kind (`page`: the hosted page; `widget`: the widget seen in a viewport).
            """
            CREATE TABLE activation_view_days (
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                day INTEGER NOT NULL,
                kind TEXT NOT NULL,
                views BIGINT NOT NULL,
                PRIMARY KEY (activation_id, day, kind)
            )
            """,
            // Distinct visitors (hashed visitor cookies) who viewed an activation, once per activation and kind.
            """
            CREATE TABLE activation_view_visitors (
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                kind TEXT NOT NULL,
                visitor_hash TEXT NOT NULL,
                first_day INTEGER NOT NULL,
                PRIMARY KEY (activation_id, kind, visitor_hash)
            )
            """,
            // What one loyalty point costs the brand, in cents of the value model's currency: rewards are costed through it.
            "ALTER TABLE value_models ADD COLUMN point_cents BIGINT NOT NULL DEFAULT 0",
            // Activity of the brand's members by period (entries, store visits) and per member (reactivation, continuity).
            "CREATE INDEX activation_entries_brand_time ON activation_entries (brand_id, status, created_at, member_id)",
            "CREATE INDEX activation_entries_member_time ON activation_entries (member_id, brand_id, status, created_at)",
            "CREATE INDEX coupons_brand_redeemed ON coupons (brand_id, status, redeemed_at, member_id)",
            "CREATE INDEX coupons_member_redeemed ON coupons (member_id, brand_id, status, redeemed_at)",
            // Withdrawals of consent by period (unsubscribes), erasures by period, spent points by period, activations in opening order.
            "CREATE INDEX consent_records_brand_status ON consent_records (brand_id, status, recorded_at)",
            "CREATE INDEX audit_log_org_action ON audit_log (organisation_id, action, at)",
            "CREATE INDEX points_entries_kind_time ON points_entries (brand_id, kind, occurred_at)",
            "CREATE INDEX activations_brand_opening ON activations (brand_id, opens_at, id)",
        ]
    }
}
