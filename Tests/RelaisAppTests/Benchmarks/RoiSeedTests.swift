import Foundation
import HummingbirdTesting
import Logging
import SQLKit
import Testing
@testable import RelaisApp

/// The history `relais bench seed-roi` writes must stay what the app itself would have written:
/// a small one is seeded and read back through the brand overview and the activation reports.
@Suite("ROI benchmark seed")
struct RoiSeedTests {
    static func count(_ database: Database, _ query: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw(SQLQueryString(stringLiteral: query)).first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test("A seeded history is counted by the overview and the reports as it was written")
    func seededHistory() async throws {
        let configuration = AppConfiguration(host: "127.0.0.1", port: 0, database: try await TestDatabase.fresh(),
                                             publicBaseURL: "http://relais.test", logLevel: .warning)
        var options = BenchmarkRoiSeed.Options()
        options.members = 600
        options.activations = 12
        options.events = 6_000
        options.seed = 3
        options.until = MonthGrid.start(year: 2026, month: 1)
        let seeded = try await BenchmarkRoiSeed.run(configuration: configuration, options: options) { _ in }
        let c = seeded.counts
        #expect(c.members == 600 && c.activations == 12 && seeded.activationIDs.count == 12)
        #expect(c.invalidatedEntries > 0 && c.consentRecords > 0 && c.shareClicks > 0 && c.coupons > 0 && c.redeemedCoupons > 0)
        #expect(Double(seeded.events) > 0.7 * 6_000 && Double(seeded.events) < 1.3 * 6_000, "events \(seeded.events)")

        // What is in the database is what the report says was written.
        let database = try await Database.open(configuration.database, logger: Logger(label: "test"))
        let inYear = "first_seen_at >= \(MonthGrid.start(year: 2025, month: 1)) AND first_seen_at < \(options.until)"
        let stored = (members: try await Self.count(database, "SELECT COUNT(*) AS n FROM members"),
                      entries: try await Self.count(database, "SELECT COUNT(*) AS n FROM activation_entries"),
                      consents: try await Self.count(database, "SELECT COUNT(*) AS n FROM consent_records"),
                      coupons: try await Self.count(database, "SELECT COUNT(*) AS n FROM coupons"),
                      points: try await Self.count(database, "SELECT COUNT(*) AS n FROM points_entries"),
                      timeline: try await Self.count(database, "SELECT COUNT(*) AS n FROM timeline_events"),
                      newIn2025: try await Self.count(database, "SELECT COUNT(*) AS n FROM member_brands WHERE \(inYear)"),
                      erased: try await Self.count(database, "SELECT COUNT(*) AS n FROM members WHERE erased_at IS NOT NULL"),
                      badBalances: try await Self.count(database, """
                          SELECT COUNT(*) AS n FROM points_accounts a
                          WHERE a.balance <> (SELECT COALESCE(SUM(points), 0) FROM points_entries p WHERE p.brand_id = a.brand_id AND p.member_id = a.member_id)
                          """))
        var counted: [Int64: Int] = [:]
        for id in seeded.activationIDs {
            counted[id] = try await Self.count(database, "SELECT COUNT(DISTINCT member_id) AS n FROM activation_entries WHERE activation_id = \(id) AND status = 'valid'")
        }
        await database.close()
        let participants = counted
        #expect(stored.members == c.members && stored.entries == c.entries && stored.consents == c.consentRecords && stored.coupons == c.coupons)
        #expect(stored.points == c.pointsEntries && stored.timeline == c.timelineEvents && stored.erased == c.erasedMembers)
        #expect(stored.badBalances == 0)

        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            let overview = try await client.api(.get, "/api/v1/brand/overview?period=2025", key: seeded.apiKey)
            #expect(overview.status == .ok, "\(overview.text.prefix(300))")
            let community = overview.json["community"] as? [String: Any] ?? [:]
            // Every member was first seen before the end of 2025; the erased ones have left.
            #expect(community["members"] as? Int == c.members - c.erasedMembers)
            #expect(community["newMembers"] as? Int == stored.newIn2025)
            #expect((community["activeMembersInPeriod"] as? Int ?? 0) > 0)
            let months = overview.json["months"] as? [[String: Any]] ?? []
            #expect(months.count == 12)
            #expect(months.reduce(0) { $0 + ($1["newMembers"] as? Int ?? 0) } == stored.newIn2025)
            let lines = overview.json["activations"] as? [[String: Any]] ?? []
            #expect(!lines.isEmpty)
            for line in lines {
                let id = (line["activationId"] as? Int).map(Int64.init) ?? 0
                #expect(line["participants"] as? Int == participants[id], "activation \(id)")
            }
            // The four busiest activations (the first ones open when the community is still small).
            for id in seeded.activationIDs.sorted(by: { (participants[$0] ?? 0) > (participants[$1] ?? 0) }).prefix(4) {
                #expect((participants[id] ?? 0) > 0)
                let report = try await client.api(.get, "/api/v1/activations/\(id)/report", key: seeded.apiKey)
                #expect(report.status == .ok, "\(report.text.prefix(300))")
                let outcomes = report.json["outcomes"] as? [String: Any] ?? [:]
                #expect(outcomes["participants"] as? Int == participants[id], "activation \(id)")
                #expect((outcomes["pointsGiven"] as? Int ?? 0) > 0, "activation \(id)")
            }
        }
    }
}
