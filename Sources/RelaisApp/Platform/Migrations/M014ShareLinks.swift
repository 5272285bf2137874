/// Share links of members, the clicks on them, and the sign-ups and entries they led to.
struct M014ShareLinks: Migration {
    let id = "014-share-links"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        let bytes = kind.byteOrder
        return [
            // One link per member and target (`activation:{id}` or `url:{address}`), served at /r/{code}.
            """
            CREATE TABLE share_links (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                activation_id BIGINT REFERENCES activations(id),
                target_key TEXT\(bytes) NOT NULL,
                target_url TEXT NOT NULL,
                code TEXT\(bytes) NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                UNIQUE (brand_id, member_id, target_key)
            )
            """,
            "CREATE INDEX share_links_member ON share_links (brand_id, member_id, id)",
            "CREATE INDEX share_links_activation ON share_links (activation_id, created_at)",
            // Every request to /r/{code}; the visitor is the hash of the `rv` cookie, never an address.
            """
            CREATE TABLE share_clicks (
                id \(pk),
                link_id BIGINT NOT NULL REFERENCES share_links(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                visitor_hash TEXT\(bytes),
                counted INTEGER NOT NULL,
                bot INTEGER NOT NULL,
                self_click INTEGER NOT NULL DEFAULT 0,
                clicked_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX share_clicks_visitor ON share_clicks (link_id, visitor_hash, counted, clicked_at)",
            "CREATE INDEX share_clicks_link ON share_clicks (link_id, counted, clicked_at)",
            // The first counted click of each visitor on each link: a visit, credited to the sharer once.
            """
            CREATE TABLE share_visits (
                link_id BIGINT NOT NULL REFERENCES share_links(id),
                visitor_hash TEXT\(bytes) NOT NULL,
                visited_at BIGINT NOT NULL,
                PRIMARY KEY (link_id, visitor_hash)
            )
            """,
            "CREATE INDEX share_visits_time ON share_visits (link_id, visited_at)",
            // Devices (visitor cookies) seen entering as a member: a click or a conversion from a
            // device of the sharer is a self-referral.
            """
            CREATE TABLE share_devices (
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                visitor_hash TEXT\(bytes) NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id),
                seen_at BIGINT NOT NULL,
                PRIMARY KEY (brand_id, visitor_hash, member_id)
            )
            """,
            // A sign-up or entry that followed share links, with the first and the last link followed.
            """
            CREATE TABLE share_attributions (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                entry_id BIGINT NOT NULL UNIQUE REFERENCES activation_entries(id),
                kind TEXT NOT NULL,
                first_link_id BIGINT NOT NULL REFERENCES share_links(id),
                first_sharer_id BIGINT NOT NULL REFERENCES members(id),
                first_at BIGINT NOT NULL,
                last_link_id BIGINT NOT NULL REFERENCES share_links(id),
                last_sharer_id BIGINT NOT NULL REFERENCES members(id),
                last_at BIGINT NOT NULL,
                self_referral INTEGER NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX share_attributions_activation ON share_attributions (activation_id, created_at)",
            "CREATE INDEX share_attributions_first ON share_attributions (brand_id, first_sharer_id, self_referral)",
            "CREATE INDEX share_attributions_last ON share_attributions (brand_id, last_sharer_id, self_referral)",
            "CREATE INDEX share_attributions_member ON share_attributions (brand_id, member_id, id)",
        ]
    }
}
