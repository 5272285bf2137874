import Foundation
import SQLKit

/// A place (site or source) where the brand is discussed, over a period.
struct DiscussionPlace: Sendable, Equatable {
    /// The site's host, or the source's id (nil for imported posts).
    var key: String
    var sourceID: Int64?
    /// The site, or the source's label.
    var name: String
    /// Posts mentioned (a post matched by several queries counts once).
    var posts: Int
    var negative: Int
    var negativeShare: Double { posts == 0 ? 0 : Double(negative) / Double(posts) }
}

/// One brand or competitor query's share of the mentions of all of them.
struct VoiceShare: Sendable, Equatable {
    var queryID: Int64
    var name: String
    var kind: ListeningQueryKind
    var mentions: Int
    /// mentions ÷ the mentions of every brand and competitor query (0 when there are none).
    var share: Double
}

/// One day of share of voice: each query's mentions that day.
struct VoiceDay: Sendable, Equatable {
    var day: String
    var mentions: [Int64: Int]
}

/// An author by volume, with the sentiment of their posts.
struct TopAuthor: Sendable, Equatable {
    var author: String
    var posts: Int
    var positive: Int
    var neutral: Int
    var negative: Int
    /// The member recognised as this author, if any.
    var memberID: Int64?
}

/// Where and by whom the brand is discussed, and its share of voice: aggregate reads of the
/// mentions over a period, all on the mentions' published time.
struct ListeningReports: Sendable {
    let database: Database

    /// Order of the places.
    enum PlaceOrder: String, Sendable {
        /// Most posts first.
        case posts
        /// Highest negative share first (among places with at least `minPosts` posts).
        case negativeShare
    }

