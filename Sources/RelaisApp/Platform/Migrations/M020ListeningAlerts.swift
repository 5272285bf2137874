/// Listening, continued: sources that receive signed pushes, posts linked to the members who
/// wrote them, posts of the last 30 days matched again when a query changes, and alerts — per
/// query settings, one row per alert episode, the brand's alert webhook and its durable outbox.
struct M020ListeningAlerts: Migration {
    let id = "020-listening-alerts"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        let real = kind == .sqlite ? "REAL" : "DOUBLE PRECISION"
        return [
            // `feed` sources are polled; `push` sources receive posts signed with their secret.
            "ALTER TABLE listening_sources ADD COLUMN kind TEXT NOT NULL DEFAULT 'feed'",
            "ALTER TABLE listening_sources ADD COLUMN push_secret TEXT",
            // The member who wrote the post, when the author matches one of the brand's members.
            "ALTER TABLE listening_posts ADD COLUMN member_id BIGINT",
            "ALTER TABLE listening_posts ADD COLUMN author_email TEXT",
            "ALTER TABLE listening_posts ADD COLUMN author_url TEXT",
            "CREATE INDEX listening_posts_member ON listening_posts (member_id)",
            "CREATE INDEX listening_posts_brand_published ON listening_posts (brand_id, published_at)",
            "CREATE INDEX listening_mentions_published ON listening_mentions (brand_id, published_at)",
            // The alert evaluation reads the last hours of every brand at once.
            "CREATE INDEX listening_mentions_recent ON listening_mentions (published_at)",
            // A query whose posts of the last days are being matched again, batch after batch.
            """
            CREATE TABLE listening_rematches (
                query_id BIGINT PRIMARY KEY REFERENCES listening_queries(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                since BIGINT NOT NULL,
                after_post_id BIGINT NOT NULL DEFAULT 0,
                matched BIGINT NOT NULL DEFAULT 0,
                status TEXT NOT NULL DEFAULT 'pending',
                requested_at BIGINT NOT NULL,
                finished_at BIGINT
            )
            """,
            "CREATE INDEX listening_rematches_status ON listening_rematches (status, requested_at)",
            // What makes an alert, per query; a query without a row uses the defaults.
            """
            CREATE TABLE listening_alert_settings (
                query_id BIGINT PRIMARY KEY REFERENCES listening_queries(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                enabled INTEGER NOT NULL DEFAULT 1,
                window_minutes INTEGER NOT NULL,
                baseline_windows INTEGER NOT NULL,
                spike_min_count INTEGER NOT NULL,
                spike_z \(real) NOT NULL,
                negative_min_count INTEGER NOT NULL,
                negative_z \(real) NOT NULL,
                cooldown_minutes INTEGER NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            // One row per episode: opened when the condition starts, closed once it has been false for the cool-down.
            """
            CREATE TABLE listening_alerts (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                query_id BIGINT NOT NULL REFERENCES listening_queries(id),
                kind TEXT NOT NULL,
                opened_at BIGINT NOT NULL,
                last_true_at BIGINT NOT NULL,
                closed_at BIGINT,
                observed INTEGER NOT NULL,
                expected \(real) NOT NULL,
                score \(real) NOT NULL,
                negative_share \(real),
                baseline_share \(real),
                window_minutes INTEGER NOT NULL,
                acknowledged_at BIGINT,
                acknowledged_by TEXT
            )
            """,
            "CREATE UNIQUE INDEX listening_alerts_open ON listening_alerts (query_id, kind) WHERE closed_at IS NULL",
            "CREATE INDEX listening_alerts_brand ON listening_alerts (brand_id, id)",
            // The brand's alert webhook: a public https/http address (unless the owner's override) and its signing secret.
            """
            CREATE TABLE listening_alert_webhooks (
                brand_id BIGINT PRIMARY KEY REFERENCES brands(id),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                enabled INTEGER NOT NULL DEFAULT 1,
                allow_private_network INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            // The durable outbox: one delivery per alert, retried with exponential back-off.
            """
            CREATE TABLE listening_alert_deliveries (
                id \(pk),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                alert_id BIGINT NOT NULL REFERENCES listening_alerts(id),
                url TEXT NOT NULL,
                body TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending',
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                last_error TEXT,
                delivered_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX listening_alert_deliveries_alert ON listening_alert_deliveries (alert_id)",
            "CREATE INDEX listening_alert_deliveries_due ON listening_alert_deliveries (status, next_attempt_at)",
            "CREATE INDEX listening_alert_deliveries_brand ON listening_alert_deliveries (brand_id, id)",
            """
            CREATE TABLE listening_delivery_attempts (
                id \(pk),
                delivery_id BIGINT NOT NULL REFERENCES listening_alert_deliveries(id),
                attempted_at BIGINT NOT NULL,
                status_code INTEGER,
                error TEXT,
                duration_ms INTEGER NOT NULL
            )
            """,
            "CREATE INDEX listening_delivery_attempts_delivery ON listening_delivery_attempts (delivery_id, id)",
        ]
    }
}
