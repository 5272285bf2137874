import Foundation
import Listening
import SQLKit

/// Stores new posts of a brand once and turns their matches into mentions: each post is
/// analysed (keys, language, sentiment, queries) outside the transaction, then inserted unless
/// its canonical URL or its normalised text is already known for the brand, and matched once,
/// as it arrives, against every query of the brand.
struct PostIngestion: Sendable {
    let queries: ListeningQueryStore
    var authors = MentionAuthors()

    /// Language and sentiment scoring, loaded once per process from the Listening module's bundled
    /// lexicons. Nil only if the package was installed without them: posts are then all neutral.
    static let analyzer: SentimentAnalyzer? = try? SentimentAnalyzer()

    /// What one batch added.
    struct Outcome: Sendable, Equatable {
        var newPosts = 0
        var duplicates = 0
        var newMentions = 0
        /// New posts whose author is a known member.
        var linkedToMembers = 0
    }

    /// The brand's queries that parse, compiled for matching.
    func matcher(brandID: Int64, on sql: any SQLDatabase) async throws -> QueryMatcher<Int64> {
        let stored = try await queries.queries(brandID: brandID, on: sql)
        return QueryMatcher(queries: stored.compactMap { query in (try? query.parsed.get()).map { (id: query.id, query: $0) } })
    }

    /// Analyses `posts` (pure work, before any transaction).
    func analyse(_ posts: [IncomingPost], sourceID: Int64?, matcher: QueryMatcher<Int64>, now: Int64) -> [AnalysedPost] {
        let analyzer = Self.analyzer
        return posts.map { AnalysedPost($0, sourceID: sourceID, matcher: matcher, analyzer: analyzer, now: now) }
    }

    /// Inserts the posts not already known and their mentions, in the caller's transaction.
    func store(_ posts: [AnalysedPost], organisationID: Int64, brandID: Int64, sourceID: Int64?, now: Int64,
               on sql: any SQLDatabase) async throws -> Outcome {
        var outcome = Outcome()
        var seenURLs = Set<String>()
        var seenTexts = Set<String>()
        for post in posts {
            if seenURLs.contains(post.urlKey) || post.textKey.map(seenTexts.contains) == true {
                outcome.duplicates += 1
                continue
            }
            seenURLs.insert(post.urlKey)
            if let textKey = post.textKey { seenTexts.insert(textKey) }
            let known = try await sql.raw("""
                SELECT id FROM listening_posts WHERE brand_id = \(bind: brandID)
                  AND (url_key = \(bind: post.urlKey) OR text_key = \(bind: post.textKey ?? "-"))
                LIMIT 1
                """).first()
            guard known == nil else {
                outcome.duplicates += 1
                continue
            }
            let memberID = try await authors.member(post.authorKeys, organisationID: organisationID, brandID: brandID, on: sql)
            guard let row = try await sql.raw("""
                INSERT INTO listening_posts (organisation_id, brand_id, source_id, url_key, text_key, url, host, title, body, author, language,
                                             sentiment, sentiment_score, published_at, read_at, member_id, author_email, author_url,
                                             author_email_key, author_social_key)
                VALUES (\(bind: organisationID), \(bind: brandID), \(bind: sourceID), \(bind: post.urlKey), \(bind: post.textKey),
                        \(bind: post.post.url?.absoluteString), \(bind: post.host), \(bind: post.post.title), \(bind: post.post.text),
                        \(bind: post.post.author), \(bind: post.language), \(bind: post.sentiment.label.rawValue), \(bind: post.sentiment.score),
                        \(bind: post.publishedAt), \(bind: now), \(bind: memberID), \(bind: post.post.authorEmail), \(bind: post.post.authorURL),
                        \(bind: post.authorKeys.email), \(bind: post.authorKeys.socialKey))
                RETURNING id
                """).first() else { continue }
            let postID = try row.decode(column: "id", as: Int64.self)
            outcome.newPosts += 1
            if memberID != nil { outcome.linkedToMembers += 1 }
            for match in post.matches {
                let highlights = String(decoding: try JSONEncoder().encode(post.highlights(of: match)), as: UTF8.self)
                try await sql.raw("""
                    INSERT INTO listening_mentions (organisation_id, brand_id, query_id, post_id, source_id, language, sentiment, sentiment_score,
                                                    highlights, published_at, created_at)
                    VALUES (\(bind: organisationID), \(bind: brandID), \(bind: match.queryID), \(bind: postID), \(bind: sourceID), \(bind: post.language),
                            \(bind: post.sentiment.label.rawValue), \(bind: post.sentiment.score), \(bind: highlights), \(bind: post.publishedAt), \(bind: now))
                    """).run()
                outcome.newMentions += 1
            }
        }
        return outcome
    }
}
