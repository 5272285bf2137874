/// Indexes that let searches page in their own order and let segment counts start from the
/// most selective rule: names and identity keys ordered with the member id as tie-breaker,
/// postal codes and event kinds compared byte by byte so a prefix is one index range, and a
/// member's consent state answered from an index.
struct M007OrderedSearch: Migration {
    let id = "007-ordered-search"

    func statements(for kind: DatabaseKind) -> [String] {
        var statements: [String] = []
        if kind == .postgres {
            // SQLite compares text byte by byte already; PostgreSQL does so only under "C".
            statements += [
                "ALTER TABLE members ALTER COLUMN postal_code TYPE TEXT COLLATE \"C\"",
                "ALTER TABLE timeline_events ALTER COLUMN kind TYPE TEXT COLLATE \"C\"",
            ]
        }
        return statements + [
            "DROP INDEX members_org_name",
            "DROP INDEX members_org_alt",
            "CREATE INDEX members_org_name ON members (organisation_id, search_name, id)",
            "CREATE INDEX members_org_alt ON members (organisation_id, search_alt, id)",
            // With the two state columns, a postal-code rule and the live-member test read the index alone.
            "CREATE INDEX members_org_postal ON members (organisation_id, postal_code, merged_into_id, erased_at)",
            "DROP INDEX member_identities_match",
            "CREATE INDEX member_identities_match ON member_identities (organisation_id, kind, match_key, member_id)",
            "CREATE INDEX member_brands_brand_seen ON member_brands (brand_id, first_seen_at)",
            // With the status, a member's current consent is read from the index alone.
            "DROP INDEX consent_member_purpose",
            "CREATE INDEX consent_member_purpose ON consent_records (member_id, brand_id, purpose_id, channel, id, status)",
        ]
    }
}
