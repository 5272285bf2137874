/// The profile fields each activation's form asks (progressive profiling); first and last name,
/// as every form asked before.
struct M031AskFields: Migration {
    let id = "031-ask-fields"

    func statements(for kind: DatabaseKind) -> [String] {
        ["ALTER TABLE activations ADD COLUMN ask_fields TEXT NOT NULL DEFAULT 'firstName,lastName'"]
    }
}
