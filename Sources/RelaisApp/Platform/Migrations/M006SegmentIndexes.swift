/// Indexes that let a segment's rules be answered by index probes per member.
struct M006SegmentIndexes: Migration {
    let id = "006-segment-indexes"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            // Event rules probe a member's events of one kind in a time window, for the brand or
            // organisation-wide; with brand_id last the probe never reads the table itself.
            "CREATE INDEX timeline_member_kind ON timeline_events (member_id, kind, occurred_at, brand_id)",
            "CREATE INDEX segments_brand ON segments (brand_id, id)",
        ]
    }
}
