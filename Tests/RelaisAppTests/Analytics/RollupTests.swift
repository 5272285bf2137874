import Foundation
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Pre-aggregated overview figures")
struct RollupTests {
    @Test("Day and month numbers agree with the calendar")
    func calendar() {
        for year in [1970, 1999, 2000, 2024, 2025, 2026, 2100] {
            for month in 1...12 {
                let start = MonthGrid.start(year: year, month: month)
                let number = Int64(year * 12 + month - 1)
                #expect(RollupCalendar.month(start) == number && RollupCalendar.month(start - 1) == number - 1)
                #expect(RollupCalendar.firstDay(ofMonth: number) * Clock.dayMillis == start)
            }
        }
        #expect(RollupCalendar.dayCeiling(Clock.dayMillis * 3) == 3 && RollupCalendar.dayCeiling(Clock.dayMillis * 3 + 1) == 4)
    }

    @Test("A member's contribution: pairs, cohorts, reactivations, unsubscribes")
    func contribution() {
        let day = { (d: Int64) in d * Clock.dayMillis + 3_600_000 }
        var facts = MemberFacts(memberID: 1, brandID: 7, firstSeenAt: day(20_000))
        facts.activities = [day(20_010), day(20_010), day(20_100), day(20_300)]
        facts.marketingPurposes = [5]
        facts.consents = [
            .init(purposeID: 5, channel: "email", status: "granted", sourceKind: "form", recordedAt: day(20_000)),
            .init(purposeID: 6, channel: "email", status: "granted", sourceKind: "form", recordedAt: day(20_000)),
            .init(purposeID: 5, channel: "email", status: "withdrawn", sourceKind: "preference_centre", recordedAt: day(20_050)),
        ]
        let counts = MemberContribution.of(facts)
        // Three distinct activity days, chained.
        #expect(counts[RollupKey(metric: .activeDay, a: 20_010, b: RollupCalendar.none)] == 1)
        #expect(counts[RollupKey(metric: .activeDay, a: 20_100, b: 20_010)] == 1 && counts[RollupKey(metric: .activeDay, a: 20_300, b: 20_100)] == 1)
        // After 90 days without activity (20_010 → 20_100), a reactivation at 30 and 60 days, not at 90; 200 days before 20_300: 180 too.
        #expect(counts[RollupKey(metric: .reactivatedDay, a: 20_100, b: RollupCalendar.none, c: 60)] == 1)
        #expect(counts[RollupKey(metric: .reactivatedDay, a: 20_100, b: RollupCalendar.none, c: 90)] == nil)
        #expect(counts[RollupKey(metric: .reactivatedDay, a: 20_300, b: RollupCalendar.none, c: 180)] == 1)
        #expect(counts[RollupKey(metric: .joined, a: 20_000)] == 1)
        // The withdrawal of the only marketing consent is an unsubscribe (the service consent is not marketing).
        #expect(counts[RollupKey(metric: .unsubscribed, a: 20_050, b: RollupCalendar.none)] == 1)
        facts.marketingPurposes = [5, 6]
        #expect(MemberContribution.of(facts)[RollupKey(metric: .unsubscribed, a: 20_050, b: RollupCalendar.none)] == nil)
        // Stored as text and read back; a merged profile contributes no membership.
        #expect(RollupContributionText.decode(RollupContributionText.encode(counts)) == counts)
        let small: [RollupKey: Int64] = [RollupKey(metric: .activeDay, a: 20_010, b: -1): 1, RollupKey(metric: .activeDay, a: 20_100, b: 20_010): 1,
                                         RollupKey(metric: .joined, a: 20_000): 1, RollupKey(metric: .revenueCents, scope: 12): -4_250]
        #expect(RollupContributionText.encode(small) == "ad/0/20010:-1,20100:20010;j/0/20000;xm/12/0:0:0:-4250")
        #expect(RollupContributionText.decode("ad/0/20010:-1,x:1;zz/0/1;j/0/20000") == [RollupKey(metric: .activeDay, a: 20_010, b: -1): 1,
                                                                                        RollupKey(metric: .joined, a: 20_000): 1])
        facts.merged = true
        #expect(MemberContribution.of(facts)[RollupKey(metric: .joined, a: 20_000)] == nil)
    }

    @Test("A catch-up counts what waits, batch by batch, and says what is left")
    func catchUpInBatches() async throws {
        let world = try await TestWorld.make()
        try await world.withDatabase { database in
            // Members marked as changed that have nothing (left) to count: their contributions are empty.
            try await database.transaction { sql in
                try await sql.raw("INSERT INTO rollup_changes (member_id, version) SELECT id + 1000000, 1 FROM members").run()
                for chunk in Array(2_000_000..<2_000_650).chunked(100) {
                    try await sql.raw("INSERT INTO rollup_changes (member_id, version) VALUES \(chunk.map { "(\($0), 1)" }.joined(separator: ", "))").run()
                }
            }
            let rollups = Rollups(database: database)
            let waiting = try await rollups.pending()
            #expect(waiting >= 650)
            #expect(try await rollups.catchUp(batches: 2) == 2 * Rollups.batchSize)
            #expect(try await rollups.pending() == waiting - 2 * Rollups.batchSize)
            // The rest is two batches at least: the background job's pause leaves the file free between them.
            let started = ContinuousClock.now
            #expect(try await rollups.catchUp(pause: .milliseconds(120)) == waiting - 2 * Rollups.batchSize)
            #expect(ContinuousClock.now - started >= .milliseconds(120))
            #expect(try await rollups.pending() == 0)
            #expect(try await rollups.catchUp() == 0)
        }
    }

    /// A random history at midnights (where whole days and instants agree), written straight into the tables.
    static func history(_ world: TestWorld, activations: [Int], seed: UInt64) async throws {
        let org = world.organisation.id, brand = world.brandA.id
        let firstDay: Int64 = RollupCalendar.firstDay(ofMonth: 2024 * 12)
        try await world.withDatabase { database in
            try await database.transaction { sql in
                var random = DemoRandom(seed: seed)
                func midnight(_ offset: Int64) -> Int64 { (firstDay + offset) * Clock.dayMillis }
                let purposes = try await sql.raw("SELECT id FROM consent_purposes WHERE brand_id = \(bind: brand) ORDER BY id").all()
                    .map { try $0.decode(column: "id", as: Int64.self) }
                var entry = 0
                var slugs: [Int: String] = [:]
                for row in try await sql.raw("SELECT id, slug FROM activations WHERE brand_id = \(bind: brand)").all() {
                    slugs[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "slug", as: String.self)
                }
                // A sharer with a link per activation (the first member of the organisation, or a new one).
                var links: [Int: (Int64, Int64)] = [:]
                let sharer = try await sql.raw("""
                    INSERT INTO members (organisation_id, created_at, updated_at, last_contact_at) VALUES (\(bind: org), 0, 0, 0) RETURNING id
                    """).first()!.decode(column: "id", as: Int64.self)
                for activation in activations {
                    let link = try await sql.raw("""
                        INSERT INTO share_links (organisation_id, brand_id, member_id, activation_id, target_key, target_url, code, created_at)
                        VALUES (\(bind: org), \(bind: brand), \(bind: sharer), \(bind: activation), \(bind: "activation:\(activation)"), 'https://example.com/',
                                \(bind: "S\(seed)x\(activation)"), 0) RETURNING id
                        """).first()!.decode(column: "id", as: Int64.self)
                    links[activation] = (link, sharer)
                }
                try await visitors(sql, activations: activations, links: links.mapValues(\.0), organisation: org, brand: brand, sharer: sharer, seed: seed, random: &random)
                for index in 0..<80 {
                    let seen = Int64.random(in: 0..<700, using: &random)
                    let member = try await sql.raw("""
                        INSERT INTO members (organisation_id, created_at, updated_at, last_contact_at) VALUES (\(bind: org), 0, 0, 0) RETURNING id
                        """).first()!.decode(column: "id", as: Int64.self)
                    try await sql.raw("""
                        INSERT INTO member_brands (member_id, brand_id, organisation_id, first_seen_at, source) VALUES (\(bind: member), \(bind: brand), \(bind: org), \(bind: midnight(seen)), 'test')
                        """).run()
                    for _ in 0..<Int.random(in: 0...7, using: &random) {
                        entry += 1
                        let at = midnight(seen + Int64.random(in: -3..<500, using: &random))
                        let status = Int.random(in: 0..<7, using: &random) == 0 ? "invalidated" : "valid"
                        let activation = activations[Int.random(in: 0..<activations.count, using: &random)]
                        let confirmed: Int64? = Int.random(in: 0..<4, using: &random) == 0 ? at : nil
                        let entryID = try await sql.raw("""
                            INSERT INTO activation_entries (organisation_id, brand_id, activation_id, member_id, token, frequency_key, status, confirmed_at, created_at)
                            VALUES (\(bind: org), \(bind: brand), \(bind: activation), \(bind: member), \(bind: "t\(seed)-\(entry)"),
                                    \(bind: "f\(entry)"), \(bind: status), \(bind: confirmed), \(bind: at)) RETURNING id
                            """).first()!.decode(column: "id", as: Int64.self)
                        if let link = links[activation], Int.random(in: 0..<3, using: &random) == 0 {
                            try await sql.raw("""
                                INSERT INTO share_attributions (organisation_id, brand_id, activation_id, member_id, entry_id, kind, first_link_id, first_sharer_id,
                                    first_at, last_link_id, last_sharer_id, last_at, self_referral, created_at)
                                VALUES (\(bind: org), \(bind: brand), \(bind: activation), \(bind: member), \(bind: entryID), \(bind: Bool.random(using: &random) ? "signup" : "entry"),
                                    \(bind: link.0), \(bind: link.1), \(bind: at), \(bind: link.0), \(bind: link.1), \(bind: at), \(bind: Int.random(in: 0..<4, using: &random) == 0 ? 1 : 0), \(bind: at))
                                """).run()
                        }
                        if Int.random(in: 0..<3, using: &random) == 0 {
                            let redeemed = Bool.random(using: &random)
                            try await sql.raw("""
                                INSERT INTO coupons (organisation_id, brand_id, member_id, code, status, issued_at, expires_at, redeemed_at, redeemed_amount_cents,
                                                     activation_id, activation_entry_id)
                                VALUES (\(bind: org), \(bind: brand), \(bind: member), \(bind: "E\(seed)-\(entry)"), \(bind: redeemed ? "redeemed" : "issued"), \(bind: at),
                                        \(bind: at + 90 * Clock.dayMillis), \(bind: redeemed ? at + Clock.dayMillis : nil),
                                        \(bind: redeemed && Bool.random(using: &random) ? Int64.random(in: 100...9_000, using: &random) : nil), \(bind: activation), \(bind: entryID))
                                """).run()
                        }
                        if Int.random(in: 0..<3, using: &random) == 0 {
                            try await sql.raw("""
                                INSERT INTO points_entries (organisation_id, brand_id, member_id, kind, points, balance_after, source, recorded_by, occurred_at, activation_ref)
                                VALUES (\(bind: org), \(bind: brand), \(bind: member), 'earn', \(bind: Int64.random(in: 5...50, using: &random)), 0, 'rule', 'test', \(bind: at),
                                        \(bind: String(activation)))
                                """).run()
                        }
                        if let link = links[activation], Int.random(in: 0..<6, using: &random) == 0 {
                            try await sql.raw("""
                                INSERT INTO activation_referrals (organisation_id, brand_id, activation_id, referrer_member_id, referee_member_id, entry_id, status, created_at)
                                VALUES (\(bind: org), \(bind: brand), \(bind: activation), \(bind: link.1), \(bind: member), \(bind: entryID),
                                        \(bind: Bool.random(using: &random) ? "valid" : "invalidated"), \(bind: at))
                                ON CONFLICT (activation_id, referee_member_id) DO NOTHING
                                """).run()
                        }
                        // The entry form's consents, some awaiting (then given) confirmation.
                        if Int.random(in: 0..<2, using: &random) == 0 {
                            let pending = Bool.random(using: &random)
                            let consent = try await sql.raw("""
                                INSERT INTO consent_records (organisation_id, brand_id, member_id, purpose_id, channel, status, source_kind, source_label, recorded_at)
                                VALUES (\(bind: org), \(bind: brand), \(bind: member), \(bind: purposes[Int.random(in: 0..<purposes.count, using: &random)]),
                                        \(bind: Bool.random(using: &random) ? "email" : "sms"), \(bind: pending ? "pending" : "granted"), 'form',
                                        \(bind: "activation \(slugs[activation] ?? "")"), \(bind: at)) RETURNING id
                                """).first()!.decode(column: "id", as: Int64.self)
                            if pending && Bool.random(using: &random) {
                                try await sql.raw("""
                                    INSERT INTO consent_records (organisation_id, brand_id, member_id, purpose_id, channel, status, source_kind, source_id, source_label, recorded_at)
                                    SELECT organisation_id, brand_id, member_id, purpose_id, channel, 'granted', 'double_opt_in', id, 'confirmation', recorded_at + 1000
                                    FROM consent_records WHERE id = \(bind: consent)
                                    """).run()
                            }
                        }
                    }
                    if Int.random(in: 0..<4, using: &random) == 0 {
                        let at = midnight(seen + Int64.random(in: 0..<600, using: &random))
                        try await sql.raw("""
                            INSERT INTO coupons (organisation_id, brand_id, member_id, code, status, issued_at, expires_at, redeemed_at)
                            VALUES (\(bind: org), \(bind: brand), \(bind: member), \(bind: "C\(seed)-\(index)"), 'redeemed', \(bind: at), \(bind: at), \(bind: at))
                            """).run()
                        try await sql.raw("""
                            INSERT INTO points_entries (organisation_id, brand_id, member_id, kind, points, balance_after, source, recorded_by, occurred_at)
                            VALUES (\(bind: org), \(bind: brand), \(bind: member), 'spend', \(bind: -Int64.random(in: 10...500, using: &random)), 0, 'reward', 'test', \(bind: at))
                            """).run()
                    }
                    var at = seen
                    for _ in 0..<Int.random(in: 0...4, using: &random) {
                        at += Int64.random(in: 0..<120, using: &random)
                        let status = Bool.random(using: &random) ? "granted" : "withdrawn"
                        let source = status == "withdrawn" && Int.random(in: 0..<5, using: &random) == 0 ? "erasure" : "form"
                        try await sql.raw("""
                            INSERT INTO consent_records (organisation_id, brand_id, member_id, purpose_id, channel, status, source_kind, source_label, recorded_at)
                            VALUES (\(bind: org), \(bind: brand), \(bind: member), \(bind: purposes[Int.random(in: 0..<purposes.count, using: &random)]),
                                    \(bind: Bool.random(using: &random) ? "email" : "sms"), \(bind: status), \(bind: source), 'test', \(bind: midnight(at)))
                            """).run()
                    }
                    if Int.random(in: 0..<10, using: &random) == 0 {
                        let at = midnight(seen + Int64.random(in: 1..<400, using: &random))
                        try await sql.raw("UPDATE members SET erased_at = \(bind: at) WHERE id = \(bind: member)").run()
                        if Bool.random(using: &random) {
                            try await sql.raw("""
                                INSERT INTO audit_log (organisation_id, actor_kind, actor_label, action, target_kind, target_id, at)
                                VALUES (\(bind: org), 'staff', 'test', 'member.erased', 'member', \(bind: member), \(bind: at))
                                """).run()
                        }
                    }
                }
            }
        }
    }

    /// Every community figure from the counters equals the same figure counted from the tables.
    /// Clicks (bots, repeats that do not count) on each activation's link, on a second link to
    /// it and on a link to no activation; visits with visitors coming through both links; page
    /// and widget visitors. Several rows per statement (PostgreSQL counts them per statement).
    static func visitors(_ sql: any SQLDatabase, activations: [Int], links: [Int: Int64], organisation org: Int64, brand: Int64, sharer: Int64,
                         seed: UInt64, random: inout DemoRandom) async throws {
        let elsewhere = try await sql.raw("""
            INSERT INTO share_links (organisation_id, brand_id, member_id, activation_id, target_key, target_url, code, created_at)
            VALUES (\(bind: org), \(bind: brand), \(bind: sharer), NULL, 'url:https://example.com/', 'https://example.com/', \(bind: "S\(seed)u"), 0) RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
        for activation in activations {
            guard let first = links[activation] else { continue }
            let second = try await sql.raw("""
                INSERT INTO share_links (organisation_id, brand_id, member_id, activation_id, target_key, target_url, code, created_at)
                VALUES (\(bind: org), \(bind: brand), \(bind: sharer), \(bind: activation), \(bind: "activation:\(activation)#2"), 'https://example.com/',
                        \(bind: "S\(seed)y\(activation)"), 0) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            var clicks: [String] = [], visits: Set<String> = []
            for _ in 0..<Int.random(in: 4...30, using: &random) {
                let link = [first, second, elsewhere][Int.random(in: 0..<3, using: &random)]
                let visitor = "v\(Int.random(in: 0..<10, using: &random))"
                let bot = Int.random(in: 0..<5, using: &random) == 0, counted = !bot && Bool.random(using: &random)
                // The click writer copies the link's brand and activation onto its clicks and visits.
                let linkActivation = link == elsewhere ? "NULL" : "\(activation)"
                clicks.append("(\(link), \(brand), \(linkActivation), '\(visitor)', \(counted ? 1 : 0), \(bot ? 1 : 0), \(Int.random(in: 0..<1000, using: &random)))")
                if counted { visits.insert("(\(link), \(brand), \(linkActivation), '\(visitor)', 0)") }
            }
            try await sql.raw(SQLQueryString(stringLiteral: """
                INSERT INTO share_clicks (link_id, brand_id, activation_id, visitor_hash, counted, bot, clicked_at) VALUES \(clicks.joined(separator: ", "))
                """)).run()
            if !visits.isEmpty {
                try await sql.raw(SQLQueryString(stringLiteral: """
                    INSERT INTO share_visits (link_id, brand_id, activation_id, visitor_hash, visited_at) VALUES \(visits.sorted().joined(separator: ", "))
                    ON CONFLICT (link_id, visitor_hash) DO NOTHING
                    """)).run()
            }
            let viewers = (0..<Int.random(in: 0...6, using: &random)).map { "(\(activation), '\(Bool.random(using: &random) ? "page" : "widget")', 'p\(seed)-\($0)', 0)" }
            if !viewers.isEmpty {
                try await sql.raw(SQLQueryString(stringLiteral: """
                    INSERT INTO activation_view_visitors (activation_id, kind, visitor_hash, first_day) VALUES \(viewers.joined(separator: ", "))
                    """)).run()
            }
        }
    }

    static func compare(_ world: TestWorld, _ context: String) async throws {
        let brand = world.brandA.id, org = world.organisation.id
        try await world.withDatabase { database in
            // The test server's own job may hold a batch (PostgreSQL skips the rows it has locked): wait for it.
            let rollups = Rollups(database: database)
            for _ in 0..<200 {
                try await rollups.catchUp()
                if try await rollups.pending() == 0 { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(try await rollups.pending() == 0)
            try await database.readOnly { sql in
                let month = { (year: Int, month: Int) in MonthGrid.start(year: year, month: month) }
                var ranges: [(Int64, Int64)] = [(month(2024, 1), month(2025, 1)), (month(2025, 1), month(2026, 1)), (month(2025, 3), month(2025, 6)),
                                                (month(2024, 6), month(2024, 7)), (month(2023, 1), month(2027, 1))]
                var random = DemoRandom(seed: 99)
                for _ in 0..<12 {
                    let from = month(2024, 1) + Int64.random(in: 0..<900, using: &random) * Clock.dayMillis
                    ranges.append((from, from + Int64.random(in: 1..<200, using: &random) * Clock.dayMillis))
                }
                // The history is not trivial: every kind of figure has something to count.
                let (y2025, y2026) = (month(2025, 1), month(2026, 1))
                #expect(try await RollupFigures.active(brandID: brand, from: y2025, to: y2026, on: sql) > 20)
                #expect(try await RollupFigures.reactivated(brandID: brand, from: y2025, to: y2026, dormantDays: 90, on: sql) ?? 0 > 5)
                #expect(try await RollupFigures.unsubscribes(brandID: brand, from: month(2024, 1), to: month(2027, 1), on: sql) > 2)
                #expect(try await RollupFigures.erasures(brandID: brand, from: month(2024, 1), to: month(2027, 1), on: sql) > 0)
                #expect(try await RollupFigures.pointsSpent(brandID: brand, from: month(2024, 1), to: month(2027, 1), on: sql) > 0)
                for (from, to) in ranges {
                    let label = "\(context) \(Clock.iso(from))…\(Clock.iso(to))"
                    #expect(try await RollupFigures.members(brandID: brand, at: to, on: sql) == CommunityQueries.members(brandID: brand, at: to, on: sql), "\(label) members")
                    #expect(try await RollupFigures.newMembers(brandID: brand, from: from, to: to, on: sql)
                            == CommunityQueries.newMembers(brandID: brand, from: from, to: to, on: sql), "\(label) new")
                    #expect(try await RollupFigures.active(brandID: brand, from: from, to: to, on: sql)
                            == CommunityQueries.active(brandID: brand, from: from, to: to, on: sql), "\(label) active")
                    for days in MemberContribution.dormancyThresholds {
                        #expect(try await RollupFigures.reactivated(brandID: brand, from: from, to: to, dormantDays: Int(days), on: sql)
                                == CommunityQueries.reactivated(brandID: brand, from: from, to: to, dormantDays: Int(days), on: sql), "\(label) reactivated \(days)")
                    }
                    #expect(try await RollupFigures.unsubscribes(brandID: brand, from: from, to: to, on: sql)
                            == CommunityQueries.unsubscribes(brandID: brand, from: from, to: to, on: sql), "\(label) unsubscribes")
                    #expect(try await RollupFigures.erasures(brandID: brand, from: from, to: to, on: sql)
                            == CommunityQueries.erasures(organisationID: org, brandID: brand, from: from, to: to, on: sql), "\(label) erasures")
                    #expect(try await RollupFigures.pointsSpent(brandID: brand, from: from, to: to, on: sql)
                            == CommunityQueries.pointsSpent(brandID: brand, from: from, to: to, on: sql), "\(label) points")
                }
                // Every activation's report: member figures from the counters, the rest from the tables.
                let activations = try await sql.raw("SELECT * FROM activations WHERE brand_id = \(bind: brand) ORDER BY id").all()
                    .map { try ActivationStore.activation($0, rules: nil) }
                let now = MonthGrid.start(year: 2027, month: 1)
                let reports = ActivationReports(database: database, budgets: BudgetStore(database: database, audit: AuditLog(database: database)),
                                                reach: ReachStore(database: database, audit: AuditLog(database: database)), valueModels: ValueModelStore(database: database, audit: AuditLog(database: database)),
                                                rollups: rollups)
                var participants = 0, visits = 0, visitors = 0, pageVisitors = 0
                // 45 days is not kept by the counters: reactivations are counted from the tables.
                for days in MemberContribution.dormancyThresholds + [45] {
                    let read = try await reports.reports(activations, dormantDays: Int(days), now: now, on: sql)
                    for (activation, report) in zip(activations, read) {
                        #expect(report.outcomes == (try await OutcomeQueries.outcomes(of: activation, on: sql)), "\(context) outcomes of \(activation.slug)")
                        #expect(report.continuity == (try await ContinuityQueries.continuity(of: activation, dormantDays: Int(days), now: now, on: sql)),
                                "\(context) continuity of \(activation.slug), \(days) days")
                        if days == 30 {
                            participants += report.outcomes.participants
                            visits += report.outcomes.shareVisits
                            visitors += report.outcomes.uniqueVisitors
                            pageVisitors += report.outcomes.pageVisitors
                        }
                    }
                }
                #expect(participants > 30)
                // Visitors came through both links of an activation: fewer distinct visitors than visits.
                #expect(visitors > 0 && visitors < visits && pageVisitors > 0, "\(context) visitors \(visitors), visits \(visits), page visitors \(pageVisitors)")
                for period in ["2024", "2025", "2025-Q2", "2024-11"] {
                    let parsed = try ReportPeriod.parse(period: period, from: nil, to: nil, now: 0).get()
                    let grid = MonthGrid.ending(with: parsed)
                    let monthly = try await RollupFigures.monthly(brandID: brand, grid: grid, on: sql)
                    #expect(monthly.joined == (try await CommunityQueries.perMonth(CommunityQueries.joinedRows(brandID: brand, grid: grid), grid: grid, distinct: false, on: sql)), "\(context) \(period) joined")
                    #expect(monthly.left == (try await CommunityQueries.perMonth(CommunityQueries.leftRows(brandID: brand, grid: grid), grid: grid, distinct: false, on: sql)), "\(context) \(period) left")
                    #expect(monthly.spent == (try await CommunityQueries.pointsSpent(brandID: brand, grid: grid, on: sql)), "\(context) \(period) spent")
                    let activity = try await RollupFigures.monthlyActivity(brandID: brand, grid: grid, dormantDays: 90, on: sql)
                    #expect(activity.active == (try await CommunityQueries.perMonth(CommunityQueries.activityRows(brandID: brand, grid: grid), grid: grid, distinct: true, on: sql)),
                            "\(context) \(period) active")
                    #expect(activity.reactivated == (try await CommunityQueries.perMonth(CommunityQueries.reactivationRows(brandID: brand, grid: grid, dormantDays: 90),
                                                                                         grid: grid, distinct: true, on: sql)), "\(context) \(period) reactivated")
                    #expect(try await RollupFigures.cohortActivity(brandID: brand, grid: grid, on: sql)
                            == CommunityQueries.cohortActivity(brandID: brand, grid: grid, on: sql), "\(context) \(period) cohorts")
                }
            }
        }
    }

    @Test("The counters equal the figures counted from the tables, before and after entries are invalidated, profiles merged and members erased")
    func sameAsCountedFromTables() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var activations: [Int] = []
            for slug in ["hiver", "printemps", "ete", "automne"] {
                activations.append(try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(slug: slug)))
            }
            // Openings spread over the history (two at the same instant: the higher id is the later one).
            let opened = activations
            try await world.withDatabase { database in
                try await database.transaction { sql in
                    for (index, activation) in opened.enumerated() {
                        let opens = MonthGrid.start(year: 2024, month: 1 + 5 * min(index, 2))
                        try await sql.raw("UPDATE activations SET opens_at = \(bind: opens) WHERE id = \(bind: activation)").run()
                    }
                }
            }
            try await Self.history(world, activations: activations, seed: 7)
            try await Self.compare(world, "first count")
            // Changes after the first count move the counters by exactly what changed.
            try await Self.change(world)
            try await Self.compare(world, "after changes")
            try await Self.history(world, activations: activations, seed: 8)
            try await Self.compare(world, "after more members")
            // Moving an opening changes which activations come after which.
            try await BrandOverviewTests.exec(world, ["UPDATE activations SET opens_at = \(MonthGrid.start(year: 2023, month: 6)) WHERE id = \(activations[3])"])
            try await Self.compare(world, "after a moved opening")
        }
    }

    /// Entries invalidated and moved in time, a merge, an erasure, a purpose that becomes marketing.
    static func change(_ world: TestWorld) async throws {
        try await world.withDatabase { database in
            try await database.transaction { sql in
                try await sql.raw("UPDATE activation_entries SET status = 'invalidated' WHERE id % 5 = 0").run()
                try await sql.raw("UPDATE activation_entries SET created_at = created_at + \(bind: 40 * Clock.dayMillis) WHERE id % 7 = 0").run()
                let ids = try await sql.raw("SELECT id FROM members WHERE erased_at IS NULL ORDER BY id LIMIT 4").all().map { try $0.decode(column: "id", as: Int64.self) }
                // A merge moves the second profile's rows to the first and drops its brand link; another member is erased.
                try await sql.raw("UPDATE activation_entries SET member_id = \(bind: ids[0]) WHERE member_id = \(bind: ids[1])").run()
                try await sql.raw("UPDATE consent_records SET member_id = \(bind: ids[0]) WHERE member_id = \(bind: ids[1])").run()
                try await sql.raw("DELETE FROM member_brands WHERE member_id = \(bind: ids[1])").run()
                try await sql.raw("UPDATE members SET merged_into_id = \(bind: ids[0]) WHERE id = \(bind: ids[1])").run()
                try await sql.raw("""
                    UPDATE members SET erased_at = (SELECT first_seen_at FROM member_brands WHERE member_id = \(bind: ids[2])) + \(bind: 30 * Clock.dayMillis)
                    WHERE id = \(bind: ids[2])
                    """).run()
                try await sql.raw("UPDATE consent_purposes SET is_marketing = 1 - is_marketing WHERE key = 'service'").run()
                // Ledger lines moved in time, corrected, removed, and reasons emptied by an erasure.
                try await sql.raw("UPDATE points_entries SET occurred_at = occurred_at + \(bind: 40 * Clock.dayMillis) WHERE kind = 'spend' AND id % 3 = 0").run()
                try await sql.raw("UPDATE points_entries SET points = points - 7 WHERE kind = 'spend' AND id % 4 = 1").run()
                try await sql.raw("UPDATE points_entries SET kind = 'adjust' WHERE kind = 'spend' AND id % 9 = 2").run()
                try await sql.raw("DELETE FROM points_entries WHERE kind = 'spend' AND id % 5 = 3").run()
                try await sql.raw("UPDATE points_entries SET reason = ''").run()
            }
        }
    }

    @Test("Points spent move with the ledger's lines; only lines a contribution reads mark their member")
    func pointsSpentByTrigger() async throws {
        let world = try await TestWorld.make()
        let org = world.organisation.id, brand = world.brandA.id
        let day: Int64 = 20_400, at = day * Clock.dayMillis + 3_600_000
        try await world.withDatabase { database in
            let rollups = Rollups(database: database)
            func spentThatDay() async throws -> Int64 {
                try await rollups.applyQueuedCounts()
                return try await database.readOnly { sql in try await RollupFigures.pointsSpent(brandID: brand, from: day * Clock.dayMillis, to: (day + 1) * Clock.dayMillis, on: sql) }
            }
            @Sendable func line(_ sql: any SQLDatabase, member: Int64, kind: String, points: Int64, activation: String? = nil) async throws {
                try await sql.raw("""
                    INSERT INTO points_entries (organisation_id, brand_id, member_id, kind, points, balance_after, source, activation_ref, recorded_by, occurred_at)
                    VALUES (\(bind: org), \(bind: brand), \(bind: member), \(bind: kind), \(bind: points), 0, 'test', \(bind: activation), 'test', \(bind: at))
                    """).run()
            }
            let member = try await database.transaction { sql in
                try await sql.raw("INSERT INTO members (organisation_id, created_at, updated_at, last_contact_at) VALUES (\(bind: org), 0, 0, 0) RETURNING id")
                    .first()!.decode(column: "id", as: Int64.self)
            }
            _ = try await rollups.catchUp()
            #expect(try await rollups.pending() == 0)

            // Spends and plain earns: the counter moves at once, and the member is not marked.
            try await database.transaction { sql in
                try await line(sql, member: member, kind: "spend", points: -120)
                try await line(sql, member: member, kind: "spend", points: -30)
                try await line(sql, member: member, kind: "earn", points: 500)
            }
            #expect(try await spentThatDay() == 150)
            #expect(try await rollups.pending() == 0)
            // Emptying the reasons (an erasure) marks nobody and moves nothing.
            try await database.transaction { sql in try await sql.raw("UPDATE points_entries SET reason = '' WHERE member_id = \(bind: member)").run() }
            #expect(try await rollups.pending() == 0)
            #expect(try await spentThatDay() == 150)

            // An earn credited to an activation is read by the member's contribution: it marks them.
            try await database.transaction { sql in try await line(sql, member: member, kind: "earn", points: 40, activation: "1") }
            #expect(try await rollups.pending() == 1)

            // A contribution stored before the counter moved by trigger still holds it: it is left out.
            try await database.transaction { sql in
                try await sql.raw("""
                    INSERT INTO rollup_members (member_id, brand_id, contribution) VALUES (\(bind: member), \(bind: brand), \(bind: "ps/0/\(day):999"))
                    ON CONFLICT (member_id, brand_id) DO UPDATE SET contribution = excluded.contribution
                    """).run()
            }
            _ = try await rollups.catchUp()
            #expect(try await rollups.pending() == 0)
            #expect(try await spentThatDay() == 150)

            // A spend corrected, then removed.
            try await database.transaction { sql in
                try await sql.raw("UPDATE points_entries SET points = -100 WHERE member_id = \(bind: member) AND points = -120").run()
            }
            #expect(try await spentThatDay() == 130)
            try await database.transaction { sql in
                try await sql.raw("DELETE FROM points_entries WHERE member_id = \(bind: member) AND kind = 'spend'").run()
            }
            #expect(try await spentThatDay() == 0)
        }
    }
}
