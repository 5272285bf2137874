import Foundation
import SQLKit

/// Finds the member who wrote a post, among the brand's members: an e-mail identity with the same
/// match key, or a social identity of the same network and handle (`PostAuthorKeys`). Erased and
/// merged-away profiles are never found (their identities are gone or moved).
struct MentionAuthors: Sendable {
    /// The brand's member with one of these keys, or nil (several matches: the oldest profile).
    func member(_ keys: PostAuthorKeys, organisationID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> Int64? {
        guard !keys.isEmpty else { return nil }
        var conditions: [SQLQueryString] = []
        if let email = keys.email { conditions.append("(i.kind = 'email' AND i.match_key = \(bind: email))") }
        if let social = keys.social {
            conditions.append("(i.kind = 'social' AND i.namespace = \(bind: social.network) AND i.match_key = \(bind: social.handle))")
        }
        let statement: SQLQueryString = """
            SELECT i.member_id FROM member_identities i
            JOIN member_brands b ON b.member_id = i.member_id AND b.brand_id = \(bind: brandID)
            JOIN members m ON m.id = i.member_id AND m.erased_at IS NULL AND m.merged_into_id IS NULL
            WHERE i.organisation_id = \(bind: organisationID) AND (\(conditions.joined(separator: " OR ")))
            ORDER BY i.member_id LIMIT 1
            """
        return try await sql.raw(statement).first().map { try $0.decode(column: "member_id", as: Int64.self) }
    }

    /// Links the brand's posts written under one of these identities and linked to nobody yet to
    /// the member who now holds them (an e-mail or social identity gained after the posts came).
    @discardableResult
    func linkEarlierPosts(memberID: Int64, brandID: Int64, identities: [IdentityKey], on sql: any SQLDatabase) async throws -> Int {
        let emails = identities.filter { $0.kind == .email }.map(\.matchKey)
        let socials = identities.filter { $0.kind == .social }.map { "\($0.namespace):\($0.matchKey)" }
        var conditions: [SQLQueryString] = []
        if !emails.isEmpty { conditions.append("author_email_key IN (\(SQLList(emails.map { SQLBind($0) })))") }
        if !socials.isEmpty { conditions.append("author_social_key IN (\(SQLList(socials.map { SQLBind($0) })))") }
        guard !conditions.isEmpty else { return 0 }
        // Entries come in groups of many new members, and most brands have no post waiting for its author:
        // a group asks once whether the brand has any.
        if let group = WorkGroup.current, try await !group.remember("unlinked posts \(brandID)", {
            try await sql.raw("SELECT id FROM listening_posts WHERE brand_id = \(bind: brandID) AND member_id IS NULL LIMIT 1").first() != nil
        }) {
            return 0
        }
        try await WorkGroup.current?.writeKept(on: sql)  // the member may be one the group kept
        return try await sql.raw("""
            UPDATE listening_posts SET member_id = \(bind: memberID)
            WHERE brand_id = \(bind: brandID) AND member_id IS NULL AND (\(conditions.joined(separator: " OR ")))
            RETURNING id
            """).all().count
    }

    /// A member's mentions for the member page: newest first, at most `limit`.
    func mentions(memberID: Int64, brandID: Int64, limit: Int, on sql: any SQLDatabase) async throws -> [Mention] {
        try await sql.raw("""
            SELECT m.id, m.query_id, q.name AS query_name, m.post_id, m.source_id, s.label AS source_label, p.url, p.host, p.title, p.body,
                   p.author, p.member_id, m.language, m.sentiment, m.sentiment_score, m.highlights, m.published_at, m.created_at
            FROM listening_posts p
            JOIN listening_mentions m ON m.post_id = p.id
            JOIN listening_queries q ON q.id = m.query_id
            LEFT JOIN listening_sources s ON s.id = m.source_id
            WHERE p.member_id = \(bind: memberID) AND p.brand_id = \(bind: brandID)
            ORDER BY m.published_at DESC, m.id DESC LIMIT \(bind: limit)
            """).all().map(MentionReader.decode)
    }
}
