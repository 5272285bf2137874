import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Brand overview")
struct BrandOverviewTests {
    /// 2025-MM-DD at 10:00 UTC, in epoch milliseconds.
    static func day(_ month: Int, _ day: Int, year: Int = 2025) -> Int64 {
        MonthGrid.start(year: year, month: month) + Int64(day - 1) * Clock.dayMillis + 10 * 3_600_000
    }

    /// Runs statements on the test database (moving the history into the past).
    static func exec(_ world: TestWorld, _ statements: [String]) async throws {
        try await world.withDatabase { database in
            try await database.transaction { sql in
                for statement in statements { try await sql.raw(SQLQueryString(stringLiteral: statement)).run() }
            }
        }
    }

    /// Enters `email` in brand A's activation `slug`; returns the member id.
    static func enter(_ client: some TestClientProtocol, _ world: TestWorld, _ email: String, slug: String) async throws -> Int {
        let entered = try await ActivationFixture.enter(client, slug: slug, body: ActivationFixture.entry(email: email))
        #expect(entered.status == .created, "\(email): \(entered.text)")
        return try await ActivationReportTests.memberID(world, email)
    }

    @Test("A known year gives exactly the hand-computed community P&L, trend, cohorts, continuity and ranking")
    func knownHistory() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            // Three activations opened on 10 January, 10 March and 10 June 2025.
            var activations: [Int] = []
            for slug in ["noel", "printemps", "ete"] {
                activations.append(try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(slug: slug)))
            }
            let (a1, a2, a3) = (activations[0], activations[1], activations[2])
            // Kim, known since June 2024 with an SMS newsletter consent; Pia, imported in February and erased in May.
            let kim = try await ActivationReportTests.member(client, world, #"{"phone":"+33611111111","email":"kim@example.com","consents":[{"purpose":"newsletter","channel":"sms","granted":true}]}"#)
            let pia = try await ActivationReportTests.member(client, world, #"{"email":"pia@example.com"}"#)
            _ = try await Self.enter(client, world, "kim@example.com", slug: "noel")
            let lea = try await Self.enter(client, world, "lea@example.com", slug: "noel")
            let max = try await Self.enter(client, world, "max@example.com", slug: "noel")
            let noe = try await Self.enter(client, world, "noe@example.com", slug: "noel")
            _ = try await Self.enter(client, world, "lea@example.com", slug: "printemps")
            _ = try await Self.enter(client, world, "noe@example.com", slug: "printemps")
            let oli = try await Self.enter(client, world, "oli@example.com", slug: "printemps")
            _ = try await Self.enter(client, world, "lea@example.com", slug: "ete")
            _ = try await Self.enter(client, world, "max@example.com", slug: "ete")
            #expect(try await client.api(.post, "/api/v1/members/\(kim)/consents", key: world.keyA,
                                         json: #"{"purpose":"newsletter","channel":"sms","granted":false}"#).status == .created)
            #expect(try await client.api(.delete, "/api/v1/members/\(pia)", key: world.keyDPOA).status.code < 300)
            // Léa came to the summer activation through Kim's share link.
            let code = try await ShareFixture.code(client, world, member: kim, activation: a3)
            // Costs: 1 200 € (actual) for the first, 500 € planned for the second, 300 € for the brand in February.
            for (activation, body) in [(a1, #"{"category":"media","label":"Radio","plannedCents":100000,"actualCents":120000}"#),
                                       (a2, #"{"category":"agency","label":"Affiches","plannedCents":50000}"#)] {
                #expect(try await client.api(.post, "/api/v1/activations/\(activation)/budget-lines", key: world.keyA, json: body).status == .created)
            }
            #expect(try await client.api(.post, "/api/v1/budget-lines", key: world.keyA, json: #"{"category":"platform","plannedCents":30000}"#).status == .created)
            let model = try await client.api(.put, "/api/v1/value-model", key: world.keyA,
                                             json: #"{"currency":"EUR","newMemberCents":2500,"storeVisitCents":1000,"pointCents":1}"#)
            #expect(model.status == .ok && model.json["pointCents"] as? Int == 1, "\(model.text)")

            let entry = { (member: Int, activation: Int) in "(SELECT id FROM activation_entries WHERE member_id = \(member) AND activation_id = \(activation))" }
            func d(_ month: Int, _ day: Int, year: Int = 2025) -> Int64 { Self.day(month, day, year: year) }
            try await Self.exec(world, [
                "UPDATE activations SET opens_at = \(d(1, 10)) WHERE id = \(a1)",
                "UPDATE activations SET opens_at = \(d(3, 10)) WHERE id = \(a2)",
                "UPDATE activations SET opens_at = \(d(6, 10)) WHERE id = \(a3)",
                "UPDATE member_brands SET first_seen_at = \(d(6, 1, year: 2024)) WHERE member_id = \(kim)",
                "UPDATE member_brands SET first_seen_at = \(d(1, 15)) WHERE member_id = \(lea)",
                "UPDATE member_brands SET first_seen_at = \(d(1, 20)) WHERE member_id = \(max)",
                "UPDATE member_brands SET first_seen_at = \(d(1, 25)) WHERE member_id = \(noe)",
                "UPDATE member_brands SET first_seen_at = \(d(3, 12)) WHERE member_id = \(oli)",
                "UPDATE member_brands SET first_seen_at = \(d(2, 1)) WHERE member_id = \(pia)",
                "UPDATE activation_entries SET created_at = \(d(1, 15)) WHERE member_id IN (\(kim), \(lea)) AND activation_id = \(a1)",
                "UPDATE activation_entries SET created_at = \(d(1, 20)) WHERE member_id = \(max) AND activation_id = \(a1)",
                "UPDATE activation_entries SET created_at = \(d(1, 25)), status = 'invalidated' WHERE member_id = \(noe) AND activation_id = \(a1)",
                "UPDATE activation_entries SET created_at = \(d(3, 15)) WHERE member_id = \(lea) AND activation_id = \(a2)",
                "UPDATE activation_entries SET created_at = \(d(3, 20)) WHERE member_id = \(noe) AND activation_id = \(a2)",
                "UPDATE activation_entries SET created_at = \(d(3, 12)) WHERE member_id = \(oli) AND activation_id = \(a2)",
                "UPDATE activation_entries SET created_at = \(d(6, 15)) WHERE member_id = \(lea) AND activation_id = \(a3)",
                "UPDATE activation_entries SET created_at = \(d(6, 20)) WHERE member_id = \(max) AND activation_id = \(a3)",
                """
                INSERT INTO share_attributions (organisation_id, brand_id, activation_id, member_id, entry_id, kind, first_link_id, first_sharer_id, first_at,
                                                last_link_id, last_sharer_id, last_at, self_referral, created_at)
                SELECT l.organisation_id, l.brand_id, \(a3), \(lea), \(entry(lea, a3)), 'entry', l.id, \(kim), \(d(6, 15)), l.id, \(kim), \(d(6, 15)), 0, \(d(6, 15))
                FROM share_links l WHERE l.code = '\(code)'
                """,
                // Store visits with reward coupons: Max in October, Oli in December (after 283 days without activity), who spent 500 points.
                """
                INSERT INTO coupons (organisation_id, brand_id, member_id, code, status, issued_at, expires_at, redeemed_at)
                SELECT organisation_id, brand_id, member_id, 'MAX-1', 'redeemed', \(d(10, 1)), \(d(12, 31)), \(d(10, 15)) FROM member_brands WHERE member_id = \(max)
                """,
                """
                INSERT INTO coupons (organisation_id, brand_id, member_id, code, status, issued_at, expires_at, redeemed_at)
                SELECT organisation_id, brand_id, member_id, 'OLI-1', 'redeemed', \(d(12, 1)), \(d(12, 31)), \(d(12, 20)) FROM member_brands WHERE member_id = \(oli)
                """,
                """
                INSERT INTO points_entries (organisation_id, brand_id, member_id, kind, points, balance_after, source, recorded_by, occurred_at)
                SELECT organisation_id, brand_id, member_id, 'spend', -500, 0, 'reward', 'test', \(d(12, 1)) FROM member_brands WHERE member_id = \(oli)
                """,
                "UPDATE consent_records SET recorded_at = \(d(6, 1, year: 2024)) WHERE member_id = \(kim) AND status = 'granted'",
                "UPDATE consent_records SET recorded_at = \(d(7, 1)) WHERE member_id = \(kim) AND status = 'withdrawn'",
                "UPDATE members SET erased_at = \(d(5, 10)) WHERE id = \(pia)",
                "UPDATE audit_log SET at = \(d(5, 10)) WHERE action = 'member.erased' AND target_id = \(pia)",
                "UPDATE budget_lines SET created_at = \(d(2, 1)) WHERE activation_id IS NULL",
            ])

            let response = try await client.api(.get, "/api/v1/brand/overview?period=2025", key: world.keyAnalystA)
            #expect(response.status == .ok, "\(response.text)")
            let o = response.json
            #expect((o["period"] as? [String: Any])?["asOf"] as? String == "2026-01-01T00:00:00Z")
            #expect(o["pendingMembers"] as? Int == 0, "every change made before the request is counted")
            let community = try #require(o["community"] as? [String: Any])
            // Members at the end: Kim, Léa, Max, Noé, Oli (Pia was erased). New in 2025: Léa, Max, Noé, Oli and Pia (an anonymous count).
            // Active over the last 30 days: Oli (20 December); over 90 days: Oli and Max (15 October). In the year: all but Pia.
            // Reactivated: Kim (first entry after 7 months) and Oli (store visit 283 days after his entry). Kim's withdrawal left
            // her without marketing consent; Pia's erasure is an erasure.
            let expected = ["members": 5, "newMembers": 5, "activeMembers30Days": 1, "activeMembers90Days": 2, "activeMembersInPeriod": 5,
                            "reactivatedMembers": 2, "unsubscribes": 1, "erasures": 1]
            for (figure, value) in expected { #expect(community[figure] as? Int == value, "\(figure): \(community[figure] ?? "nil")") }
            // Costs: activations 1 200 + 500 = 1 700 €; brand 300 €; rewards 500 points × 0.01 € = 5 €; total 2 005 €.
            // Acquisition: 170 000 ÷ 5 new = 34 000; retention: (30 000 + 500) ÷ 5 active = 6 100.
            let costs = try #require(o["costs"] as? [[String: Any]])
            #expect(costs.count == 1 && costs[0]["currency"] as? String == "EUR")
            #expect(costs[0]["activationsCents"] as? Int == 170_000 && costs[0]["brandCents"] as? Int == 30_000 && costs[0]["rewardsCents"] as? Int == 500
                    && costs[0]["totalCents"] as? Int == 200_500, "\(costs[0])")
            #expect(costs[0]["acquisitionCostPerNewMemberCents"] as? Int == 34_000 && costs[0]["retentionCostPerActiveMemberCents"] as? Int == 6_100)
            #expect(o["pointsSpent"] as? Int == 500)
            // Value: 2 new members of the first activation and 1 of the second at 25 € = 75 €; ROI = (7 500 − 200 500) ÷ 200 500 = −0.96259…
            #expect(o["valueCents"] as? Int == 7_500)
            #expect((o["roi"] as? [String: Any])?["value"] as? Double == -0.9626, "\(o["roi"] ?? "")")

            // Months: 1 member on 1 January; Léa, Max, Noé join in January, Pia in February, Oli in March; Pia leaves in May.
            let months = try #require(o["months"] as? [[String: Any]])
            #expect(months.map { $0["month"] as? String } == (1...12).map { String(format: "2025-%02d", $0) })
            #expect(months.map { $0["members"] as? Int } == [4, 5, 6, 6, 5, 5, 5, 5, 5, 5, 5, 5])
            #expect(months.map { $0["newMembers"] as? Int } == [3, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
            #expect(months.map { $0["activeMembers"] as? Int } == [3, 0, 3, 0, 0, 2, 0, 0, 0, 1, 0, 1])
            #expect(months.map { $0["reactivatedMembers"] as? Int } == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
            #expect(months.map { $0["valueCents"] as? Int } == [5_000, 0, 2_500, 0, 0, 0, 0, 0, 0, 0, 0, 0])
            #expect(months.map { $0["costCents"] as? Int } == [120_000, 30_000, 50_000, 0, 0, 0, 0, 0, 0, 0, 0, 500])
            // Cohorts: January's three (Léa, Max, Noé) active in January (Léa, Max), March (Léa, Noé), June (Léa, Max), October (Max).
            let cohorts = try #require(o["cohorts"] as? [[String: Any]])
            #expect(cohorts.count == 12)
            #expect(cohorts[0]["size"] as? Int == 3 && cohorts[0]["active"] as? [Int] == [2, 0, 2, 0, 0, 2, 0, 0, 0, 1, 0, 0], "\(cohorts[0])")
            #expect(cohorts[0]["retention"] as? [Double] == [0.6667, 0, 0.6667, 0, 0, 0.6667, 0, 0, 0, 0.3333, 0, 0])
            #expect(cohorts[1]["size"] as? Int == 1 && cohorts[1]["active"] as? [Int] == Array(repeating: 0, count: 11))
            #expect(cohorts[2]["size"] as? Int == 1 && cohorts[2]["active"] as? [Int] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
            #expect(cohorts[11]["size"] as? Int == 0 && cohorts[11]["active"] as? [Int] == [0])

            // Ranking: the second (−0.95) before the first (−115 000 ÷ 120 000 = −0.9583), the third has no cost.
            let ranked = try #require(o["activations"] as? [[String: Any]])
            #expect(ranked.map { $0["activationId"] as? Int } == [a2, a1, a3])
            #expect(ranked.map { ($0["roi"] as? [String: Any])?["value"] as? Double } == [-0.95, -0.9583, nil])
            // Continuity of the first: Léa and Max were acquired; Léa came back for N+1 on her own; both for N+2, Max on his own,
            // Léa through Kim's link; Kim was reactivated.
            let continuity = try #require(ranked[1]["continuity"] as? [String: Any])
            #expect(continuity["acquired"] as? Int == 2 && continuity["returnedAny"] as? Int == 2 && continuity["returnedAnyWithoutShareLink"] as? Int == 2
                    && continuity["reactivated"] as? Int == 1 && continuity["returnRate"] as? Double == 1, "\(continuity)")
            let later = try #require(continuity["later"] as? [[String: Any]])
            #expect(later.map { $0["activationId"] as? Int } == [a2, a3])
            #expect(later.map { $0["returned"] as? Int } == [1, 2] && later.map { $0["returnedWithoutShareLink"] as? Int } == [1, 1])
            let second = try #require(ranked[0]["continuity"] as? [String: Any])
            #expect(second["acquired"] as? Int == 1 && second["returnedAny"] as? Int == 0 && second["reactivated"] as? Int == 0)

            // The activation report shows the same continuity; the CSV the same figures.
            let report = try await client.api(.get, "/api/v1/activations/\(a1)/report", key: world.keyA)
            #expect(((report.json["continuity"] as? [String: Any])?["later"] as? [[String: Any]])?.map { $0["returned"] as? Int } == [1, 2])
            let csv = try await client.api(.get, "/api/v1/brand/overview.csv?period=2025&table=community", key: world.keyA)
            #expect(csv.status == .ok && csv.text.contains("community,members,2025,,5,count\r\n") && !csv.text.contains("costs,"), "\(csv.text)")
            let cohortCSV = try await client.api(.get, "/api/v1/brand/overview.csv?period=2025&table=cohorts", key: world.keyA)
            #expect(cohortCSV.text.contains("cohorts,active_m9,2025-03,,1,count\r\n"))
            let continuityCSV = try await client.api(.get, "/api/v1/brand/overview.csv?period=2025&table=continuity", key: world.keyA)
            #expect(continuityCSV.text.contains("continuity,returned_n2,\(a1) Grand jeu de Noël,,2,count\r\n")
                    && continuityCSV.text.contains("continuity,returned_without_share_link_n2,\(a1) Grand jeu de Noël,,1,count\r\n"), "\(continuityCSV.text)")
            let reportCSV = try await client.api(.get, "/api/v1/activations/\(a1)/report.csv?table=continuity", key: world.keyA)
            #expect(reportCSV.text.contains("continuity,returned,N+2 activation \(a3),,2,count\r\n"), "\(reportCSV.text)")

            // A quarter and a month: the first quarter has the first two activations; March alone the second.
            let quarter = try await client.api(.get, "/api/v1/brand/overview?period=2025-Q1", key: world.keyA)
            #expect((quarter.json["activations"] as? [[String: Any]])?.count == 2)
            #expect((quarter.json["community"] as? [String: Any])?["newMembers"] as? Int == 5)
            let march = try await client.api(.get, "/api/v1/brand/overview?period=2025-03&dormantDays=30", key: world.keyA)
            #expect((march.json["community"] as? [String: Any])?["activeMembersInPeriod"] as? Int == 3)
            // With 30 days of dormancy, Léa (7 weeks after her January entry) and Noé (a member since January whose entry then was invalidated) come back in March.
            #expect((march.json["community"] as? [String: Any])?["reactivatedMembers"] as? Int == 2, "\(march.text)")
            let custom = try await client.api(.get, "/api/v1/brand/overview?from=2025-01-15&to=2025-01-20", key: world.keyA)
            #expect((custom.json["community"] as? [String: Any])?["newMembers"] as? Int == 2)

            // Nothing of the erased member shows; brand B sees none of it; a unit key is refused; bad periods are 422.
            #expect(!response.text.contains("pia") && !response.text.contains("@example.com"))
            let other = try await client.api(.get, "/api/v1/brand/overview?period=2025", key: world.keyB)
            #expect((other.json["community"] as? [String: Any])?["newMembers"] as? Int == 0 && (other.json["activations"] as? [Any])?.isEmpty == true)
            #expect(try await client.api(.get, "/api/v1/brand/overview?period=2025", key: world.keyUnitA1).status == .forbidden)
            for bad in ["period=2025-13", "period=2025-Q5", "period=soon", "from=2025-02-30&to=2025-03-01", "from=2025-03-01&to=2025-02-01",
                        "from=2025-01-01", "dormantDays=7", "period=2025&table=secrets"] {
                let refused = try await client.api(.get, "/api/v1/brand/overview\(bad.contains("table") ? ".csv" : "")?\(bad)", key: world.keyA)
                #expect(refused.status == .unprocessableContent, "\(bad): \(refused.status)")
            }
        }
    }
}
