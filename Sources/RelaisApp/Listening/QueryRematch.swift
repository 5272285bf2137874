import Foundation
import Listening
import Logging
import SQLKit

/// Matches the posts already stored from the last 30 days against a query that was just created or
/// changed, so that a new query is not empty: in the background, 500 posts at a time, each batch
/// read and matched outside any transaction and its mentions written in one short transaction.
/// The work left is a row of `listening_rematches` (which post it stopped after), so it resumes
/// after a restart; a change of the query during a run starts it again from the first post.
struct QueryRematch: Sendable {
    let database: Database
    let queries: ListeningQueryStore
    let logger: Logger

    /// How far back posts are matched again.
    static let days = 30
    /// Posts per batch.
    static let batch = 500

    /// Asks for the query's posts to be matched again (in the caller's transaction). When the
    /// query's text changed, the mentions its old text found in the same window go first, so
    /// that the window shows what the new text finds; older mentions stay as they were found.
    func request(queryID: Int64, brandID: Int64, textChanged: Bool = false, now: Int64, on sql: any SQLDatabase) async throws {
        let since = now - Int64(Self.days) * Clock.dayMillis
        if textChanged {
            try await sql.raw("""
                DELETE FROM listening_mentions WHERE query_id = \(bind: queryID) AND brand_id = \(bind: brandID) AND published_at >= \(bind: since)
                """).run()
        }
        try await sql.raw("DELETE FROM listening_rematches WHERE query_id = \(bind: queryID)").run()
        try await sql.raw("""
            INSERT INTO listening_rematches (query_id, brand_id, since, after_post_id, matched, status, requested_at)
            VALUES (\(bind: queryID), \(bind: brandID), \(bind: since), 0, 0, 'pending', \(bind: now))
            """).run()
    }

    /// Runs one batch of every pending re-match; returns the mentions added.
    @discardableResult
    func runDue(now: Int64 = Clock.nowMillis()) async throws -> Int {
        let pending = try await database.readOnly { sql in
            try await sql.raw("""
                SELECT query_id, brand_id, since, after_post_id, requested_at FROM listening_rematches WHERE status = 'pending' ORDER BY requested_at LIMIT 10
                """).all().map { row in
                (query: try row.decode(column: "query_id", as: Int64.self), brand: try row.decode(column: "brand_id", as: Int64.self),
                 since: try row.decode(column: "since", as: Int64.self), after: try row.decode(column: "after_post_id", as: Int64.self),
                 requestedAt: try row.decode(column: "requested_at", as: Int64.self))
            }
        }
        var added = 0
        for job in pending {
            added += try await runBatch(queryID: job.query, brandID: job.brand, since: job.since, after: job.after, requestedAt: job.requestedAt, now: now)
        }
        return added
    }

