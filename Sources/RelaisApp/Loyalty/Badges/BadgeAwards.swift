import Foundation
import Logging
import SQLKit
import ServiceLifecycle

/// Gives badges as members reach milestones.
///
/// Like the earning job, it reads the timeline in id order from where it stopped
/// (`loyalty_progress` row `badges`), in bounded ranges; for each member and brand an event may
/// have advanced, it counts the family again and records the badges newly reached, each once
/// (`member_badges` primary key), with a `badge.earned` event on the timeline.
struct BadgeAwards: Sendable {
    let database: Database
    let timeline: Timeline

    /// Events read per transaction.
    static let range: Int64 = 2_000
    /// The job's position in the timeline.
    static let progress = JobProgress(name: "badges")

    /// A badge a member holds.
    struct Held: Sendable, Equatable {
        var badge: Badge
        var earnedAt: Int64
    }

    /// Processes one range of new events; returns the badges given, or nil at the end of the timeline.
    func processNextRange() async throws -> Int? {
        let kinds = BadgeFamily.allCases.reduce(into: Set<String>()) { $0.formUnion($1.triggers) }
        // A read first, so that nothing new never opens a write transaction.
        guard try await database.readOnly({ sql in try await Self.progress.hasPending(on: sql) }) else { return nil }
        return try await database.transaction { sql in
            guard let (from, to) = try await Self.progress.claimRange(limit: Self.range, on: sql) else { return nil }
            let rows = try await sql.raw("""
                SELECT e.organisation_id, e.brand_id, e.member_id, e.kind, MAX(e.occurred_at) AS at FROM timeline_events e
                JOIN members m ON m.id = e.member_id
                WHERE e.id > \(bind: from) AND e.id <= \(bind: to) AND e.brand_id IS NOT NULL
                  AND e.kind IN (\(SQLList(kinds.sorted().map { SQLBind($0) })))
                  AND m.merged_into_id IS NULL AND m.erased_at IS NULL
                GROUP BY e.organisation_id, e.brand_id, e.member_id, e.kind
                """).all()
            var touched: [MemberBrand: (kinds: Set<String>, at: Int64)] = [:]
            for row in rows {
                let key = MemberBrand(organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                                      brandID: try row.decode(column: "brand_id", as: Int64.self),
                                      memberID: try row.decode(column: "member_id", as: Int64.self))
                let at = try row.decode(column: "at", as: Int64.self)
                var entry = touched[key] ?? ([], 0)
                entry.kinds.insert(try row.decode(column: "kind", as: String.self))
                entry.at = max(entry.at, at)
                touched[key] = entry
            }
            var given = 0
            for (key, change) in touched.sorted(by: { ($0.key.brandID, $0.key.memberID) < ($1.key.brandID, $1.key.memberID) }) {
                given += try await award(key, families: Badge.families(touchedBy: change.kinds), at: change.at, on: sql)
            }
            try await Self.progress.save(to, on: sql)
            return given
        }
    }

    /// Processes every pending event; returns the badges given.
    @discardableResult
    func processPending() async throws -> Int {
        var total = 0
        while let given = try await processNextRange() { total += given }
        return total
    }

    /// The member's badges with the brand, in the order they were earned; 404 when the member is not visible.
    func badges(memberID: Int64, access: BrandAccess) async throws -> [Held] {
        try await database.readOnly { sql in
            try await LoyaltyActions.requireVisible(memberID, access: access, on: sql)
            return try await held(memberID: memberID, brandID: access.brandID, on: sql)
        }
    }

    /// How many members of the brand hold each badge.
    func holders(brandID: Int64) async throws -> [String: Int] {
        try await database.readOnly { sql in
            try await sql.raw("SELECT badge, COUNT(*) AS n FROM member_badges WHERE brand_id = \(bind: brandID) GROUP BY badge").all()
                .reduce(into: [String: Int]()) { $0[try $1.decode(column: "badge", as: String.self)] = try $1.decode(column: "n", as: Int.self) }
        }
    }

    private struct MemberBrand: Hashable {
        var organisationID: Int64
        var brandID: Int64
        var memberID: Int64
    }

    private func award(_ key: MemberBrand, families: [BadgeFamily], at: Int64, on sql: any SQLDatabase) async throws -> Int {
        let held = Set(try await held(memberID: key.memberID, brandID: key.brandID, on: sql).map(\.badge.id))
        var given = 0
        for family in families where !Badge.complete(family, held: held) {
            let count = try await count(family, memberID: key.memberID, brandID: key.brandID, on: sql)
            for badge in Badge.newlyEarned(family: family, count: count, held: held) {
                let inserted = try await sql.raw("""
                    INSERT INTO member_badges (brand_id, member_id, badge, earned_at) VALUES (\(bind: key.brandID), \(bind: key.memberID), \(bind: badge.id), \(bind: at))
                    ON CONFLICT (brand_id, member_id, badge) DO NOTHING RETURNING badge
                    """).first() != nil
                guard inserted else { continue }
                try await timeline.append(organisationID: key.organisationID, brandID: key.brandID, memberID: key.memberID, kind: "badge.earned",
                                          summary: badge.id, data: ["badge": badge.id], at: at, on: sql)
                given += 1
            }
        }
        return given
    }

    private func count(_ family: BadgeFamily, memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> Int {
        let query: SQLQueryString
        switch family {
        case .entries:
            query = """
                SELECT COUNT(*) AS n FROM activation_entries WHERE member_id = \(bind: memberID) AND brand_id = \(bind: brandID) AND status <> 'invalidated'
                """
        case .friends:
            query = """
                SELECT COUNT(*) AS n FROM activation_referrals WHERE referrer_member_id = \(bind: memberID) AND brand_id = \(bind: brandID) AND status = 'valid'
                """
        case .visits:
            // The member's links first, then their visits by key: written as a join, a planner whose statistics
            // were taken while visits were few would rather read every visit and look each link up.
            query = """
                SELECT COUNT(*) AS n FROM share_visits v
                WHERE v.link_id IN (SELECT l.id FROM share_links l WHERE l.brand_id = \(bind: brandID) AND l.member_id = \(bind: memberID))
                """
        case .shopVisits:
            query = """
                SELECT COUNT(*) AS n FROM coupons WHERE sharer_member_id = \(bind: memberID) AND brand_id = \(bind: brandID) AND status = 'redeemed'
                """
        }
        return try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private func held(memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> [Held] {
        try await sql.raw("""
            SELECT badge, earned_at FROM member_badges WHERE member_id = \(bind: memberID) AND brand_id = \(bind: brandID) ORDER BY earned_at, badge
            """).all().compactMap { row in
            guard let badge = Badge.named(try row.decode(column: "badge", as: String.self)) else { return nil }
            return Held(badge: badge, earnedAt: try row.decode(column: "earned_at", as: Int64.self))
        }
    }
}

/// Runs the badge job every half minute while Relais runs (badges need not be instant, and
/// each run is a write transaction on the one SQLite writer).
struct BadgeService: Service {
    let awards: BadgeAwards
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let given = try await awards.processPending()
                if given > 0 { logger.debug("Badges given", metadata: ["badges": "\(given)"]) }
            } catch {
                logger.error("Badge job failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
        }
    }
}
