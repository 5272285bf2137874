/// Loyalty: the points ledger of each member in each brand, earning rules and tiers, the
/// rewards catalogue and the coupons that rewards give, redeemed once at the till.
struct M013Loyalty: Migration {
    let id = "013-loyalty"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        let bytes = kind.byteOrder
        return [
            """
            CREATE TABLE loyalty_settings (
                brand_id BIGINT PRIMARY KEY REFERENCES brands(id),
                points_validity_days INTEGER NOT NULL DEFAULT 365,
                tiers TEXT NOT NULL DEFAULT '[]',
                tier_window_days INTEGER NOT NULL DEFAULT 365,
                updated_at BIGINT NOT NULL
            )
            """,
            // One row per member and brand: the lock that orders the member's movements, and the
            // totals of the ledger as of its last entry (always equal to the sums of the entries).
            """
            CREATE TABLE points_accounts (
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                balance BIGINT NOT NULL DEFAULT 0,
                earned BIGINT NOT NULL DEFAULT 0,
                spent BIGINT NOT NULL DEFAULT 0,
                expired BIGINT NOT NULL DEFAULT 0,
                last_entry_id BIGINT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (brand_id, member_id)
            )
            """,
            """
            CREATE TABLE points_entries (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                kind TEXT NOT NULL,
                points BIGINT NOT NULL,
                balance_after BIGINT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL,
                source_ref TEXT,
                idempotency_key TEXT\(bytes),
                expires_at BIGINT,
                rule_id BIGINT,
                activation_ref TEXT,
                event_at BIGINT,
                recorded_by TEXT NOT NULL,
                occurred_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX points_entries_rule ON points_entries (brand_id, member_id, rule_id, event_at)",
            "CREATE UNIQUE INDEX points_entries_key ON points_entries (brand_id, idempotency_key)",
            "CREATE INDEX points_entries_member ON points_entries (brand_id, member_id, id)",
            "CREATE INDEX points_entries_expiry ON points_entries (brand_id, member_id, expires_at, points)",
            """
            CREATE TABLE earning_rules (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                version INTEGER NOT NULL,
                definition TEXT NOT NULL,
                trigger_kind TEXT\(bytes) NOT NULL,
                active INTEGER NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX earning_rules_brand ON earning_rules (brand_id, id)",
            "CREATE INDEX earning_rules_trigger ON earning_rules (trigger_kind, active)",
            // Every version of every rule, as it was when it gave points.
            """
            CREATE TABLE earning_rule_versions (
                rule_id BIGINT NOT NULL REFERENCES earning_rules(id),
                version INTEGER NOT NULL,
                definition TEXT NOT NULL,
                active INTEGER NOT NULL,
                changed_by TEXT NOT NULL,
                changed_at BIGINT NOT NULL,
                PRIMARY KEY (rule_id, version)
            )
            """,
            """
            CREATE TABLE member_tiers (
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                tier TEXT NOT NULL,
                since BIGINT NOT NULL,
                PRIMARY KEY (brand_id, member_id)
            )
            """,
            // How far the earning job has read the timeline.
            """
            CREATE TABLE loyalty_progress (
                name TEXT PRIMARY KEY,
                last_event_id BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE rewards (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                cost_points BIGINT NOT NULL,
                stock INTEGER,
                codes TEXT NOT NULL DEFAULT 'generated',
                coupon_validity_days INTEGER NOT NULL,
                status TEXT NOT NULL DEFAULT 'active',
                redeemed INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX rewards_brand ON rewards (brand_id, status, id)",
            // Codes imported for a reward whose coupons come from a list (a partner's vouchers).
            """
            CREATE TABLE reward_codes (
                id \(pk),
                reward_id BIGINT NOT NULL REFERENCES rewards(id),
                code TEXT\(bytes) NOT NULL,
                coupon_id BIGINT,
                UNIQUE (reward_id, code)
            )
            """,
            "CREATE INDEX reward_codes_free ON reward_codes (reward_id, coupon_id, id)",
            """
            CREATE TABLE coupons (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                reward_id BIGINT REFERENCES rewards(id),
                code TEXT\(bytes) NOT NULL,
                status TEXT NOT NULL,
                points_entry_id BIGINT,
                idempotency_key TEXT\(bytes),
                issued_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                redeemed_at BIGINT,
                redeemed_unit_id BIGINT REFERENCES units(id),
                redeemed_amount_cents BIGINT,
                redeemed_reference TEXT,
                UNIQUE (brand_id, code)
            )
            """,
            "CREATE UNIQUE INDEX coupons_key ON coupons (brand_id, idempotency_key)",
            "CREATE INDEX coupons_member ON coupons (brand_id, member_id, id)",
            "CREATE INDEX coupons_reward ON coupons (reward_id, status)",
        ]
    }
}
