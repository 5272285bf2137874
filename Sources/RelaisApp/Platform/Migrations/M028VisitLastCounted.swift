/// A visit keeps the time of its visitor's last counted click on the link, and clicks lose
/// their visitor index.
///
/// Whether a click counts depends on the visitor's last counted click on the link (30 minutes
/// apart). It was read from the clicks, through an index of (link, visitor) that every click
/// wrote at a random place. A visitor with a counted click always has a visit — the first of
/// those clicks — so the visit, already keyed by (link, visitor), now holds that time, and the
/// clicks table keeps only its index by link.
struct M028VisitLastCounted: Migration {
    let id = "028-visit-last-counted"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            "ALTER TABLE share_visits ADD COLUMN last_counted_at BIGINT",
            """
            UPDATE share_visits SET last_counted_at = COALESCE((SELECT MAX(c.clicked_at) FROM share_clicks c
                WHERE c.link_id = share_visits.link_id AND c.visitor_hash = share_visits.visitor_hash AND c.counted = 1), visited_at)
            """,
            "DROP INDEX share_clicks_visitor",
        ]
    }
}
