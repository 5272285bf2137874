/// Member profiles, identity keys, brand and unit links, attributes, tags and the timeline.
struct M002Members: Migration {
    let id = "002-members"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        let bytes = kind.byteOrder
        return [
            """
            CREATE TABLE members (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                first_name TEXT,
                last_name TEXT,
                birth_date TEXT,
                postal_code TEXT,
                city TEXT,
                country TEXT,
                language TEXT,
                search_name TEXT\(bytes) NOT NULL DEFAULT '',
                search_alt TEXT\(bytes) NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                last_contact_at BIGINT NOT NULL,
                merged_into_id BIGINT,
                erased_at BIGINT,
                anonymised_at BIGINT
            )
            """,
            "CREATE INDEX members_org_name ON members (organisation_id, search_name)",
            "CREATE INDEX members_org_alt ON members (organisation_id, search_alt)",
            "CREATE INDEX members_org_contact ON members (organisation_id, last_contact_at)",
            """
            CREATE TABLE member_identities (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id),
                kind TEXT NOT NULL,
                namespace TEXT NOT NULL DEFAULT '',
                value TEXT NOT NULL,
                match_key TEXT\(bytes) NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (organisation_id, kind, namespace, value)
            )
            """,
            "CREATE INDEX member_identities_match ON member_identities (organisation_id, kind, match_key)",
            "CREATE INDEX member_identities_member ON member_identities (member_id)",
            """
            CREATE TABLE member_brands (
                member_id BIGINT NOT NULL REFERENCES members(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                organisation_id BIGINT NOT NULL,
                first_seen_at BIGINT NOT NULL,
                source TEXT NOT NULL,
                PRIMARY KEY (member_id, brand_id)
            )
            """,
            "CREATE INDEX member_brands_brand ON member_brands (brand_id, member_id)",
            """
            CREATE TABLE member_units (
                member_id BIGINT NOT NULL REFERENCES members(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                brand_id BIGINT NOT NULL,
                first_seen_at BIGINT NOT NULL,
                PRIMARY KEY (member_id, unit_id)
            )
            """,
            "CREATE INDEX member_units_unit ON member_units (unit_id, member_id)",
            """
            CREATE TABLE attribute_definitions (
                id \(pk),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                key TEXT NOT NULL,
                label TEXT NOT NULL,
                value_type TEXT NOT NULL,
                choices TEXT NOT NULL DEFAULT '[]',
                created_at BIGINT NOT NULL,
                UNIQUE (brand_id, key)
            )
            """,
            """
            CREATE TABLE member_attributes (
                member_id BIGINT NOT NULL REFERENCES members(id),
                brand_id BIGINT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (member_id, brand_id, key)
            )
            """,
            "CREATE INDEX member_attributes_brand_key ON member_attributes (brand_id, key, value)",
            """
            CREATE TABLE member_tags (
                member_id BIGINT NOT NULL REFERENCES members(id),
                brand_id BIGINT NOT NULL,
                tag TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (member_id, brand_id, tag)
            )
            """,
            "CREATE INDEX member_tags_brand_tag ON member_tags (brand_id, tag)",
            """
            CREATE TABLE timeline_events (
                id \(pk),
                organisation_id BIGINT NOT NULL,
                brand_id BIGINT,
                member_id BIGINT NOT NULL REFERENCES members(id),
                kind TEXT NOT NULL,
                summary TEXT NOT NULL DEFAULT '',
                data TEXT NOT NULL DEFAULT '{}',
                initiated_by_member INTEGER NOT NULL DEFAULT 0,
                occurred_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX timeline_member ON timeline_events (member_id, occurred_at)",
            "CREATE INDEX timeline_brand_kind ON timeline_events (brand_id, kind, occurred_at)",
        ]
    }
}