    /// Runs every batch of every pending re-match until none is left (tests, the demo).
    func runToEnd(now: Int64 = Clock.nowMillis()) async throws {
        for _ in 0..<10_000 {
            let left = try await database.readOnly { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM listening_rematches WHERE status = 'pending'").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            if left == 0 { return }
            try await runDue(now: now)
        }
    }

    private struct StoredPost: Sendable {
        var id: Int64
        var sourceID: Int64?
        var post: ListeningPost
        var sentiment: String
        var score: Double
        var publishedAt: Int64
    }

    private func runBatch(queryID: Int64, brandID: Int64, since: Int64, after: Int64, requestedAt: Int64, now: Int64) async throws -> Int {
        let read = try await database.readOnly { sql -> (ListeningQuery?, [StoredPost]) in
            guard let query = try await queries.query(queryID, brandID: brandID, on: sql) else { return (nil, []) }
            let posts = try await sql.raw("""
                SELECT id, source_id, title, body, author, host, language, sentiment, sentiment_score, published_at FROM listening_posts
                WHERE brand_id = \(bind: brandID) AND id > \(bind: after) AND published_at >= \(bind: since)
                ORDER BY id LIMIT \(bind: Self.batch)
                """).all().map { row in
                StoredPost(id: try row.decode(column: "id", as: Int64.self), sourceID: try row.optional("source_id"),
                           post: ListeningPost(title: try row.decode(column: "title", as: String.self), text: try row.decode(column: "body", as: String.self),
                                               author: try row.decode(column: "author", as: String.self), host: try row.decode(column: "host", as: String.self),
                                               language: try row.optional("language")),
                           sentiment: try row.decode(column: "sentiment", as: String.self), score: try row.decode(column: "sentiment_score", as: Double.self),
                           publishedAt: try row.decode(column: "published_at", as: Int64.self))
            }
            return (query, posts)
        }
        guard let query = read.0, case .success(let parsed) = query.parsed else {
            // The query is gone or no longer parses: nothing to match.
            try await database.transaction { sql in try await finish(queryID, requestedAt: requestedAt, now: now, on: sql) }
            return 0
        }
        let matcher = QueryMatcher(queries: [(id: query.id, query: parsed)])
        var found: [(post: StoredPost, highlights: String)] = []
        for stored in read.1 {
            guard let match = matcher.match(stored.post).first else { continue }
            let highlights = match.highlights.map { highlight in
                let range = highlight.utf16Range(in: stored.post)
                return MentionHighlight(field: highlight.field.rawValue, start: range.lowerBound, end: range.upperBound,
                                        text: String(stored.post.text(of: highlight.field)[highlight.range(in: stored.post)]))
            }
            found.append((stored, String(decoding: try JSONEncoder().encode(highlights), as: UTF8.self)))
        }
        let last = read.1.last?.id ?? after
        let done = read.1.count < Self.batch
        let matches = found
        return try await database.transaction { sql in
            // Another run (or a new change of the query) moved on since the read: leave the work to it.
            guard try await sql.raw("""
                SELECT query_id FROM listening_rematches WHERE query_id = \(bind: queryID) AND after_post_id = \(bind: after)
                  AND requested_at = \(bind: requestedAt) AND status = 'pending'
                """).first() != nil else { return 0 }
            var added = 0
            for (stored, highlights) in matches {
                let row = try await sql.raw("""
                    INSERT INTO listening_mentions (organisation_id, brand_id, query_id, post_id, source_id, language, sentiment, sentiment_score,
                                                    highlights, published_at, created_at)
                    VALUES (\(bind: query.organisationID), \(bind: brandID), \(bind: queryID), \(bind: stored.id), \(bind: stored.sourceID),
                            \(bind: stored.post.language), \(bind: stored.sentiment), \(bind: stored.score), \(bind: highlights), \(bind: stored.publishedAt), \(bind: now))
                    ON CONFLICT (query_id, post_id) DO NOTHING RETURNING id
                    """).first()
                if row != nil { added += 1 }
            }
            try await sql.raw("""
                UPDATE listening_rematches SET after_post_id = \(bind: last), matched = matched + \(bind: Int64(added)) WHERE query_id = \(bind: queryID)
                """).run()
            if done { try await finish(queryID, requestedAt: requestedAt, now: now, on: sql) }
            return added
        }
    }

    private func finish(_ queryID: Int64, requestedAt: Int64, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE listening_rematches SET status = 'done', finished_at = \(bind: now) WHERE query_id = \(bind: queryID) AND requested_at = \(bind: requestedAt)
            """).run()
    }

    /// Where the re-match of a query stands: `pending` with the mentions found so far, `done`, or nil.
    func progress(queryID: Int64, on sql: any SQLDatabase) async throws -> (status: String, matched: Int64)? {
        try await sql.raw("SELECT status, matched FROM listening_rematches WHERE query_id = \(bind: queryID)").first().map {
            (try $0.decode(column: "status", as: String.self), try $0.decode(column: "matched", as: Int64.self))
        }
    }
}
