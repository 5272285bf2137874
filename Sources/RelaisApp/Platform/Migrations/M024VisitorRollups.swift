/// Pre-aggregated visitor figures of each activation — share links, counted clicks, visits,
/// distinct share visitors, distinct page visitors — kept as `rollup_counts` rows of the
/// activation (`RollupMetric.shareLinks` …), moved by triggers in the transaction that writes
/// the rows, so they are exact and current without any job. The tables they count are
/// append-only: no code path updates a link's activation, a click's counting or deletes a row.
/// On PostgreSQL the triggers run once per statement over its new rows; on SQLite once per row.
/// The counters also move into an index that holds their value, so a range sum reads no table.
struct M024VisitorRollups: Migration {
    let id = "024-visitor-rollups"

    /// Counters as (metric, rows counted); every one is a `rollup_counts` row at a = b = c = 0.
    static let counted = [
        ("vl", "SELECT l.brand_id, l.activation_id FROM share_links l WHERE l.activation_id IS NOT NULL"),
        ("vc", """
            SELECT l.brand_id, l.activation_id FROM share_clicks k JOIN share_links l ON l.id = k.link_id
            WHERE l.activation_id IS NOT NULL AND k.counted = 1 AND k.bot = 0
            """),
        ("vv", "SELECT l.brand_id, l.activation_id FROM share_visits v JOIN share_links l ON l.id = v.link_id WHERE l.activation_id IS NOT NULL"),
        ("vu", "SELECT brand_id, activation_id FROM activation_share_visitors"),
        ("vp", "SELECT a.brand_id, w.activation_id FROM activation_view_visitors w JOIN activations a ON a.id = w.activation_id WHERE w.kind = 'page'"),
    ]

