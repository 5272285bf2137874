/// The postal-code index also carries the member id, so that a segment counted in slices of ids
/// reads its candidates from the index alone on PostgreSQL (SQLite indexes carry the row id anyway).
struct M012SegmentCountIndexes: Migration {
    let id = "012-segment-count-indexes"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            "DROP INDEX members_org_postal",
            "CREATE INDEX members_org_postal ON members (organisation_id, postal_code, merged_into_id, erased_at, id)",
        ]
    }
}