    /// Sites (`bySource` false: the host of the posts' URLs, without `www.`) or sources (true) ranked over `since ..< until`, for one query or all.
    func places(access: BrandAccess, bySource: Bool, queryID: Int64?, since: Int64, until: Int64, order: PlaceOrder,
                minPosts: Int, limit: Int) async throws -> [DiscussionPlace] {
        try access.require(.readListening)
        return try await database.readOnly { sql in
            let onlyQuery: SQLQueryString = queryID.map { "AND m.query_id = \(bind: $0)" } ?? ""
            let key: SQLQueryString = bySource ? "m.source_id" : "p.host"
            let rows = try await sql.raw("""
                SELECT \(key) AS place, COUNT(DISTINCT m.post_id) AS posts,
                       COUNT(DISTINCT CASE WHEN m.sentiment = 'negative' THEN m.post_id END) AS negative
                FROM listening_mentions m JOIN listening_posts p ON p.id = m.post_id
                WHERE m.brand_id = \(bind: access.brandID) AND m.published_at >= \(bind: since) AND m.published_at < \(bind: until) \(onlyQuery)
                GROUP BY \(key)
                """).all()
            let labels: [Int64: String] = bySource ? Dictionary(
                try await sql.raw("SELECT id, label FROM listening_sources WHERE brand_id = \(bind: access.brandID)").all().map {
                    (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "label", as: String.self))
                }, uniquingKeysWith: { first, _ in first }) : [:]
            var places: [DiscussionPlace] = try rows.map { row in
                let posts = try row.decode(column: "posts", as: Int.self)
                let negative = try row.decode(column: "negative", as: Int.self)
                if bySource {
                    let id: Int64? = try row.optional("place")
                    return DiscussionPlace(key: id.map(String.init) ?? "import", sourceID: id, name: id.flatMap { labels[$0] } ?? "", posts: posts, negative: negative)
                }
                var host: String = try row.optional("place") ?? ""
                if host.hasPrefix("www.") { host.removeFirst(4) }
                return DiscussionPlace(key: host, sourceID: nil, name: host, posts: posts, negative: negative)
            }
            if !bySource {
                // `www.example.com` and `example.com` are one site: a post has one host, so their counts add up exactly.
                var merged: [String: DiscussionPlace] = [:]
                for place in places {
                    merged[place.key, default: DiscussionPlace(key: place.key, sourceID: nil, name: place.name, posts: 0, negative: 0)].posts += place.posts
                    merged[place.key]?.negative += place.negative
                }
                places = Array(merged.values)
            }
            switch order {
            case .posts:
                places.sort { ($0.posts, $1.key) > ($1.posts, $0.key) }
            case .negativeShare:
                places = places.filter { $0.posts >= minPosts }
                places.sort { ($0.negativeShare, $0.posts, $1.key) > ($1.negativeShare, $1.posts, $0.key) }
            }
            return Array(places.prefix(limit))
        }
    }

    /// Each brand and competitor query's mentions and share over the period, and per day (UTC).
    func shareOfVoice(access: BrandAccess, since: Int64, until: Int64) async throws -> (shares: [VoiceShare], days: [VoiceDay]) {
        try access.require(.readListening)
        return try await database.readOnly { sql in
            let queries = try await ListeningQueryStore().queries(brandID: access.brandID, on: sql).filter { $0.kind == .brand || $0.kind == .competitor }
            guard !queries.isEmpty else { return ([], []) }
            let rows = try await sql.raw("""
                SELECT m.query_id, m.published_at / 86400000 AS day, COUNT(*) AS mentions
                FROM listening_mentions m JOIN listening_queries q ON q.id = m.query_id
                WHERE m.brand_id = \(bind: access.brandID) AND q.kind IN ('brand', 'competitor')
                  AND m.published_at >= \(bind: since) AND m.published_at < \(bind: until)
                GROUP BY m.query_id, m.published_at / 86400000
                ORDER BY day
                """).all()
            var totals: [Int64: Int] = [:]
            var perDay: [Int64: [Int64: Int]] = [:]
            for row in rows {
                let query = try row.decode(column: "query_id", as: Int64.self)
                let day = try row.decode(column: "day", as: Int64.self)
                let count = try row.decode(column: "mentions", as: Int.self)
                totals[query, default: 0] += count
                perDay[day, default: [:]][query] = count
            }
            let all = totals.values.reduce(0, +)
            let shares = queries.map { query in
                VoiceShare(queryID: query.id, name: query.name, kind: query.kind, mentions: totals[query.id] ?? 0,
                           share: all == 0 ? 0 : Double(totals[query.id] ?? 0) / Double(all))
            }.sorted { ($0.mentions, $1.queryID) > ($1.mentions, $0.queryID) }
            let days = perDay.keys.sorted().map { day in
                VoiceDay(day: String(Clock.iso(day * Clock.dayMillis).prefix(10)), mentions: perDay[day] ?? [:])
            }
            return (shares, days)
        }
    }

    /// The authors with the most posts mentioned over the period, with their sentiment mix.
    func topAuthors(access: BrandAccess, queryID: Int64?, since: Int64, until: Int64, limit: Int) async throws -> [TopAuthor] {
        try access.require(.readListening)
        return try await database.readOnly { sql in
            let onlyQuery: SQLQueryString = queryID.map { "AND m.query_id = \(bind: $0)" } ?? ""
            return try await sql.raw("""
                SELECT p.author, COUNT(DISTINCT m.post_id) AS posts,
                       COUNT(DISTINCT CASE WHEN m.sentiment = 'positive' THEN m.post_id END) AS positive,
                       COUNT(DISTINCT CASE WHEN m.sentiment = 'neutral' THEN m.post_id END) AS neutral,
                       COUNT(DISTINCT CASE WHEN m.sentiment = 'negative' THEN m.post_id END) AS negative,
                       MAX(p.member_id) AS member_id
                FROM listening_mentions m JOIN listening_posts p ON p.id = m.post_id
                WHERE m.brand_id = \(bind: access.brandID) AND p.author <> '' AND m.published_at >= \(bind: since) AND m.published_at < \(bind: until) \(onlyQuery)
                GROUP BY p.author
                ORDER BY COUNT(DISTINCT m.post_id) DESC, p.author
                LIMIT \(bind: limit)
                """).all().map { row in
                TopAuthor(author: try row.decode(column: "author", as: String.self), posts: try row.decode(column: "posts", as: Int.self),
                          positive: try row.decode(column: "positive", as: Int.self), neutral: try row.decode(column: "neutral", as: Int.self),
                          negative: try row.decode(column: "negative", as: Int.self), memberID: try row.optional("member_id"))
            }
        }
    }
}
