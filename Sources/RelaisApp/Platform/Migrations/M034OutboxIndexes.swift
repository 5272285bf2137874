/// The outbox's indexes, for what reads it.
///
/// Pending messages were indexed by `(sent_at, id)`: every new message (not sent yet) landed at
/// the end of the NULL range, at the start of the index, a point in the middle of its tree that
/// each commit of entries split and rebalanced (about three pages per commit). Only pending
/// messages are ever looked for that way, in order: a partial index of their ids takes each new
/// message at its right end and lets a sent one go.
///
/// A member's messages were found by reading the whole outbox — two messages per new entrant —
/// when the member's data is exported, erased or merged; they now have an index of their own.
struct M034OutboxIndexes: Migration {
    let id = "034-outbox-indexes"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            "DROP INDEX outbox_pending",
            "CREATE INDEX outbox_pending ON outbox_messages (id) WHERE sent_at IS NULL",
            "CREATE INDEX outbox_member ON outbox_messages (member_id)",
        ]
    }
}
