import Foundation
import SQLKit

/// A post matched by one of the brand's queries, as the stream shows it.
struct Mention: Sendable, Equatable {
    var id: Int64
    var queryID: Int64
    var queryName: String
    var postID: Int64
    var sourceID: Int64?
    var sourceLabel: String?
    var url: String?
    var host: String
    var title: String
    var text: String
    var author: String
    /// The member who wrote the post, when recognised (shown only to staff who may read members).
    var memberID: Int64?
    var language: String?
    var sentiment: String
    var sentimentScore: Double
    var highlights: [MentionHighlight]
    var publishedAt: Int64
    var createdAt: Int64
}

/// Filters of the mention stream; nil means any.
struct MentionFilter: Sendable, Equatable {
    var queryID: Int64?
    var sentiment: String?
    var sourceID: Int64?
    var language: String?
    /// Published at or after (epoch ms).
    var since: Int64?
    /// Published before (epoch ms).
    var until: Int64?

    /// Reads `query`, `sentiment`, `source`, `language`, `since` and `until` (ISO 8601 date or date-time).
    init(query: [String: String]) throws {
        func id(_ name: String) throws -> Int64? {
            guard let text = query[name], !text.isEmpty else { return nil }
            guard let value = Int64(text), value > 0 else { throw AppError.invalid(name, "must be a positive whole number") }
            return value
        }
        func time(_ name: String) throws -> Int64? {
            guard let text = query[name], !text.isEmpty else { return nil }
            guard let value = Clock.parseDay(text) ?? Clock.parseISO(text) else {
                throw AppError.invalid(name, "must be a date (YYYY-MM-DD) or an ISO 8601 date-time")
            }
            return value
        }
        queryID = try id("query")
        sourceID = try id("source")
        since = try time("since")
        until = try time("until")
        if let value = query["sentiment"], !value.isEmpty {
            guard ["negative", "neutral", "positive"].contains(value) else {
                throw AppError.invalid("sentiment", "must be one of negative, neutral, positive")
            }
            sentiment = value
        }
        if let value = query["language"], !value.isEmpty {
            guard value.count <= 8, value.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw AppError.invalid("language", "must be a language code such as fr or en") }
            language = value.lowercased()
        }
    }

    /// No filter.
    init() {}
}

/// One day of one query in the statistics.
struct MentionDay: Sendable, Equatable {
    var queryID: Int64
    /// `YYYY-MM-DD`, UTC.
    var day: String
    var mentions: Int
    var negative: Int
}

/// Reads the mention stream and its statistics.
struct MentionReader: Sendable {
    let database: Database

    /// A page of the brand's mentions, newest first, after the cursor (a mention id).
    func mentions(access: BrandAccess, filter: MentionFilter, page: PageRequest) async throws -> (items: [Mention], nextCursor: String?) {
        try access.require(.readListening)
        let fetched = try await database.readOnly { sql in
            var conditions: [SQLQueryString] = ["m.brand_id = \(bind: access.brandID)"]
            if let after = page.afterID { conditions.append("m.id < \(bind: after)") }
            if let query = filter.queryID { conditions.append("m.query_id = \(bind: query)") }
            if let sentiment = filter.sentiment { conditions.append("m.sentiment = \(bind: sentiment)") }
            if let source = filter.sourceID { conditions.append("m.source_id = \(bind: source)") }
            if let language = filter.language { conditions.append("m.language = \(bind: language)") }
            if let since = filter.since { conditions.append("m.published_at >= \(bind: since)") }
            if let until = filter.until { conditions.append("m.published_at < \(bind: until)") }
            let whereClause = conditions.joined(separator: " AND ")
            let statement: SQLQueryString = """
                SELECT m.id, m.query_id, q.name AS query_name, m.post_id, m.source_id, s.label AS source_label, p.url, p.host, p.title, p.body,
                       p.author, p.member_id, m.language, m.sentiment, m.sentiment_score, m.highlights, m.published_at, m.created_at
                FROM listening_mentions m
                JOIN listening_posts p ON p.id = m.post_id
                JOIN listening_queries q ON q.id = m.query_id
                LEFT JOIN listening_sources s ON s.id = m.source_id
                WHERE \(whereClause)
                ORDER BY m.id DESC LIMIT \(bind: page.limit + 1)
                """
            return try await sql.raw(statement).all().map(Self.decode)
        }
        return page.trimmed(fetched, id: \.id)
    }

    /// Mentions and negative mentions per day (UTC) and per query, over `since` ..< `until`.
    func statistics(access: BrandAccess, queryID: Int64?, since: Int64, until: Int64) async throws -> [MentionDay] {
        try access.require(.readListening)
        return try await database.readOnly { sql in
            // The day is an integer division by a literal, the same expression in SELECT and GROUP BY on both engines.
            let onlyQuery: SQLQueryString = queryID.map { "AND query_id = \(bind: $0)" } ?? ""
            let statement: SQLQueryString = """
                SELECT query_id, published_at / 86400000 AS day, COUNT(*) AS mentions,
                       CAST(SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END) AS BIGINT) AS negative
                FROM listening_mentions
                WHERE brand_id = \(bind: access.brandID) AND published_at >= \(bind: since) AND published_at < \(bind: until) \(onlyQuery)
                GROUP BY query_id, published_at / 86400000
                ORDER BY day, query_id
                """
            let rows = try await sql.raw(statement).all()
            return try rows.map { row in
                let day = try row.decode(column: "day", as: Int64.self)
                return MentionDay(queryID: try row.decode(column: "query_id", as: Int64.self),
                                  day: String(Clock.iso(day * Clock.dayMillis).prefix(10)),
                                  mentions: try row.decode(column: "mentions", as: Int.self),
                                  negative: try row.decode(column: "negative", as: Int.self))
            }
        }
    }

    static func decode(_ row: any SQLRow) throws -> Mention {
        let highlights = try row.decode(column: "highlights", as: String.self)
        return Mention(
            id: try row.decode(column: "id", as: Int64.self),
            queryID: try row.decode(column: "query_id", as: Int64.self),
            queryName: try row.decode(column: "query_name", as: String.self),
            postID: try row.decode(column: "post_id", as: Int64.self),
            sourceID: try row.optional("source_id"),
            sourceLabel: try row.optional("source_label"),
            url: try row.optional("url"),
            host: try row.decode(column: "host", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            text: try row.decode(column: "body", as: String.self),
            author: try row.decode(column: "author", as: String.self),
            memberID: try row.optional("member_id"),
            language: try row.optional("language"),
            sentiment: try row.decode(column: "sentiment", as: String.self),
            sentimentScore: try row.decode(column: "sentiment_score", as: Double.self),
            highlights: (try? JSONDecoder().decode([MentionHighlight].self, from: Data(highlights.utf8))) ?? [],
            publishedAt: try row.decode(column: "published_at", as: Int64.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self)
        )
    }
}
