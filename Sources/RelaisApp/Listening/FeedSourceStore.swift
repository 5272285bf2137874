import Foundation
import SQLKit

/// The `listening_sources` table: the feeds of each brand and their polling state.
struct FeedSourceStore: Sendable {
    static let columns = """
        id, organisation_id, brand_id, url, label, poll_interval_minutes, enabled, allow_private_network, status, last_error,
        consecutive_failures, etag, last_modified, last_polled_at, last_success_at, next_attempt_at, posts_read, created_at, updated_at, kind
        """

    /// The brand's source, or nil (another brand's source is nil too).
    func source(_ id: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> FeedSource? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM listening_sources WHERE id = \(bind: id) AND brand_id = \(bind: brandID)")
            .first().map(Self.decode)
    }

    /// Every source of the brand, oldest first.
    func sources(brandID: Int64, on sql: any SQLDatabase) async throws -> [FeedSource] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM listening_sources WHERE brand_id = \(bind: brandID) ORDER BY id")
            .all().map(Self.decode)
    }

    /// Enabled sources whose next attempt is due, the longest waiting first.
    func due(now: Int64, limit: Int, on sql: any SQLDatabase) async throws -> [FeedSource] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM listening_sources WHERE enabled = 1 AND kind = 'feed' AND next_attempt_at <= \(bind: now)
            ORDER BY next_attempt_at, id LIMIT \(bind: limit)
            """).all().map(Self.decode)
    }

    /// Takes due sources for one poller by moving their next attempt to `until`; returns those taken
    /// (another node that took a source first leaves it out).
    func claim(_ sources: [FeedSource], until: Int64, on sql: any SQLDatabase) async throws -> [FeedSource] {
        var taken: [FeedSource] = []
        for source in sources {
            let row = try await sql.raw("""
                UPDATE listening_sources SET next_attempt_at = \(bind: until)
                WHERE id = \(bind: source.id) AND next_attempt_at = \(bind: source.nextAttemptAt) RETURNING id
                """).first()
            if row != nil { taken.append(source) }
        }
        return taken
    }

    /// Inserts a source, due at once.
    func insert(organisationID: Int64, brandID: Int64, kind: FeedSourceKind = .feed, url: String, label: String, pollIntervalMinutes: Int,
                enabled: Bool, allowPrivateNetwork: Bool, pushSecret: String? = nil, now: Int64, on sql: any SQLDatabase) async throws -> FeedSource {
        let row = try await sql.raw("""
            INSERT INTO listening_sources (organisation_id, brand_id, url, label, poll_interval_minutes, enabled, allow_private_network,
                                           next_attempt_at, created_at, updated_at, kind, push_secret)
            VALUES (\(bind: organisationID), \(bind: brandID), \(bind: url), \(bind: label), \(bind: pollIntervalMinutes), \(bind: enabled ? 1 : 0),
                    \(bind: allowPrivateNetwork ? 1 : 0), \(bind: now), \(bind: now), \(bind: now), \(bind: kind.rawValue), \(bind: pushSecret))
            RETURNING \(unsafeRaw: Self.columns)
            """).first()
        guard let row else { throw AppError.notFound("source") }
        return try Self.decode(row)
    }

    /// Writes the editable fields of `source`. A new URL forgets the old one's validators and is due at once.
    func update(_ source: FeedSource, urlChanged: Bool, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE listening_sources SET url = \(bind: source.url), label = \(bind: source.label),
                poll_interval_minutes = \(bind: source.pollIntervalMinutes), enabled = \(bind: source.enabled ? 1 : 0),
                allow_private_network = \(bind: source.allowPrivateNetwork ? 1 : 0), updated_at = \(bind: now)
            WHERE id = \(bind: source.id)
            """).run()
        if urlChanged {
            try await sql.raw("""
                UPDATE listening_sources SET etag = NULL, last_modified = NULL, status = 'pending', last_error = NULL,
                    consecutive_failures = 0, next_attempt_at = \(bind: now) WHERE id = \(bind: source.id)
                """).run()
        }
    }

    /// A push source with its secret, whatever its brand (the signature says who may push to it).
    func pushSource(_ id: Int64, on sql: any SQLDatabase) async throws -> (FeedSource, secret: String)? {
        guard let row = try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns), push_secret FROM listening_sources WHERE id = \(bind: id) AND kind = 'push'
            """).first(), let secret: String = try row.optional("push_secret") else { return nil }
        return (try Self.decode(row), secret)
    }

    /// Records a push that was received.
    func recordPush(_ id: Int64, newPosts: Int, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE listening_sources SET status = 'ok', last_error = NULL, last_polled_at = \(bind: now), last_success_at = \(bind: now),
                posts_read = posts_read + \(bind: Int64(newPosts)) WHERE id = \(bind: id)
            """).run()
    }

    /// Records a poll that read the feed (or heard it had not changed).
    func recordSuccess(_ source: FeedSource, validators: FetchValidators?, newPosts: Int, now: Int64, on sql: any SQLDatabase) async throws {
        let next = PollSchedule.afterSuccess(at: now, intervalMinutes: source.pollIntervalMinutes)
        if let validators {
            try await sql.raw("""
                UPDATE listening_sources SET etag = \(bind: validators.etag), last_modified = \(bind: validators.lastModified)
                WHERE id = \(bind: source.id)
                """).run()
        }
        try await sql.raw("""
            UPDATE listening_sources SET status = 'ok', last_error = NULL, consecutive_failures = 0, last_polled_at = \(bind: now),
                last_success_at = \(bind: now), next_attempt_at = \(bind: next), posts_read = posts_read + \(bind: Int64(newPosts))
            WHERE id = \(bind: source.id)
            """).run()
    }

    /// Records a failed poll and backs off.
    func recordFailure(_ source: FeedSource, message: String, now: Int64, on sql: any SQLDatabase) async throws {
        let failures = source.consecutiveFailures + 1
        let next = PollSchedule.afterFailure(at: now, intervalMinutes: source.pollIntervalMinutes, failures: failures)
        try await sql.raw("""
            UPDATE listening_sources SET status = 'failing', last_error = \(bind: String(message.prefix(1_000))),
                consecutive_failures = \(bind: failures), last_polled_at = \(bind: now), next_attempt_at = \(bind: next)
            WHERE id = \(bind: source.id)
            """).run()
    }

    /// Deletes the source with its posts and their mentions.
    func delete(_ id: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            DELETE FROM listening_mentions WHERE post_id IN (SELECT id FROM listening_posts WHERE source_id = \(bind: id))
            """).run()
        try await sql.raw("DELETE FROM listening_mentions WHERE source_id = \(bind: id)").run()
        try await sql.raw("DELETE FROM listening_posts WHERE source_id = \(bind: id)").run()
        try await sql.raw("DELETE FROM listening_sources WHERE id = \(bind: id)").run()
    }

    static func decode(_ row: any SQLRow) throws -> FeedSource {
        FeedSource(
            id: try row.decode(column: "id", as: Int64.self),
            organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            kind: FeedSourceKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .feed,
            url: try row.decode(column: "url", as: String.self),
            label: try row.decode(column: "label", as: String.self),
            pollIntervalMinutes: try row.decode(column: "poll_interval_minutes", as: Int.self),
            enabled: try row.flag("enabled"),
            allowPrivateNetwork: try row.flag("allow_private_network"),
            status: FeedSourceStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            lastError: try row.optional("last_error"),
            consecutiveFailures: try row.decode(column: "consecutive_failures", as: Int.self),
            validators: FetchValidators(etag: try row.optional("etag"), lastModified: try row.optional("last_modified")),
            lastPolledAt: try row.optional("last_polled_at"),
            lastSuccessAt: try row.optional("last_success_at"),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64.self),
            postsRead: try row.decode(column: "posts_read", as: Int64.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            updatedAt: try row.decode(column: "updated_at", as: Int64.self)
        )
    }
}
