/// The instant wins' moments still to win, in the order they are taken: an entry looks up the
/// earliest free moment at or before its instant, and without this index it walked every moment
/// already won before reaching one (thousands, late in a busy instant win).
struct M025FreeMoments: Migration {
    let id = "025-free-moments"

    func statements(for kind: DatabaseKind) -> [String] {
        ["CREATE INDEX activation_moments_free ON activation_moments (activation_id, moment_at, position) WHERE won_by_entry_id IS NULL"]
    }
}
