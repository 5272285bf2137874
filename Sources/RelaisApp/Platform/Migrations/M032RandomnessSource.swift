/// The public randomness a draw will use, announced before opening (docs/DRAWS.md §1).
struct M032RandomnessSource: Migration {
    let id = "032-randomness-source"

    func statements(for kind: DatabaseKind) -> [String] {
        ["ALTER TABLE activations ADD COLUMN randomness_source TEXT"]
    }
}
