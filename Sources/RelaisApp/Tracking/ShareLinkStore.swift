import Foundation
import SQLKit

/// Share links in the database: made once per member and target, found by code.
struct ShareLinkStore: Sendable {
    let database: Database
    let publicBaseURL: String
    /// Redirects read recently, by code (see `redirect(code:)`).
    var redirects = ShareLinkStore.redirectCache()

    /// An empty cache of redirects.
    static func redirectCache() -> ExpiringCache<String, ShareRedirect> {
        ExpiringCache(lifetimeMillis: redirectLifetimeMillis, capacity: 200_000)
    }

    /// The member's link to `target`, made on first request; `created` is false when it already existed.
    func link(memberID: Int64, target: ShareTarget, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> (link: ShareLink, created: Bool) {
        let address: String
        var activationID: Int64? = nil
        switch target {
        case .activation(let id):
            let found = try await database.readOnly { sql in
                try await sql.raw("""
                    SELECT a.slug, b.slug AS brand_slug FROM activations a JOIN brands b ON b.id = a.brand_id
                    WHERE a.id = \(bind: id) AND \(ActivationStore.scope(access))
                    """).first()
            }
            guard let found else { throw AppError.notFound("activation") }
            address = "\(publicBaseURL)/a/\(try found.decode(column: "brand_slug", as: String.self))/\(try found.decode(column: "slug", as: String.self))"
            activationID = id
        case .url(let url):
            address = url
        }
        let targetAddress = address, targetActivation = activationID
        for _ in 0..<5 {
            do {
                return try await database.transaction { sql in
                    try await LoyaltyActions.requireVisible(memberID, access: access, on: sql)
                    if let existing = try await sql.raw("""
                        SELECT * FROM share_links WHERE brand_id = \(bind: access.brandID) AND member_id = \(bind: memberID) AND target_key = \(bind: target.key)
                        """).first() {
                        return (try Self.link(existing), false)
                    }
                    let code = ShareCode.random()
                    let row = try await sql.raw("""
                        INSERT INTO share_links (organisation_id, brand_id, member_id, activation_id, target_key, target_url, code, created_at)
                        VALUES (\(bind: access.organisationID), \(bind: access.brandID), \(bind: memberID), \(bind: targetActivation),
                                \(bind: target.key), \(bind: targetAddress), \(bind: code), \(bind: now))
                        RETURNING id
                        """).first()
                    let id = try row?.decode(column: "id", as: Int64.self) ?? 0
                    return (ShareLink(id: id, memberID: memberID, activationID: targetActivation, targetURL: targetAddress, code: code, createdAt: now), true)
                }
            } catch let error where UniqueViolation.matches(error) {
                // Either a simultaneous request made the same link (the next round finds it) or, very rarely, the code was taken.
                continue
            }
        }
        throw AppError.conflict("The share link could not be made; try again.")
    }

    /// One link of the member, visible to the caller, or 404.
    func link(id: Int64, memberID: Int64, access: BrandAccess) async throws -> ShareLinkStats {
        let found = try await database.readOnly { sql in
            try await LoyaltyActions.requireVisible(memberID, access: access, on: sql)
            return try await stats(where: "l.id = \(bind: id) AND l.member_id = \(bind: memberID) AND l.brand_id = \(bind: access.brandID)", on: sql).first
        }
        guard let found else { throw AppError.notFound("share link") }
        return found
    }

    /// The member's links, newest first, with their clicks, visits and conversions.
    func links(memberID: Int64, access: BrandAccess, page: PageRequest) async throws -> (items: [ShareLinkStats], nextCursor: String?) {
        try await database.readOnly { sql in
            try await LoyaltyActions.requireVisible(memberID, access: access, on: sql)
            let cursor: SQLQueryString = page.afterID.map { " AND l.id < \(bind: $0)" } ?? ""
            let items = try await stats(where: "l.brand_id = \(bind: access.brandID) AND l.member_id = \(bind: memberID)\(cursor)",
                                        limit: page.limit + 1, on: sql)
            return page.trimmed(items, id: \.link.id)
        }
    }

    /// What the redirect needs for `code`; nil when no link has it or its member was erased.
    /// Kept in memory for `redirectLifetimeMillis`: a link's target never changes, and a shared
    /// link is followed in bursts, so most redirects need no database read. An erasure or a
    /// change of the activation's title reaches the redirect within that lifetime.
    func redirect(code: String) async throws -> ShareRedirect? {
        guard ShareCode.isWellFormed(code) else { return nil }
        return try await redirects.value(for: code) { try await loadRedirect(code: code) }
    }

    /// How long a redirect stays in memory.
    static let redirectLifetimeMillis: Int64 = 30_000

    /// What the redirects of one brand and activation show of them, read once for all their links.
    private let faces = ExpiringCache<String, ShareLinkFace>(lifetimeMillis: redirectLifetimeMillis, capacity: 10_000)

    /// The link, from its own row: a query on one table and its member, cheap to plan as well as to
    /// run (a link seldom followed is read again after each lifetime).
    private func loadRedirect(code: String) async throws -> ShareRedirect? {
        let found = try await database.readOnly { sql in
            try await sql.raw("""
                SELECT l.id, l.organisation_id, l.brand_id, l.member_id, l.activation_id, l.target_url
                FROM share_links l JOIN members m ON m.id = l.member_id
                WHERE l.code = \(bind: code) AND m.erased_at IS NULL
                """).first()
        }
        guard let row = found else { return nil }
        let brandID = try row.decode(column: "brand_id", as: Int64.self)
        let activationID: Int64? = try row.optional("activation_id")
        guard let face = try await face(brandID: brandID, activationID: activationID) else { return nil }
        let target = try row.decode(column: "target_url", as: String.self)
        return ShareRedirect(
            linkID: try row.decode(column: "id", as: Int64.self), organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            brandID: brandID, memberID: try row.decode(column: "member_id", as: Int64.self),
            activationID: activationID, targetURL: target, activationSlug: face.activationSlug,
            brandName: face.brandName, brandLogo: face.brandLogo, title: face.title, description: face.description, cover: face.cover,
            location: UTMLink.url(target: target, campaign: UTMLink.campaign(activationSlug: face.activationSlug)))
    }

    /// The brand's name and logo and the activation's slug, texts and cover.
    private func face(brandID: Int64, activationID: Int64?) async throws -> ShareLinkFace? {
        try await faces.value(for: "\(brandID) \(activationID ?? 0)") {
            try await database.readOnly { sql in
                guard let row = try await sql.raw("""
                    SELECT b.name AS brand_name, b.logo_url, a.slug AS activation_slug, a.title_fr, a.title_en, a.description_fr, a.description_en,
                           a.cover_image_url
                    FROM brands b LEFT JOIN activations a ON a.id = \(bind: activationID) AND a.brand_id = b.id
                    WHERE b.id = \(bind: brandID)
                    """).first() else { return nil }
                let slug: String? = try row.optional("activation_slug")
                return ShareLinkFace(
                    brandName: try row.decode(column: "brand_name", as: String.self), brandLogo: try row.optional("logo_url"), activationSlug: slug,
                    title: slug == nil ? nil : (try row.decode(column: "title_fr", as: String.self), try row.decode(column: "title_en", as: String.self)),
                    description: slug == nil ? nil : (try row.decode(column: "description_fr", as: String.self),
                                                      try row.decode(column: "description_en", as: String.self)),
                    cover: try row.optional("cover_image_url"))
            }
        }
    }

    /// Links with their counts, matching `condition` on `l`, newest first.
    private func stats(where condition: SQLQueryString, limit: Int = 1, on sql: any SQLDatabase) async throws -> [ShareLinkStats] {
        try await sql.raw("""
            SELECT l.*,
              (SELECT COUNT(*) FROM share_clicks c WHERE c.link_id = l.id AND c.counted = 1) AS clicks,
              (SELECT COUNT(*) FROM share_visits v WHERE v.link_id = l.id) AS visits,
              (SELECT COUNT(*) FROM share_attributions t WHERE t.last_link_id = l.id AND t.self_referral = 0) AS conversions
            FROM share_links l WHERE \(condition) ORDER BY l.id DESC LIMIT \(bind: limit)
            """).all().map { row in
            ShareLinkStats(link: try Self.link(row), clicks: try row.decode(column: "clicks", as: Int.self),
                           visits: try row.decode(column: "visits", as: Int.self), conversions: try row.decode(column: "conversions", as: Int.self))
        }
    }

    static func link(_ row: any SQLRow) throws -> ShareLink {
        ShareLink(id: try row.decode(column: "id", as: Int64.self), memberID: try row.decode(column: "member_id", as: Int64.self),
                  activationID: try row.optional("activation_id"), targetURL: try row.decode(column: "target_url", as: String.self),
                  code: try row.decode(column: "code", as: String.self), createdAt: try row.decode(column: "created_at", as: Int64.self))
    }
}
