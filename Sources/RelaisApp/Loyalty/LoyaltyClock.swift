import SQLKit

/// What time alone changes in the loyalty programme, written even for members who no longer
/// move: points past their expiry leave the balance with an `expire` line in the ledger, and a
/// member whose earnings over the brand's rolling window fell below their tier's threshold goes
/// down a tier (on their timeline). Balances and tiers shown before the job runs already count
/// what is due; the job makes the ledger and the timeline say so.
struct LoyaltyClock: Sendable {
    let database: Database
    let ledger: PointsLedger
    let settings: LoyaltySettingsStore
    let tiers: TierTracker

    /// Up to when expiries were written: expiry instants after it are still to look at.
    static let expiryProgress = JobProgress(name: "points-expiry")
    /// Members written per transaction.
    static let chunk = 200

    /// What a round did.
    struct Round: Sendable, Equatable {
        /// Members whose expired points were written off, and how many points.
        var expiredMembers = 0
        var expiredPoints: Int64 = 0
        /// Members whose tier changed.
        var tierChanges = 0
    }

    func tick(now: Int64 = Clock.nowMillis()) async throws -> Round {
        var round = Round()
        try await expire(now: now, into: &round)
        try await refreshTiers(now: now, into: &round)
        return round
    }

    /// Writes the expiry of the members holding a credit that expired since the last round.
    private func expire(now: Int64, into round: inout Round) async throws {
        let since = try await database.readOnly { sql in try await Self.expiryProgress.peek(on: sql) }
        let due = try await database.readOnly { sql in
            try await sql.raw("""
                SELECT DISTINCT organisation_id, brand_id, member_id FROM points_entries
                WHERE expires_at > \(bind: since) AND expires_at <= \(bind: now) AND points > 0
                ORDER BY brand_id, member_id
                """).all().map { row in
                (organisation: try row.decode(column: "organisation_id", as: Int64.self), brand: try row.decode(column: "brand_id", as: Int64.self),
                 member: try row.decode(column: "member_id", as: Int64.self))
            }
        }
        for chunk in due.chunked(Self.chunk) {
            let (members, points) = try await database.transaction { sql in
                var members = 0
                var points: Int64 = 0
                for account in chunk {
                    let expired = try await ledger.expireDue(memberID: account.member, brandID: account.brand, organisationID: account.organisation,
                                                             now: now, on: sql)
                    if expired > 0 { members += 1; points += expired }
                }
                return (members, points)
            }
            round.expiredMembers += members
            round.expiredPoints += points
        }
        try await database.transaction { sql in
            _ = try await Self.expiryProgress.claim(on: sql)
            try await Self.expiryProgress.save(now, on: sql)
        }
    }

    /// Works out again the tier of every member holding one, brand by brand.
    private func refreshTiers(now: Int64, into round: inout Round) async throws {
        let brands = try await database.readOnly { sql in
            try await sql.raw("""
                SELECT DISTINCT t.brand_id, b.organisation_id FROM member_tiers t JOIN brands b ON b.id = t.brand_id WHERE t.tier <> ''
                ORDER BY t.brand_id
                """).all().map { (brand: try $0.decode(column: "brand_id", as: Int64.self), organisation: try $0.decode(column: "organisation_id", as: Int64.self)) }
        }
        for brand in brands {
            let (ladder, members) = try await database.readOnly { sql in
                (try await settings.ladder(brandID: brand.brand, on: sql),
                 try await sql.raw("SELECT member_id FROM member_tiers WHERE brand_id = \(bind: brand.brand) AND tier <> '' ORDER BY member_id").all()
                    .map { try $0.decode(column: "member_id", as: Int64.self) })
            }
            for chunk in members.chunked(500) {
                round.tierChanges += try await database.transaction { sql in
                    try await tiers.refresh(members: Array(chunk), brandID: brand.brand, organisationID: brand.organisation, ladder: ladder, now: now, on: sql)
                }
            }
        }
    }
}
