/// Listening: the feeds each brand follows, the posts read from them (once per article), the
/// brand queries, and the mentions — a post matched by a query, with its sentiment.
struct M019Listening: Migration {
    let id = "019-listening"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        let bytes = kind.byteOrder
        let real = kind == .sqlite ? "REAL" : "DOUBLE PRECISION"
        return [
            // A feed and its polling state: validators for conditional GETs, failures in a row for the back-off.
            """
            CREATE TABLE listening_sources (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                url TEXT NOT NULL,
                label TEXT NOT NULL,
                poll_interval_minutes INTEGER NOT NULL,
                enabled INTEGER NOT NULL DEFAULT 1,
                allow_private_network INTEGER NOT NULL DEFAULT 0,
                status TEXT NOT NULL DEFAULT 'pending',
                last_error TEXT,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                etag TEXT,
                last_modified TEXT,
                last_polled_at BIGINT,
                last_success_at BIGINT,
                next_attempt_at BIGINT NOT NULL,
                posts_read BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX listening_sources_brand ON listening_sources (brand_id, id)",
            "CREATE INDEX listening_sources_due ON listening_sources (enabled, next_attempt_at)",
            // One row per article and brand: url_key (canonical URL) and text_key (normalised text) make a re-publication count once.
            """
            CREATE TABLE listening_posts (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                source_id BIGINT REFERENCES listening_sources(id),
                url_key TEXT\(bytes) NOT NULL,
                text_key TEXT\(bytes),
                url TEXT,
                host TEXT NOT NULL DEFAULT '',
                title TEXT NOT NULL DEFAULT '',
                body TEXT NOT NULL DEFAULT '',
                author TEXT NOT NULL DEFAULT '',
                language TEXT,
                sentiment TEXT NOT NULL,
                sentiment_score \(real) NOT NULL,
                published_at BIGINT NOT NULL,
                read_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX listening_posts_url ON listening_posts (brand_id, url_key)",
            "CREATE UNIQUE INDEX listening_posts_text ON listening_posts (brand_id, text_key)",
            "CREATE INDEX listening_posts_source ON listening_posts (source_id)",
            """
            CREATE TABLE listening_queries (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                query_text TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX listening_queries_brand ON listening_queries (brand_id, id)",
            // A post matched by a query; the post's language, sentiment and time are copied so that the stream filters on one table.
            """
            CREATE TABLE listening_mentions (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                query_id BIGINT NOT NULL REFERENCES listening_queries(id),
                post_id BIGINT NOT NULL REFERENCES listening_posts(id),
                source_id BIGINT REFERENCES listening_sources(id),
                language TEXT,
                sentiment TEXT NOT NULL,
                sentiment_score \(real) NOT NULL,
                highlights TEXT NOT NULL DEFAULT '[]',
                published_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX listening_mentions_pair ON listening_mentions (query_id, post_id)",
            "CREATE INDEX listening_mentions_brand ON listening_mentions (brand_id, id)",
            "CREATE INDEX listening_mentions_query ON listening_mentions (brand_id, query_id, published_at)",
            "CREATE INDEX listening_mentions_post ON listening_mentions (post_id)",
        ]
    }
}
