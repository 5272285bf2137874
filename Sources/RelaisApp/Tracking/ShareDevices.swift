import Hummingbird
import HTTPTypes
import SQLKit

/// The browsers a member is known to use on a brand (`share_devices`): a click on the member's
/// own share link from one of them is not counted, and an entry from one of them through the
/// member's link is a self-referral. A browser becomes known when the member enters from it
/// (the entry records it; the hosted form gives a browser without the cookie one with its entry)
/// and when they open their own space, where they take their share links.
struct ShareDevices: Sendable {
    let database: Database
    let secureCookies: Bool

    /// Records the request's browser (its `rv` cookie) as one of the member's on the brand; when
    /// it has none, mints one and returns the `Set-Cookie` to send with the answer.
    func remember(_ request: Request, memberID: Int64, brandID: Int64, now: Int64 = Clock.nowMillis()) async throws -> HTTPField? {
        var visitor = request.cookies[ShareVisitor.cookie]?.value ?? ""
        var setCookie: HTTPField? = nil
        if !ShareVisitor.isWellFormed(visitor) {
            visitor = ShareVisitor.newID()
            setCookie = ShareVisitor.cookieField(visitor, secure: secureCookies)
        }
        let hash = ShareVisitor.hash(visitor)
        // Read first: a member opens their space often, and a known browser needs no write transaction. An id
        // just minted is nobody's yet.
        var known = false
        if setCookie == nil {
            known = try await database.readOnly { sql in try await Self.isKnown(hash, brandID: brandID, of: [memberID], on: sql) }
        }
        if !known {
            try await database.transaction { sql in try await Self.record(hash, brandID: brandID, memberID: memberID, now: now, on: sql) }
        }
        return setCookie
    }

    /// Remembers the browser as one of the member's on the brand (once).
    static func record(_ visitorHash: String, brandID: Int64, memberID: Int64, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO share_devices (brand_id, visitor_hash, member_id, seen_at) VALUES (\(bind: brandID), \(bind: visitorHash), \(bind: memberID), \(bind: now))
            ON CONFLICT (brand_id, visitor_hash, member_id) DO NOTHING
            """).run()
    }

    /// Whether the browser is known as one of these members' on the brand.
    static func isKnown(_ visitorHash: String, brandID: Int64, of memberIDs: [Int64], on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("""
            SELECT 1 AS found FROM share_devices WHERE brand_id = \(bind: brandID) AND visitor_hash = \(bind: visitorHash)
              AND member_id IN (\(SQLList(memberIDs.map { SQLBind($0) })))
            """).first() != nil
    }
}
