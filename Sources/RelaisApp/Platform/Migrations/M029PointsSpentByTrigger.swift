/// Points spent per day move by triggers on the points ledger, and a points line marks its
/// member for the rollup job only when a member-based counter reads it.
///
/// "Points spent on day `a`" is a plain sum over the ledger's spend lines: it depends on no
/// other fact of the member. Counted through the member's contribution, every spend marked the
/// member, and the rollup job then read back every line of the member to count it again — work
/// that grew with each member's history and competed with the ledger's own writes. The counter
/// now moves in the transaction that writes the line, by the line's points, like the visitor
/// counters of M024. Contributions stored before keep their `ps` items; `Rollups` leaves them
/// out (`RollupMetric.movedByTriggers`), and the counter is counted again here from the ledger.
///
/// On SQLite the trigger moves the counter itself: one writer at a time, nothing waits on the
/// row. On PostgreSQL concurrent transactions that spend points (redemptions, tills, the
/// ledger's groups from several nodes) would all wait on the same row of the day until each
/// commits, so the triggers queue the change in `rollup_count_changes` instead, an append-only
/// table, and `Rollups.applyQueuedCounts` moves the counters from it — before any figure is
/// read and with every catch-up.
///
/// The member is still marked when a line can change what their contribution reads: an earn
/// credited to an activation (points given by the activation), and any change to a line's
/// member, brand, kind, points or activation, or its removal (a coupon's spend line is read
/// through the coupon). Emptying a line's reason on erasure marks nothing.
struct M029PointsSpentByTrigger: Migration {
    let id = "029-points-spent-by-trigger"

    /// The UTC day number of `millis`, as `RollupCalendar.day` computes it, on both engines.
    static func day(_ millis: String) -> String {
        "(CASE WHEN \(millis) >= 0 THEN \(millis) / 86400000 ELSE (\(millis) - 86399999) / 86400000 END)"
    }

    func statements(for kind: DatabaseKind) -> [String] {
        let add = "ON CONFLICT (brand_id, metric, scope, a, b, c) DO UPDATE SET n = rollup_counts.n + excluded.n"
        let spent = RollupMetric.pointsSpent.rawValue
        var statements = [
            "DELETE FROM rollup_counts WHERE metric = '\(spent)'",
            """
            INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n)
            SELECT brand_id, '\(spent)', 0, day, 0, 0, SUM(n) FROM (
                SELECT brand_id, \(Self.day("occurred_at")) AS day, -points AS n FROM points_entries WHERE kind = 'spend'
            ) spends GROUP BY brand_id, day HAVING SUM(n) <> 0
            """,
        ]
        switch kind {
        case .sqlite:
            let mark = M023Rollups.sqliteMark
            let move = { (row: String, sign: String) in
                """
                INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n)
                SELECT \(row).brand_id, '\(spent)', 0, \(Self.day("\(row).occurred_at")), 0, 0, \(sign)\(row).points WHERE \(row).kind = 'spend' \(add);
                """
            }
            let changed = "member_id, brand_id, kind, points, occurred_at, activation_ref"
            statements += [
                "DROP TRIGGER rollup_points_entries_insert",
                "DROP TRIGGER rollup_points_entries_update",
                "DROP TRIGGER rollup_points_entries_delete",
                """
                CREATE TRIGGER rollup_points_entries_insert AFTER INSERT ON points_entries
                WHEN NEW.kind = 'earn' AND NEW.activation_ref IS NOT NULL BEGIN \(mark("NEW.member_id")) END
                """,
                "CREATE TRIGGER rollup_points_entries_update AFTER UPDATE OF \(changed) ON points_entries BEGIN \(mark("NEW.member_id")) \(mark("OLD.member_id")) END",
                "CREATE TRIGGER rollup_points_entries_delete AFTER DELETE ON points_entries BEGIN \(mark("OLD.member_id")) END",
                "CREATE TRIGGER rollup_points_spent_insert AFTER INSERT ON points_entries WHEN NEW.kind = 'spend' BEGIN \(move("NEW", "-")) END",
                "CREATE TRIGGER rollup_points_spent_update AFTER UPDATE OF \(changed) ON points_entries BEGIN \(move("OLD", "")) \(move("NEW", "-")) END",
                "CREATE TRIGGER rollup_points_spent_delete AFTER DELETE ON points_entries WHEN OLD.kind = 'spend' BEGIN \(move("OLD", "")) END",
            ]
        case .postgres:
            statements.append("""
                CREATE TABLE rollup_count_changes (
                    id \(kind.primaryKey),
                    brand_id BIGINT NOT NULL,
                    metric TEXT NOT NULL,
                    scope BIGINT NOT NULL,
                    a BIGINT NOT NULL,
                    b BIGINT NOT NULL,
                    c BIGINT NOT NULL,
                    n BIGINT NOT NULL
                )
                """)
            // Over the statement's lines: `added` counted in, `removed` counted out.
            let move = { (added: String?, removed: String?) in
                let parts = [added.map { "SELECT brand_id, \(Self.day("occurred_at")) AS day, -points AS n FROM \($0) WHERE kind = 'spend'" },
                             removed.map { "SELECT brand_id, \(Self.day("occurred_at")) AS day, points AS n FROM \($0) WHERE kind = 'spend'" }]
                return """
                    INSERT INTO rollup_count_changes (brand_id, metric, scope, a, b, c, n)
                    SELECT brand_id, '\(spent)', 0, day, 0, 0, SUM(n) FROM (\(parts.compactMap { $0 }.joined(separator: " UNION ALL "))) lines
                    GROUP BY brand_id, day HAVING SUM(n) <> 0;
                    """
            }
            for (name, event, transition, body) in [
                ("inserted", "INSERT", "NEW TABLE AS added", move("added", nil)),
                ("updated", "UPDATE", "OLD TABLE AS removed NEW TABLE AS added", move("added", "removed")),
                ("deleted", "DELETE", "OLD TABLE AS removed", move(nil, "removed")),
            ] {
                statements.append("""
                    CREATE FUNCTION rollup_points_spent_\(name)() RETURNS trigger AS $$
                    BEGIN
                      \(body)
                      RETURN NULL;
                    END $$ LANGUAGE plpgsql
                    """)
                statements.append("""
                    CREATE TRIGGER rollup_points_spent_\(name) AFTER \(event) ON points_entries REFERENCING \(transition)
                    FOR EACH STATEMENT EXECUTE FUNCTION rollup_points_spent_\(name)()
                    """)
            }
            statements += [
                "DROP TRIGGER rollup_points_entries ON points_entries",
                """
                CREATE TRIGGER rollup_points_entries AFTER INSERT ON points_entries FOR EACH ROW
                WHEN (NEW.kind = 'earn' AND NEW.activation_ref IS NOT NULL) EXECUTE FUNCTION rollup_mark_member_row()
                """,
                """
                CREATE TRIGGER rollup_points_entries_changed AFTER UPDATE OF member_id, brand_id, kind, points, occurred_at, activation_ref OR DELETE
                ON points_entries FOR EACH ROW EXECUTE FUNCTION rollup_mark_member_row()
                """,
            ]
        }
        return statements
    }
}
