/// Fewer indexes on the two tables every points movement and every entry writes to.
///
/// A movement lands on a random member, so each index keyed by member dirties a page of its own
/// that the commit writes to the log. Three indexes of the points ledger began with (brand,
/// member); a member's lines are a few hundred at most, so the one kept, (brand, member,
/// expires_at, points), serves listing a member's lines, the earning caps and the tier window as
/// well as the expiry sums it covers. Two more indexes were the start of a longer one and are
/// dropped for it: (brand, kind, occurred_at) of the ledger, in the earned-points index of M015,
/// and (member, brand) of the entries, in the member-time index of M021.
struct M027FewerIndexes: Migration {
    let id = "027-fewer-indexes"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            "DROP INDEX points_entries_rule",
            "DROP INDEX points_entries_member",
            "DROP INDEX points_entries_kind_time",
            "DROP INDEX activation_entries_member",
        ]
    }
}
