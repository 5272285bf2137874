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

    /// Events read per transaction: a range holds the one SQLite writer for a few milliseconds,
    /// so that requests waiting for it are not held up for long.
    static let range: Int64 = 500
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
            let ordered = touched.sorted { ($0.key.brandID, $0.key.memberID) < ($1.key.brandID, $1.key.memberID) }
            for chunk in ordered.chunked(Self.membersPerStatement) {
                given += try await award(Array(chunk), on: sql)
            }
            try await Self.progress.save(to, on: sql)
            return given
        }
    }

    /// Processes every pending event, waiting `pause` between two ranges; returns the badges given.
    @discardableResult
    func processPending(pause: Duration = .zero, demand: WriterDemand? = nil) async throws -> Int {
        try await JobProgress.drain(pause: pause, demand: demand) { try await processNextRange() }
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

        /// The member within its brand, as the rows of a set-based read name it (a brand belongs to one organisation).
        var pair: Pair { Pair(brandID: brandID, memberID: memberID) }
    }

    /// A brand and a member.
    private struct Pair: Hashable {
        var brandID: Int64
        var memberID: Int64

        init(brandID: Int64, memberID: Int64) { self.brandID = brandID; self.memberID = memberID }

        /// The `brand_id` and `member_id` of a row.
        init(_ row: any SQLRow) throws {
            self.init(brandID: try row.decode(column: "brand_id", as: Int64.self), memberID: try row.decode(column: "member_id", as: Int64.self))
        }
    }

    /// A badge a member reached.
    private struct Earned: Hashable {
        var member: Pair
        var badge: String
    }

    /// Members per set-based statement (well under the engines' bound-parameter limits).
    static let membersPerStatement = 200

    /// Awards the badges newly reached by a chunk of members, in a few statements whatever its size:
    /// one read of their badges, one count per family to count again, one multi-row insert, and
    /// their `badge.earned` events written together.
    private func award(_ chunk: [(key: MemberBrand, value: (kinds: Set<String>, at: Int64))], on sql: any SQLDatabase) async throws -> Int {
        let pairs = chunk.map(\.key.pair)
        let held = try await held(of: pairs, on: sql)
        var counts: [BadgeFamily: [Pair: Int]] = [:]
        for family in BadgeFamily.allCases {
            let members = chunk.filter { member in
                Badge.families(touchedBy: member.value.kinds).contains(family) && !Badge.complete(family, held: held[member.key.pair] ?? [])
            }.map(\.key.pair)
            if !members.isEmpty { counts[family] = try await count(family, of: members, on: sql) }
        }
        var earned: [(key: MemberBrand, badge: Badge, at: Int64)] = []
        for (key, change) in chunk {
            for family in Badge.families(touchedBy: change.kinds) {
                guard let count = counts[family]?[key.pair] else { continue }
                earned += Badge.newlyEarned(family: family, count: count, held: held[key.pair] ?? []).map { (key, $0, change.at) }
            }
        }
        guard !earned.isEmpty else { return 0 }
        let rows: [SQLQueryString] = earned.map { "(\(bind: $0.key.brandID), \(bind: $0.key.memberID), \(bind: $0.badge.id), \(bind: $0.at))" }
        let inserted = try await sql.raw("""
            INSERT INTO member_badges (brand_id, member_id, badge, earned_at) VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (brand_id, member_id, badge) DO NOTHING RETURNING brand_id, member_id, badge
            """).all().reduce(into: Set<Earned>()) { found, row in
            found.insert(Earned(member: try Pair(row), badge: try row.decode(column: "badge", as: String.self)))
        }
        let given = earned.filter { inserted.contains(Earned(member: $0.key.pair, badge: $0.badge.id)) }
        try await WorkGroup.collecting(on: sql) {
            for award in given {
                try await timeline.append(organisationID: award.key.organisationID, brandID: award.key.brandID, memberID: award.key.memberID,
                                          kind: "badge.earned", summary: award.badge.id, data: ["badge": award.badge.id], at: award.at, on: sql)
            }
        }
        return given.count
    }

    /// The members as a common table `p (brand_id, member_id)` that the reads join, so that each
    /// member is one index probe: SQLite reads a row-value `IN (VALUES …)` by scanning the whole
    /// index, a range of new events then cost a pass over every entry and every badge held.
    private static func with(_ members: [Pair]) -> SQLQueryString {
        "WITH p (brand_id, member_id) AS (VALUES \(members.map { "(\(bind: $0.brandID), \(bind: $0.memberID))" as SQLQueryString }.joined(separator: ", ")))"
    }

    /// The current count of `family` for each of `members` (absent: none).
    private func count(_ family: BadgeFamily, of members: [Pair], on sql: any SQLDatabase) async throws -> [Pair: Int] {
        let with = Self.with(members)
        let query: SQLQueryString
        switch family {
        case .entries:
            query = """
                \(with) SELECT p.brand_id, p.member_id, COUNT(*) AS n FROM p
                JOIN activation_entries e ON e.member_id = p.member_id AND e.brand_id = p.brand_id
                WHERE e.status <> 'invalidated' GROUP BY p.brand_id, p.member_id
                """
        case .friends:
            // Friends invited through a referral activation, and sign-ups that a member's share link brought last.
            query = """
                \(with) SELECT brand_id, member_id, CAST(SUM(n) AS BIGINT) AS n FROM (
                    SELECT p.brand_id, p.member_id, COUNT(*) AS n FROM p
                    JOIN activation_referrals r ON r.referrer_member_id = p.member_id AND r.brand_id = p.brand_id
                    WHERE r.status = 'valid' GROUP BY p.brand_id, p.member_id
                    UNION ALL
                    SELECT p.brand_id, p.member_id, COUNT(*) AS n FROM p
                    JOIN share_attributions s ON s.brand_id = p.brand_id AND s.last_sharer_id = p.member_id
                    JOIN activations a ON a.id = s.activation_id
                    WHERE s.self_referral = 0 AND s.kind = 'signup' AND a.kind <> 'referral'
                    GROUP BY p.brand_id, p.member_id
                ) friends GROUP BY brand_id, member_id
                """
        case .visits:
            // Each member's links first, then their visits by key: a planner whose statistics were taken
            // while visits were few would rather read every visit and look each link up.
            query = """
                \(with) SELECT p.brand_id, p.member_id, CAST(SUM((SELECT COUNT(*) FROM share_visits v WHERE v.link_id = l.id)) AS BIGINT) AS n
                FROM p JOIN share_links l ON l.brand_id = p.brand_id AND l.member_id = p.member_id GROUP BY p.brand_id, p.member_id
                """
        case .shopVisits:
            query = """
                \(with) SELECT p.brand_id, p.member_id, COUNT(*) AS n FROM p
                JOIN coupons c ON c.brand_id = p.brand_id AND c.sharer_member_id = p.member_id
                WHERE c.status = 'redeemed' GROUP BY p.brand_id, p.member_id
                """
        }
        var found: [Pair: Int] = [:]
        for row in try await sql.raw(query).all() {
            found[try Pair(row)] = try row.decode(column: "n", as: Int?.self) ?? 0
        }
        return found
    }

    /// The badges each of `members` holds.
    private func held(of members: [Pair], on sql: any SQLDatabase) async throws -> [Pair: Set<String>] {
        var found: [Pair: Set<String>] = [:]
        for row in try await sql.raw("""
            \(Self.with(members)) SELECT b.brand_id, b.member_id, b.badge FROM p
            JOIN member_badges b ON b.brand_id = p.brand_id AND b.member_id = p.member_id
            """).all() {
            found[try Pair(row), default: []].insert(try row.decode(column: "badge", as: String.self))
        }
        return found
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
    /// While people wait for the writer, ranges are spaced out further (`WriterDemand`).
    let demand: WriterDemand
    let logger: Logger

    /// Left between two ranges of a backlog (the thousands of entries of a campaign's peak): the
    /// writer is free during it, so that entries and other requests waiting for it go first. A
    /// measured entry load with ranges written back to back fell from 3,284 to 2,339 entries/s,
    /// its p99 from 35 to 131 ms.
    static let pause: Duration = .milliseconds(25)

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let given = try await awards.processPending(pause: Self.pause, demand: demand)
                if given > 0 { logger.debug("Badges given", metadata: ["badges": "\(given)"]) }
            } catch {
                logger.error("Badge job failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
        }
    }
}
