/// Idea contests (ideas, their images, moderation, votes, winners picked by the jury), referral
/// ("parrainage") and the one-time codes e-mailed to returning members.
struct M011IdeasReferral: Migration {
    let id = "011-ideas-referral"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        return [
            // Winners of an idea contest: by votes (top N) or by the jury; votes open at an instant of their own.
            "ALTER TABLE activations ADD COLUMN idea_winners TEXT NOT NULL DEFAULT 'votes'",
            "ALTER TABLE activations ADD COLUMN idea_winner_count INTEGER NOT NULL DEFAULT 3",
            "ALTER TABLE activations ADD COLUMN voting_opens_local TEXT",
            "ALTER TABLE activations ADD COLUMN voting_opens_at BIGINT",
            """
            CREATE TABLE activation_ideas (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                brand_id BIGINT NOT NULL,
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                entry_id BIGINT NOT NULL UNIQUE REFERENCES activation_entries(id),
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending',
                rejection_reason TEXT,
                moderated_at BIGINT,
                jury_rank INTEGER,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX activation_ideas_list ON activation_ideas (activation_id, status, id)",
            "CREATE INDEX activation_ideas_member ON activation_ideas (member_id)",
            """
            CREATE TABLE idea_images (
                id \(pk),
                idea_id BIGINT NOT NULL UNIQUE REFERENCES activation_ideas(id),
                image_key TEXT NOT NULL UNIQUE,
                content_type TEXT NOT NULL,
                byte_size INTEGER NOT NULL,
                bytes \(kind.binary) NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE idea_votes (
                id \(pk),
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                idea_id BIGINT NOT NULL REFERENCES activation_ideas(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                created_at BIGINT NOT NULL,
                UNIQUE (idea_id, member_id)
            )
            """,
            "CREATE INDEX idea_votes_activation ON idea_votes (activation_id, idea_id)",
            """
            CREATE TABLE activation_referrals (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                brand_id BIGINT NOT NULL,
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                referrer_member_id BIGINT NOT NULL REFERENCES members(id),
                referee_member_id BIGINT NOT NULL REFERENCES members(id),
                entry_id BIGINT REFERENCES activation_entries(id),
                status TEXT NOT NULL,
                reason TEXT,
                created_at BIGINT NOT NULL,
                UNIQUE (activation_id, referee_member_id)
            )
            """,
            "CREATE INDEX activation_referrals_referrer ON activation_referrals (activation_id, referrer_member_id)",
            """
            CREATE TABLE member_codes (
                id \(pk),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                email_hash TEXT NOT NULL,
                ip_hash TEXT,
                member_id BIGINT REFERENCES members(id),
                code_hash TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                expires_at BIGINT NOT NULL,
                used_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX member_codes_email ON member_codes (brand_id, email_hash, created_at)",
            "CREATE INDEX member_codes_ip ON member_codes (ip_hash, created_at)",
            "CREATE INDEX member_codes_member ON member_codes (member_id)",
        ]
    }
}
