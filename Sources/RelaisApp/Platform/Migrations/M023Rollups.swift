/// Pre-aggregated figures of the brand overview: counters that are sums of what each member
/// contributes, the contribution stored per member, and the members whose facts changed since.
/// Triggers mark a member as changed whenever a row the figures read is written, whatever code
/// (or hand-written SQL) writes it; `Rollups` brings the counters up to date from there.
struct M023Rollups: Migration {
    let id = "023-rollups"

    /// Tables whose rows carry a `member_id` the figures read.
    static let memberTables = ["activation_entries", "coupons", "consent_records", "points_entries", "member_brands", "share_attributions"]

    /// The SQLite trigger statement that marks the member in `column` as changed.
    static func sqliteMark(_ column: String) -> String {
        "INSERT INTO rollup_changes (member_id, version) SELECT \(column), 1 WHERE \(column) IS NOT NULL ON CONFLICT (member_id) DO UPDATE SET version = rollup_changes.version + 1;"
    }

    /// The SQLite triggers that mark the member of a row of `table` (one of `memberTables`) as
    /// changed when the row is written; a step that rebuilds such a table creates them again.
    static func sqliteMemberTriggers(_ table: String) -> [String] {
        [
            "CREATE TRIGGER rollup_\(table)_insert AFTER INSERT ON \(table) BEGIN \(sqliteMark("NEW.member_id")) END",
            "CREATE TRIGGER rollup_\(table)_update AFTER UPDATE ON \(table) BEGIN \(sqliteMark("NEW.member_id")) \(sqliteMark("OLD.member_id")) END",
            "CREATE TRIGGER rollup_\(table)_delete AFTER DELETE ON \(table) BEGIN \(sqliteMark("OLD.member_id")) END",
        ]
    }