    func statements(for kind: DatabaseKind) -> [String] {
        let bytes = kind.byteOrder
        var statements: [String] = []
        // The counters are read in index ranges: keep `n` in the index (SQLite: a table clustered
        // on its key; PostgreSQL: the key index carries `n`, for index-only scans).
        switch kind {
        case .sqlite:
            statements += [
                """
                CREATE TABLE rollup_counts_clustered (
                    brand_id BIGINT NOT NULL,
                    metric TEXT NOT NULL,
                    scope BIGINT NOT NULL,
                    a BIGINT NOT NULL,
                    b BIGINT NOT NULL,
                    c BIGINT NOT NULL,
                    n BIGINT NOT NULL,
                    PRIMARY KEY (brand_id, metric, scope, a, b, c)
                ) WITHOUT ROWID
                """,
                "INSERT INTO rollup_counts_clustered (brand_id, metric, scope, a, b, c, n) SELECT brand_id, metric, scope, a, b, c, n FROM rollup_counts",
                "DROP TABLE rollup_counts",
                "ALTER TABLE rollup_counts_clustered RENAME TO rollup_counts",
            ]
        case .postgres:
            statements.append("ALTER TABLE rollup_counts DROP CONSTRAINT rollup_counts_pkey, ADD PRIMARY KEY (brand_id, metric, scope, a, b, c) INCLUDE (n)")
        }
        statements += [
            // Each visitor who reached an activation through any of its share links, once.
            """
            CREATE TABLE activation_share_visitors (
                activation_id BIGINT NOT NULL,
                visitor_hash TEXT\(bytes) NOT NULL,
                brand_id BIGINT NOT NULL,
                PRIMARY KEY (activation_id, visitor_hash)
            )
            """,
            """
            INSERT INTO activation_share_visitors (activation_id, visitor_hash, brand_id)
            SELECT DISTINCT l.activation_id, v.visitor_hash, l.brand_id FROM share_visits v JOIN share_links l ON l.id = v.link_id
            WHERE l.activation_id IS NOT NULL
            """,
        ]
        // What was written before the counters existed, counted once.
        for (metric, rows) in Self.counted {
            statements.append("""
                INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n)
                SELECT brand_id, '\(metric)', activation_id, 0, 0, 0, COUNT(*) FROM (\(rows)) counted GROUP BY brand_id, activation_id
                """)
        }
        let add = "ON CONFLICT (brand_id, metric, scope, a, b, c) DO UPDATE SET n = rollup_counts.n + excluded.n"
        switch kind {
        case .sqlite:
            let one = { (metric: String, brand: String, activation: String, from: String, condition: String) in
                "INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n) SELECT \(brand), '\(metric)', \(activation), 0, 0, 0, 1 \(from) WHERE \(condition) \(add);"
            }
            statements += [
                """
                CREATE TRIGGER rollup_share_links_insert AFTER INSERT ON share_links WHEN NEW.activation_id IS NOT NULL BEGIN
                \(one("vl", "NEW.brand_id", "NEW.activation_id", "", "1 = 1")) END
                """,
                """
                CREATE TRIGGER rollup_share_clicks_insert AFTER INSERT ON share_clicks WHEN NEW.counted = 1 AND NEW.bot = 0 BEGIN
                \(one("vc", "l.brand_id", "l.activation_id", "FROM share_links l", "l.id = NEW.link_id AND l.activation_id IS NOT NULL")) END
                """,
                """
                CREATE TRIGGER rollup_share_visits_insert AFTER INSERT ON share_visits BEGIN
                \(one("vv", "l.brand_id", "l.activation_id", "FROM share_links l", "l.id = NEW.link_id AND l.activation_id IS NOT NULL"))
                INSERT INTO activation_share_visitors (activation_id, visitor_hash, brand_id)
                SELECT l.activation_id, NEW.visitor_hash, l.brand_id FROM share_links l WHERE l.id = NEW.link_id AND l.activation_id IS NOT NULL
                ON CONFLICT (activation_id, visitor_hash) DO NOTHING; END
                """,
                """
                CREATE TRIGGER rollup_share_visitors_insert AFTER INSERT ON activation_share_visitors BEGIN
                \(one("vu", "NEW.brand_id", "NEW.activation_id", "", "1 = 1")) END
                """,
                """
                CREATE TRIGGER rollup_view_visitors_insert AFTER INSERT ON activation_view_visitors WHEN NEW.kind = 'page' BEGIN
                \(one("vp", "a.brand_id", "a.id", "FROM activations a", "a.id = NEW.activation_id")) END
                """,
            ]
        case .postgres:
            // One function per table, over the statement's new rows (`added`).
            let functions = [
                ("share_links", "INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n) SELECT brand_id, 'vl', activation_id, 0, 0, 0, COUNT(*) FROM added WHERE activation_id IS NOT NULL GROUP BY brand_id, activation_id \(add);"),
                ("share_clicks", """
                    INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n)
                    SELECT l.brand_id, 'vc', l.activation_id, 0, 0, 0, COUNT(*) FROM added k JOIN share_links l ON l.id = k.link_id
                    WHERE l.activation_id IS NOT NULL AND k.counted = 1 AND k.bot = 0 GROUP BY l.brand_id, l.activation_id \(add);
                    """),
                ("share_visits", """
                    INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n)
                    SELECT l.brand_id, 'vv', l.activation_id, 0, 0, 0, COUNT(*) FROM added v JOIN share_links l ON l.id = v.link_id
                    WHERE l.activation_id IS NOT NULL GROUP BY l.brand_id, l.activation_id \(add);
                    INSERT INTO activation_share_visitors (activation_id, visitor_hash, brand_id)
                    SELECT DISTINCT l.activation_id, v.visitor_hash, l.brand_id FROM added v JOIN share_links l ON l.id = v.link_id
                    WHERE l.activation_id IS NOT NULL ON CONFLICT (activation_id, visitor_hash) DO NOTHING;
                    """),
                ("activation_share_visitors", "INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n) SELECT brand_id, 'vu', activation_id, 0, 0, 0, COUNT(*) FROM added GROUP BY brand_id, activation_id \(add);"),
                ("activation_view_visitors", """
                    INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n)
                    SELECT a.brand_id, 'vp', a.id, 0, 0, 0, COUNT(*) FROM added w JOIN activations a ON a.id = w.activation_id
                    WHERE w.kind = 'page' GROUP BY a.brand_id, a.id \(add);
                    """),
            ]
            for (table, body) in functions {
                statements.append("""
                    CREATE FUNCTION rollup_count_\(table)() RETURNS trigger AS $$
                    BEGIN
                      \(body)
                      RETURN NULL;
                    END $$ LANGUAGE plpgsql
                    """)
                statements.append("""
                    CREATE TRIGGER rollup_count_\(table) AFTER INSERT ON \(table) REFERENCING NEW TABLE AS added
                    FOR EACH STATEMENT EXECUTE FUNCTION rollup_count_\(table)()
                    """)
            }
        }
        return statements
    }
}
