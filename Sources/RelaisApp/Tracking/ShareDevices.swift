import Hummingbird
import HTTPTypes
import SQLKit

/// The browsers a member is known to use on a brand (`share_devices`): a click on the member's
/// own share link from one of them is not counted, and an entry from one of them through the
/// member's link is a self-referral. A browser becomes known when the member enters from it
/// (`ShareAttribution`) and when they open their own space, where they take their share links.
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
            setCookie = HTTPField(name: .setCookie, value: ShareVisitor.setCookie(name: ShareVisitor.cookie, value: visitor,
                                                                                 maxAge: ShareVisitor.maxAgeSeconds, secure: secureCookies))
        }
        let hash = ShareVisitor.hash(visitor)
        let known = try await database.readOnly { sql in
            try await sql.raw("""
                SELECT 1 AS found FROM share_devices WHERE brand_id = \(bind: brandID) AND visitor_hash = \(bind: hash) AND member_id = \(bind: memberID)
                """).first() != nil
        }
        if !known {
            try await database.transaction { sql in
                try await sql.raw("""
                    INSERT INTO share_devices (brand_id, visitor_hash, member_id, seen_at) VALUES (\(bind: brandID), \(bind: hash), \(bind: memberID), \(bind: now))
                    ON CONFLICT (brand_id, visitor_hash, member_id) DO NOTHING
                    """).run()
            }
        }
        return setCookie
    }
}
