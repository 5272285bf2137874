/// Consent purposes, versioned wordings, the append-only consent ledger, suppression list and outbox.
struct M003Consent: Migration {
    let id = "003-consent"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        return [
            """
            CREATE TABLE consent_purposes (
                id \(pk),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                key TEXT NOT NULL,
                label TEXT NOT NULL,
                is_marketing INTEGER NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                UNIQUE (brand_id, key)
            )
            """,
            """
            CREATE TABLE consent_wordings (
                id \(pk),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                purpose_id BIGINT NOT NULL REFERENCES consent_purposes(id),
                version INTEGER NOT NULL,
                language TEXT NOT NULL,
                body TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (purpose_id, language, version)
            )
            """,
            """
            CREATE TABLE consent_records (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                purpose_id BIGINT NOT NULL REFERENCES consent_purposes(id),
                channel TEXT NOT NULL,
                status TEXT NOT NULL,
                source_kind TEXT NOT NULL,
                source_id BIGINT,
                source_label TEXT NOT NULL,
                wording_id BIGINT REFERENCES consent_wordings(id),
                ip_address TEXT,
                user_agent TEXT,
                confirmation_sent_at BIGINT,
                confirmed_at BIGINT,
                parental_consent INTEGER NOT NULL DEFAULT 0,
                merged_from_member_id BIGINT,
                recorded_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX consent_member_purpose ON consent_records (member_id, brand_id, purpose_id, channel, id)",
            "CREATE INDEX consent_brand_purpose ON consent_records (brand_id, purpose_id, channel, member_id)",
            """
            CREATE TABLE suppression_entries (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                identity_kind TEXT NOT NULL,
                key_hash TEXT NOT NULL,
                reason TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (organisation_id, identity_kind, key_hash)
            )
            """,
            """
            CREATE TABLE outbox_messages (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                brand_id BIGINT NOT NULL,
                member_id BIGINT,
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                purpose TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                sent_at BIGINT
            )
            """,
            "CREATE INDEX outbox_pending ON outbox_messages (sent_at, id)",
        ]
    }
}
