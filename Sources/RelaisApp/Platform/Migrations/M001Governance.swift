/// Organisations, brands, units, staff, sessions, API keys, audit log and instance secrets.
struct M001Governance: Migration {
    let id = "001-governance"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        return [
            """
            CREATE TABLE instance_settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE organisations (
                id \(pk),
                name TEXT NOT NULL,
                slug TEXT NOT NULL UNIQUE,
                suppression_salt TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE brands (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                name TEXT NOT NULL,
                slug TEXT NOT NULL,
                default_language TEXT NOT NULL DEFAULT 'fr',
                time_zone TEXT NOT NULL DEFAULT 'Europe/Paris',
                country TEXT NOT NULL DEFAULT 'FR',
                minimum_marketing_age INTEGER NOT NULL DEFAULT 12,
                primary_color TEXT NOT NULL DEFAULT '#1f5fbf',
                logo_url TEXT,
                created_at BIGINT NOT NULL,
                UNIQUE (organisation_id, slug)
            )
            """,
            """
            CREATE TABLE units (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                name TEXT NOT NULL,
                slug TEXT NOT NULL,
                kind TEXT NOT NULL DEFAULT 'agency',
                city TEXT,
                created_at BIGINT NOT NULL,
                UNIQUE (brand_id, slug)
            )
            """,
            """
            CREATE TABLE staff (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                email TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                language TEXT NOT NULL DEFAULT 'fr',
                created_at BIGINT NOT NULL,
                disabled_at BIGINT
            )
            """,
            """
            CREATE TABLE staff_roles (
                id \(pk),
                staff_id BIGINT NOT NULL REFERENCES staff(id),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                role TEXT NOT NULL,
                brand_id BIGINT REFERENCES brands(id),
                unit_id BIGINT REFERENCES units(id),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX staff_roles_staff ON staff_roles (staff_id)",
            """
            CREATE TABLE staff_sessions (
                token_hash TEXT PRIMARY KEY,
                staff_id BIGINT NOT NULL REFERENCES staff(id),
                csrf_token TEXT NOT NULL,
                brand_id BIGINT,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE login_attempts (
                id \(pk),
                key_hash TEXT NOT NULL,
                attempted_at BIGINT NOT NULL,
                succeeded INTEGER NOT NULL
            )
            """,
            "CREATE INDEX login_attempts_key ON login_attempts (key_hash, attempted_at)",
            """
            CREATE TABLE setup_tokens (
                token_hash TEXT PRIMARY KEY,
                created_at BIGINT NOT NULL,
                used_at BIGINT
            )
            """,
            """
            CREATE TABLE api_keys (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                unit_id BIGINT REFERENCES units(id),
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                prefix TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                created_by BIGINT REFERENCES staff(id),
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE audit_log (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                brand_id BIGINT,
                actor_kind TEXT NOT NULL,
                actor_id BIGINT,
                actor_label TEXT NOT NULL,
                action TEXT NOT NULL,
                target_kind TEXT NOT NULL,
                target_id BIGINT,
                details TEXT NOT NULL DEFAULT '{}',
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_org_at ON audit_log (organisation_id, at)",
        ]
    }
}
