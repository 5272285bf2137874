import Foundation
import SQLKit

/// A member's tier in a brand, worked out from the points earned over the brand's window.
struct MemberTier: Sendable, Equatable {
    var tier: Tier?
    var since: Int64?
    var earnedInWindow: Int64
    var next: Tier?
}

/// Keeps each member's tier in step with their earnings, and writes tier changes on the timeline.
struct TierTracker: Sendable {
    let settings: LoyaltySettingsStore
    let timeline: Timeline

    /// The member's tier as of `now`, without writing anything.
    func tier(memberID: Int64, brandID: Int64, now: Int64 = Clock.nowMillis(), on sql: any SQLDatabase) async throws -> MemberTier {
        let ladder = try await settings.ladder(brandID: brandID, on: sql)
        let earned = try await earnedInWindow(memberID: memberID, brandID: brandID, windowDays: ladder.windowDays, now: now, on: sql)
        let tier = ladder.tier(forEarned: earned)
        let since = try await sql.raw("SELECT tier, since FROM member_tiers WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID)").first()
        let recorded = try since.map { (try $0.decode(column: "tier", as: String.self), try $0.decode(column: "since", as: Int64.self)) }
        let next = ladder.tiers.first { $0.threshold > earned }
        return MemberTier(tier: tier, since: recorded?.0 == tier?.name ? recorded?.1 : nil, earnedInWindow: earned, next: next)
    }

    /// Records the member's current tier; a change goes on the timeline. Returns the tier's multiplier.
    @discardableResult
    func refresh(memberID: Int64, brandID: Int64, organisationID: Int64, ladder known: TierLadder? = nil, now: Int64 = Clock.nowMillis(),
                 on sql: any SQLDatabase) async throws -> Int {
        let ladder = if let known { known } else { try await settings.ladder(brandID: brandID, on: sql) }
        guard !ladder.tiers.isEmpty else { return 100 }
        let earned = try await earnedInWindow(memberID: memberID, brandID: brandID, windowDays: ladder.windowDays, now: now, on: sql)
        let tier = ladder.tier(forEarned: earned)
        let row = try await sql.raw("SELECT tier FROM member_tiers WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID)").first()
        let previous = try row?.decode(column: "tier", as: String.self)
        let current = tier?.name ?? ""
        if (previous ?? "") != current {
            try await record(current, previous: previous, memberID: memberID, brandID: brandID, organisationID: organisationID, now: now, on: sql)
        }
        return tier?.multiplierPercent ?? 100
    }

    private func record(_ current: String, previous: String?, memberID: Int64, brandID: Int64, organisationID: Int64, now: Int64,
                        on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO member_tiers (brand_id, member_id, tier, since) VALUES (\(bind: brandID), \(bind: memberID), \(bind: current), \(bind: now))
            ON CONFLICT (brand_id, member_id) DO UPDATE SET tier = excluded.tier, since = excluded.since
            """).run()
        try await timeline.append(organisationID: organisationID, brandID: brandID, memberID: memberID, kind: "tier.changed",
                                  summary: current.isEmpty ? "—" : current, data: ["from": previous ?? "", "to": current], at: now, on: sql)
    }

    /// Records the current tier of several members of a brand at once (after a group of earns):
    /// two queries for the group, then one write per member whose tier changed. Returns how many changed.
    /// Under a ladder without tiers (the brand removed them) every recorded tier is dropped.
    @discardableResult
    func refresh(members: [Int64], brandID: Int64, organisationID: Int64, ladder: TierLadder, now: Int64, on sql: any SQLDatabase) async throws -> Int {
        var changed = 0
        let since = now - Int64(ladder.windowDays) * Clock.dayMillis
        for chunk in members.sorted().chunked(500) {
            let ids = SQLList(chunk.map { SQLBind($0) })
            var earned: [Int64: Int64] = [:]
            for row in try await sql.raw("""
                SELECT member_id, CAST(COALESCE(SUM(points), 0) AS BIGINT) AS total FROM points_entries
                WHERE brand_id = \(bind: brandID) AND member_id IN (\(ids)) AND kind = 'earn' AND occurred_at >= \(bind: since)
                GROUP BY member_id
                """).all() {
                earned[try row.decode(column: "member_id", as: Int64.self)] = try row.decode(column: "total", as: Int64.self)
            }
            var recorded: [Int64: String] = [:]
            for row in try await sql.raw("SELECT member_id, tier FROM member_tiers WHERE brand_id = \(bind: brandID) AND member_id IN (\(ids))").all() {
                recorded[try row.decode(column: "member_id", as: Int64.self)] = try row.decode(column: "tier", as: String.self)
            }
            for memberID in chunk {
                let current = ladder.tier(forEarned: earned[memberID] ?? 0)?.name ?? ""
                let previous = recorded[memberID]
                guard (previous ?? "") != current else { continue }
                try await record(current, previous: previous, memberID: memberID, brandID: brandID, organisationID: organisationID, now: now, on: sql)
                changed += 1
            }
        }
        return changed
    }

    /// The member's multiplier as recorded (100 without a tier).
    func multiplier(memberID: Int64, brandID: Int64, ladder: TierLadder, on sql: any SQLDatabase) async throws -> Int {
        guard !ladder.tiers.isEmpty,
              let row = try await sql.raw("SELECT tier FROM member_tiers WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID)").first()
        else { return 100 }
        let name = try row.decode(column: "tier", as: String.self)
        return ladder.tiers.first { $0.name == name }?.multiplierPercent ?? 100
    }

    private func earnedInWindow(memberID: Int64, brandID: Int64, windowDays: Int, now: Int64, on sql: any SQLDatabase) async throws -> Int64 {
        let since = now - Int64(windowDays) * Clock.dayMillis
        let row = try await sql.raw("""
            SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS total FROM points_entries
            WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID) AND kind = 'earn' AND occurred_at >= \(bind: since)
            """).first()
        return try row?.decode(column: "total", as: Int64.self) ?? 0
    }
}
