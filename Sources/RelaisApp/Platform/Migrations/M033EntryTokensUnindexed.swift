/// Entry tokens without a unique index.
///
/// An entry token is 128 random bits (docs/DRAWS.md §4): two entries never share one in practice,
/// and nothing looks an entry up by its token (a draw maps the tokens of its frozen pool in
/// memory, and refuses a pool with a repeated token). The unique index on it was the one index of
/// an entry with a random key: each entry landed on a page of its own, which every commit wrote
/// to the log and every checkpoint copied back — a fifth of the pages an entry writes.
///
/// PostgreSQL drops the constraint. SQLite cannot drop a constraint written in its table, so the
/// table is rebuilt (SQLite's documented way: foreign keys off, the old table renamed aside
/// without rewriting the references to it, a new one with the same rows and ids, then its
/// indexes and triggers again).
struct M033EntryTokensUnindexed: Migration {
    let id = "033-entry-tokens-unindexed"
    var rebuildsTables: Bool { true }

    func statements(for kind: DatabaseKind) -> [String] {
        switch kind {
        case .postgres:
            return ["ALTER TABLE activation_entries DROP CONSTRAINT activation_entries_token_key"]
        case .sqlite:
            let columns = """
                id, organisation_id, brand_id, activation_id, member_id, token, frequency_key, idempotency_key, rules_version,
                rules_sha256, flags, ip_hash, status, answer, invalidation_reason, invalidated_at, confirmed_at, created_at, score, tie_break
                """
            return [
                // The references of other tables keep naming `activation_entries`, which the new table takes.
                "PRAGMA legacy_alter_table = ON",
                "ALTER TABLE activation_entries RENAME TO activation_entries_before_033",
                """
                CREATE TABLE activation_entries (
                    id \(kind.primaryKey),
                    organisation_id BIGINT NOT NULL,
                    brand_id BIGINT NOT NULL,
                    activation_id BIGINT NOT NULL REFERENCES activations(id),
                    member_id BIGINT NOT NULL REFERENCES members(id),
                    token TEXT\(kind.byteOrder) NOT NULL,
                    frequency_key TEXT NOT NULL,
                    idempotency_key TEXT,
                    rules_version INTEGER,
                    rules_sha256 TEXT,
                    flags TEXT NOT NULL DEFAULT '',
                    ip_hash TEXT,
                    status TEXT NOT NULL DEFAULT 'valid',
                    answer TEXT,
                    invalidation_reason TEXT,
                    invalidated_at BIGINT,
                    confirmed_at BIGINT,
                    created_at BIGINT NOT NULL,
                    score INTEGER,
                    tie_break BIGINT,
                    UNIQUE (activation_id, member_id, frequency_key),
                    UNIQUE (activation_id, idempotency_key)
                )
                """,
                "INSERT INTO activation_entries (\(columns)) SELECT \(columns) FROM activation_entries_before_033",
                // Ids are never given twice, even those of entries deleted at the end of the table.
                "DELETE FROM sqlite_sequence WHERE name = 'activation_entries'",
                "UPDATE sqlite_sequence SET name = 'activation_entries' WHERE name = 'activation_entries_before_033'",
                "DROP TABLE activation_entries_before_033",
                "PRAGMA legacy_alter_table = OFF",
                "CREATE INDEX activation_entries_list ON activation_entries (activation_id, id)",
                "CREATE INDEX activation_entries_ip ON activation_entries (activation_id, ip_hash, created_at)",
                "CREATE INDEX activation_entries_brand_time ON activation_entries (brand_id, status, created_at, member_id)",
                "CREATE INDEX activation_entries_member_time ON activation_entries (member_id, brand_id, status, created_at)",
            ] + M023Rollups.sqliteMemberTriggers("activation_entries")
        }
    }
}
