/// Activations, their official rules, prizes, entries and drawn winners (issue 3).
struct M008Activations: Migration {
    let id = "008-activations"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        let bytes = kind.byteOrder
        return [
            """
            CREATE TABLE activations (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                unit_id BIGINT REFERENCES units(id),
                kind TEXT NOT NULL,
                slug TEXT NOT NULL,
                status TEXT NOT NULL,
                title_fr TEXT NOT NULL DEFAULT '',
                title_en TEXT NOT NULL DEFAULT '',
                description_fr TEXT NOT NULL DEFAULT '',
                description_en TEXT NOT NULL DEFAULT '',
                cover_image_url TEXT,
                opens_local TEXT NOT NULL,
                closes_local TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                opens_at BIGINT NOT NULL,
                closes_at BIGINT NOT NULL,
                minimum_age INTEGER NOT NULL DEFAULT 0,
                countries TEXT NOT NULL DEFAULT '',
                members_only INTEGER NOT NULL DEFAULT 0,
                entry_frequency TEXT NOT NULL DEFAULT 'once',
                entry_frequency_hours INTEGER,
                entry_cap INTEGER,
                confirm_email INTEGER NOT NULL DEFAULT 0,
                draw_algorithm TEXT,
                draw_commitment TEXT,
                draw_seed TEXT,
                pool_count INTEGER,
                pool_hash TEXT,
                frozen_at BIGINT,
                public_randomness TEXT,
                drawn_at BIGINT,
                published_draw TEXT,
                poll_options TEXT NOT NULL DEFAULT '[]',
                poll_results TEXT NOT NULL DEFAULT 'after_close',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (brand_id, slug)
            )
            """,
            "CREATE INDEX activations_brand ON activations (brand_id, id)",
            // Web origins allowed to embed the brand's activations (widget) and call the public entry endpoint.
            "ALTER TABLE brands ADD COLUMN widget_origins TEXT NOT NULL DEFAULT ''",
            """
            CREATE TABLE activation_rules (
                id \(pk),
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                version INTEGER NOT NULL,
                body TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (activation_id, version)
            )
            """,
            """
            CREATE TABLE activation_prizes (
                id \(pk),
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                quantity INTEGER NOT NULL,
                alternates INTEGER NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX activation_prizes_activation ON activation_prizes (activation_id, position)",
            """
            CREATE TABLE activation_entries (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                brand_id BIGINT NOT NULL,
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                token TEXT\(bytes) NOT NULL UNIQUE,
                frequency_key TEXT NOT NULL,
                idempotency_key TEXT,
                rules_version INTEGER,
                rules_sha256 TEXT,
                flags TEXT NOT NULL DEFAULT '',
                ip_hash TEXT,
                status TEXT NOT NULL DEFAULT 'valid',
                answer TEXT,
                invalidation_reason TEXT,
                invalidated_at BIGINT,
                confirmed_at BIGINT,
                created_at BIGINT NOT NULL,
                UNIQUE (activation_id, member_id, frequency_key),
                UNIQUE (activation_id, idempotency_key)
            )
            """,
            "CREATE INDEX activation_entries_list ON activation_entries (activation_id, id)",
            "CREATE INDEX activation_entries_ip ON activation_entries (activation_id, ip_hash, created_at)",
            """
            CREATE TABLE activation_winners (
                id \(pk),
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                prize_id BIGINT NOT NULL REFERENCES activation_prizes(id),
                entry_id BIGINT NOT NULL REFERENCES activation_entries(id),
                role TEXT NOT NULL,
                rank INTEGER NOT NULL,
                pick_index INTEGER NOT NULL,
                notified_at BIGINT,
                claim_deadline BIGINT,
                claimed_at BIGINT,
                expired_at BIGINT,
                promoted_at BIGINT,
                UNIQUE (activation_id, entry_id)
            )
            """,
        ]
    }
}
