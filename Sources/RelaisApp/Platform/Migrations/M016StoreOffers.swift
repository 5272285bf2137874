/// Web-to-store: coupons an activation gives its entrants, followed to the till and credited to
/// the activation and to the member whose share link brought the entrant.
struct M016StoreOffers: Migration {
    let id = "016-store-offers"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            // At most one offer per activation: the reward whose coupon each entrant (or each
            // instant winner) receives, without spending points.
            """
            CREATE TABLE activation_store_offers (
                activation_id BIGINT PRIMARY KEY REFERENCES activations(id),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                reward_id BIGINT NOT NULL REFERENCES rewards(id),
                audience TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            // The activation and entry a coupon was given for, and the sharer credited with it.
            "ALTER TABLE coupons ADD COLUMN activation_id BIGINT REFERENCES activations(id)",
            "ALTER TABLE coupons ADD COLUMN activation_entry_id BIGINT REFERENCES activation_entries(id)",
            "ALTER TABLE coupons ADD COLUMN sharer_member_id BIGINT REFERENCES members(id)",
            "CREATE UNIQUE INDEX coupons_entry ON coupons (activation_entry_id)",
            "CREATE INDEX coupons_activation ON coupons (activation_id, redeemed_at)",
            "CREATE INDEX coupons_sharer ON coupons (brand_id, sharer_member_id, redeemed_at)",
        ]
    }
}
