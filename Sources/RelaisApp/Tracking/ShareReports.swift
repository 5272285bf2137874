import SQLKit

/// Reads what share links led to: an activation's funnel over time and a member's referral tree.
struct ShareReports: Sendable {
    let database: Database

    /// The activation's funnel per day, with its totals; 404 when the activation is not visible to the caller.
    func funnel(activationID: Int64, access: BrandAccess) async throws -> (days: [ShareFunnelDay], totals: ShareFunnelDay) {
        try await database.readOnly { sql in
            guard let row = try await sql.raw("SELECT a.time_zone FROM activations a WHERE a.id = \(bind: activationID) AND \(ActivationStore.scope(access))").first() else {
                throw AppError.notFound("activation")
            }
            let zone = try row.decode(column: "time_zone", as: String.self)
            var counts = ShareFunnelCounts()
            let links: SQLQueryString = "SELECT id FROM share_links WHERE activation_id = \(bind: activationID)"
            counts.shares = try await hours(sql, "SELECT created_at / 3600000 AS h, COUNT(*) AS n FROM share_links WHERE activation_id = \(bind: activationID) GROUP BY created_at / 3600000")
            counts.clicks = try await hours(sql, "SELECT clicked_at / 3600000 AS h, COUNT(*) AS n FROM share_clicks WHERE counted = 1 AND link_id IN (\(links)) GROUP BY clicked_at / 3600000")
            counts.visits = try await hours(sql, "SELECT visited_at / 3600000 AS h, COUNT(*) AS n FROM share_visits WHERE link_id IN (\(links)) GROUP BY visited_at / 3600000")
            counts.signups = try await hours(sql, """
                SELECT created_at / 3600000 AS h, COUNT(*) AS n FROM share_attributions
                WHERE activation_id = \(bind: activationID) AND self_referral = 0 AND kind = 'signup' GROUP BY created_at / 3600000
                """)
            counts.entries = try await hours(sql, """
                SELECT created_at / 3600000 AS h, COUNT(*) AS n FROM share_attributions
                WHERE activation_id = \(bind: activationID) AND self_referral = 0 GROUP BY created_at / 3600000
                """)
            counts.participants = try await hours(sql, """
                SELECT f / 3600000 AS h, COUNT(*) AS n FROM (
                  SELECT MIN(created_at) AS f FROM activation_entries WHERE activation_id = \(bind: activationID) AND status <> 'invalidated' GROUP BY member_id
                ) firsts GROUP BY f / 3600000
                """)
            // The shop visits shares brought: coupons of entrants a share link led to (as the entries step).
            counts.storeRedemptions = try await hours(sql, """
                SELECT redeemed_at / 3600000 AS h, COUNT(*) AS n FROM coupons
                WHERE activation_id = \(bind: activationID) AND status = 'redeemed' AND sharer_member_id IS NOT NULL GROUP BY redeemed_at / 3600000
                """)
            let days = ShareFunnel.days(counts, timeZone: zone)
            var totals = ShareFunnelDay(day: "")
            for day in days {
                totals.shares += day.shares
                totals.clicks += day.clicks
                totals.visits += day.visits
                totals.signups += day.signups
                totals.entries += day.entries
                totals.participants += day.participants
                totals.storeRedemptions += day.storeRedemptions
            }
            totals.viralCoefficient = days.last?.viralCoefficient ?? 0
            return (days, totals)
        }
    }

    /// The people the member brought, generation by generation, at most `depth` generations deep.
    func tree(memberID: Int64, access: BrandAccess, depth: Int) async throws -> ReferralTree {
        try await database.readOnly { sql in
            try await LoyaltyActions.requireVisible(memberID, access: access, on: sql)
            var tree = ReferralTree(rootID: memberID, generations: [], truncated: false)
            var seen: Set<Int64> = [memberID]
            var frontier = [memberID]
            while !frontier.isEmpty {
                let room = ReferralTree.maxMembers - seen.count + 1
                guard tree.generations.count < depth, room > 0 else {
                    tree.truncated = try await !edges(from: frontier, access: access, on: sql).filter { !seen.contains($0.memberID) }.isEmpty
                    break
                }
                let next = ReferralTree.nextGeneration(try await edges(from: frontier, access: access, on: sql), seen: &seen, room: room)
                if next.cut { tree.truncated = true }
                guard !next.nodes.isEmpty else { break }
                tree.generations.append(next.nodes)
                frontier = next.nodes.map(\.memberID)
            }
            return tree
        }
    }

    /// Who the members of `frontier` brought, as the tree reads them.
    private func edges(from frontier: [Int64], access: BrandAccess, on sql: any SQLDatabase) async throws -> [ReferralTree.Node] {
        var found: [ReferralTree.Node] = []
        // Bounded lists of bound parameters, far below either engine's limit.
        for start in stride(from: 0, to: frontier.count, by: 500) {
            let list = SQLList(frontier[start..<min(start + 500, frontier.count)].map { SQLBind($0) })
            for row in try await sql.raw(Self.edges(sponsors: list, access: access)).all() {
                found.append(ReferralTree.Node(memberID: try row.decode(column: "child", as: Int64.self), broughtBy: try row.decode(column: "parent", as: Int64.self),
                                               source: try row.decode(column: "source", as: String.self), at: try row.decode(column: "at", as: Int64.self)))
            }
        }
        return found
    }

    /// The edges of the brand's referral trees (`parent`, `child`, `source`, `at`): sign-ups
    /// credited to a member's share links (first touch, self-referrals excluded) and valid
    /// invitations of referral activations, to people visible to the caller. `sponsors` limits
    /// the parents; nil reads every edge of the brand.
    static func edges(sponsors: SQLList?, access: BrandAccess) -> SQLQueryString {
        let shareParents: SQLQueryString = sponsors.map { "AND t.first_sharer_id IN (\($0))" } ?? ""
        let referralParents: SQLQueryString = sponsors.map { "AND r.referrer_member_id IN (\($0))" } ?? ""
        return """
            SELECT t.first_sharer_id AS parent, t.member_id AS child, 'share' AS source, t.created_at AS at FROM share_attributions t
            JOIN members m ON m.id = t.member_id
            WHERE t.brand_id = \(bind: access.brandID) \(shareParents) AND t.self_referral = 0 AND t.kind = 'signup'
              AND \(MemberStore.visible(access))
            UNION ALL
            SELECT r.referrer_member_id AS parent, r.referee_member_id AS child, 'referral' AS source, r.created_at AS at FROM activation_referrals r
            JOIN members m ON m.id = r.referee_member_id
            WHERE r.brand_id = \(bind: access.brandID) \(referralParents) AND r.status = 'valid'
              AND \(MemberStore.visible(access))
            """
    }

    private func hours(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> [Int64: Int] {
        try await sql.raw(query).all().reduce(into: [:]) { result, row in
            result[try row.decode(column: "h", as: Int64.self)] = try row.decode(column: "n", as: Int.self)
        }
    }
}