    func statements(for kind: DatabaseKind) -> [String] {
        var statements = [
            // A counter: metric × brand × activation (`scope`, 0 for the brand) × coordinates; see RollupMetric.
            """
            CREATE TABLE rollup_counts (
                brand_id BIGINT NOT NULL,
                metric TEXT NOT NULL,
                scope BIGINT NOT NULL,
                a BIGINT NOT NULL,
                b BIGINT NOT NULL,
                c BIGINT NOT NULL,
                n BIGINT NOT NULL,
                PRIMARY KEY (brand_id, metric, scope, a, b, c)
            )
            """,
            // What a member adds to the counters of a brand, as counted last (RollupContributionText).
            """
            CREATE TABLE rollup_members (
                member_id BIGINT NOT NULL,
                brand_id BIGINT NOT NULL,
                contribution TEXT NOT NULL,
                PRIMARY KEY (member_id, brand_id)
            )
            """,
            // Members whose facts changed since they were last counted; `version` grows with each change.
            """
            CREATE TABLE rollup_changes (
                member_id BIGINT PRIMARY KEY,
                version BIGINT NOT NULL
            )
            """,
            // Every member present before the counters existed is counted once.
            "INSERT INTO rollup_changes (member_id, version) SELECT id, 1 FROM members",
            // A member's referrals as the friend who joined are read per member.
            "CREATE INDEX activation_referrals_referee ON activation_referrals (referee_member_id)",
        ]
        // When an activation's opening moves, "the activations after it" change for the brand's
        // participants; when its slug changes, the label its form wrote no longer names it.
        let reordered = """
            INSERT INTO rollup_changes (member_id, version) SELECT DISTINCT member_id, 1 FROM activation_entries WHERE brand_id = NEW.brand_id
            ON CONFLICT (member_id) DO UPDATE SET version = rollup_changes.version + 1;
            """
        switch kind {
        case .sqlite:
            let mark = Self.sqliteMark
            for table in Self.memberTables {
                statements += Self.sqliteMemberTriggers(table)
            }
            statements.append("""
                CREATE TRIGGER rollup_members_update AFTER UPDATE OF merged_into_id, erased_at ON members BEGIN \(mark("NEW.id")) END
                """)
            statements.append("""
                CREATE TRIGGER rollup_audit_erasure AFTER INSERT ON audit_log WHEN NEW.action = 'member.erased' BEGIN \(mark("NEW.target_id")) END
                """)
            statements.append("""
                CREATE TRIGGER rollup_audit_erasure_update AFTER UPDATE ON audit_log WHEN NEW.action = 'member.erased' BEGIN \(mark("NEW.target_id")) END
                """)
            statements.append("CREATE TRIGGER rollup_referrals_insert AFTER INSERT ON activation_referrals BEGIN \(mark("NEW.referee_member_id")) END")
            statements.append("""
                CREATE TRIGGER rollup_referrals_update AFTER UPDATE ON activation_referrals BEGIN \(mark("NEW.referee_member_id")) \(mark("OLD.referee_member_id")) END
                """)
            statements.append("CREATE TRIGGER rollup_activations_order AFTER UPDATE OF opens_at, slug ON activations WHEN OLD.opens_at IS NOT NEW.opens_at OR OLD.slug IS NOT NEW.slug BEGIN \(reordered) END")
            statements.append("""
                CREATE TRIGGER rollup_purpose_marketing AFTER UPDATE OF is_marketing ON consent_purposes BEGIN
                INSERT INTO rollup_changes (member_id, version) SELECT member_id, 1 FROM member_brands WHERE brand_id = NEW.brand_id
                ON CONFLICT (member_id) DO UPDATE SET version = rollup_changes.version + 1; END
                """)
        case .postgres:
            statements.append("""
                CREATE FUNCTION rollup_mark(member BIGINT) RETURNS void AS $$
                BEGIN
                  IF member IS NOT NULL THEN
                    INSERT INTO rollup_changes (member_id, version) VALUES (member, 1)
                    ON CONFLICT (member_id) DO UPDATE SET version = rollup_changes.version + 1;
                  END IF;
                END $$ LANGUAGE plpgsql
                """)
            statements.append("""
                CREATE FUNCTION rollup_mark_member_row() RETURNS trigger AS $$
                BEGIN
                  IF TG_OP <> 'DELETE' THEN PERFORM rollup_mark(NEW.member_id); END IF;
                  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.member_id IS DISTINCT FROM NEW.member_id) THEN PERFORM rollup_mark(OLD.member_id); END IF;
                  RETURN NULL;
                END $$ LANGUAGE plpgsql
                """)
            for table in Self.memberTables {
                statements.append("""
                    CREATE TRIGGER rollup_\(table) AFTER INSERT OR UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION rollup_mark_member_row()
                    """)
            }
            statements.append("""
                CREATE FUNCTION rollup_mark_member() RETURNS trigger AS $$
                BEGIN PERFORM rollup_mark(NEW.id); RETURN NULL; END $$ LANGUAGE plpgsql
                """)
            statements.append("""
                CREATE TRIGGER rollup_members_update AFTER UPDATE OF merged_into_id, erased_at ON members FOR EACH ROW EXECUTE FUNCTION rollup_mark_member()
                """)
            statements.append("""
                CREATE FUNCTION rollup_mark_erasure() RETURNS trigger AS $$
                BEGIN IF NEW.action = 'member.erased' THEN PERFORM rollup_mark(NEW.target_id); END IF; RETURN NULL; END $$ LANGUAGE plpgsql
                """)
            statements.append("""
                CREATE TRIGGER rollup_audit_erasure AFTER INSERT OR UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION rollup_mark_erasure()
                """)
            statements.append("""
                CREATE FUNCTION rollup_mark_referee() RETURNS trigger AS $$
                BEGIN
                  PERFORM rollup_mark(NEW.referee_member_id);
                  IF TG_OP = 'UPDATE' AND OLD.referee_member_id IS DISTINCT FROM NEW.referee_member_id THEN PERFORM rollup_mark(OLD.referee_member_id); END IF;
                  RETURN NULL;
                END $$ LANGUAGE plpgsql
                """)
            statements.append("""
                CREATE TRIGGER rollup_referrals AFTER INSERT OR UPDATE ON activation_referrals FOR EACH ROW EXECUTE FUNCTION rollup_mark_referee()
                """)
            statements.append("""
                CREATE FUNCTION rollup_mark_reordered() RETURNS trigger AS $$
                BEGIN
                  IF OLD.opens_at IS DISTINCT FROM NEW.opens_at OR OLD.slug IS DISTINCT FROM NEW.slug THEN
                    \(reordered)
                  END IF;
                  RETURN NULL;
                END $$ LANGUAGE plpgsql
                """)
            statements.append("""
                CREATE TRIGGER rollup_activations_order AFTER UPDATE ON activations FOR EACH ROW EXECUTE FUNCTION rollup_mark_reordered()
                """)
            statements.append("""
                CREATE FUNCTION rollup_mark_purpose() RETURNS trigger AS $$
                BEGIN
                  IF OLD.is_marketing IS DISTINCT FROM NEW.is_marketing THEN
                    INSERT INTO rollup_changes (member_id, version) SELECT member_id, 1 FROM member_brands WHERE brand_id = NEW.brand_id
                    ON CONFLICT (member_id) DO UPDATE SET version = rollup_changes.version + 1;
                  END IF;
                  RETURN NULL;
                END $$ LANGUAGE plpgsql
                """)
            statements.append("""
                CREATE TRIGGER rollup_purpose_marketing AFTER UPDATE ON consent_purposes FOR EACH ROW EXECUTE FUNCTION rollup_mark_purpose()
                """)
        }
        return statements
    }
}
