import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Activation report")
struct ActivationReportTests {
    @Test("A known history gives exactly the hand-computed figures: costs, reach, outcomes, ratios, value and ROI")
    func knownHistory() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let reward = try await LoyaltyFixture.reward(client, world, name: "Café offert", cost: 100, stock: 50)
            #expect(try await client.api(.put, "/api/v1/activations/\(activation)/store-offer", key: world.keyA, json: #"{"rewardId":\#(reward)}"#).status == .ok)
            let rule = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA, json: #"{"name":"Took part","trigger":"activation.entry","points":10}"#)
            #expect(rule.status == .created, "\(rule.text)")

            // Known before the activation: Alice (already subscribed to the newsletter) and Bruno.
            let alice = try await Self.member(client, world, #"{"email":"alice@example.com","consents":[{"purpose":"newsletter","channel":"email","granted":true,"confirmedAt":"2024-01-01T00:00:00Z"}]}"#)
            let bruno = try await Self.member(client, world, #"{"email":"bruno@example.com"}"#)
            let consent = #""consents":[{"purpose":"newsletter","wordingVersion":1}],"language":"fr""#
            for email in ["alice@example.com", "bruno@example.com", "denis@example.com", "eve@example.com"] {
                let entered = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: email, extra: consent))
                #expect(entered.status == .created, "\(email): \(entered.text)")
            }
            // Alice shares; a bot and Fanny (who never enters) follow her link; Chloé follows it and enters on the hosted page.
            let code = try await ShareFixture.code(client, world, member: alice, activation: activation)
            _ = try await ShareFixture.follow(client, code, agent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
            _ = try await ShareFixture.follow(client, code)
            let jar = ShareFixture.cookies(try await ShareFixture.follow(client, code))
            try await ShareFixture.waitForClicks(world, count: 3)
            let form = ActivationPageTests.form([("formToken", UUID().uuidString), ("email", "chloe@example.com"), ("firstName", "Chloé"),
                                                 ("acceptRules", "1"), ("rulesVersion", "1"), ("consent", "newsletter:1")])
            let hosted = try await client.raw(.post, "/a/fizz/noel", headers: [.contentType: "application/x-www-form-urlencoded", .userAgent: ShareFixture.phone,
                                                                             .cookie: jar], body: form)
            #expect(hosted.status.code < 400, "\(hosted.text)")
            let chloe = try await Self.memberID(world, "chloe@example.com")
            let denis = try await Self.memberID(world, "denis@example.com")
            let eve = try await Self.memberID(world, "eve@example.com")
            // Bruno, Denis and Eve follow their confirmation links; Alice and Chloé do not.
            for member in [bruno, denis, eve] { try await Self.confirmEmail(client, world, member: member) }
            // Eve's entry is invalidated.
            let eveEntry = try await ShareFixture.scalar(world, "SELECT id AS n FROM activation_entries WHERE member_id = \(eve)")
            #expect(try await client.api(.post, "/api/v1/activations/\(activation)/invalidations", key: world.keyA,
                                         json: #"{"entryId":\#(eveEntry),"reason":"Adresse partagée par plusieurs comptes"}"#).status == .noContent)
            // Chloé's coupon is used with a 42.50 € receipt, Denis's without an amount.
            for (member, amount) in [(chloe, ",\"amountCents\":4250"), (denis, "")] {
                let coupon = try await Self.couponCode(world, member: member)
                let redeemed = try await client.api(.post, "/api/v1/coupons/\(coupon)/redeem", key: world.keyA, json: #"{"unitId":\#(world.unitA1.id)\#(amount)}"#)
                #expect(redeemed.status == .ok, "\(redeemed.text)")
            }
            // The earning rule gives 10 points per entry (Eve's was given before it was invalidated).
            try await world.withDatabase { database in
                let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                           linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
                _ = try await services.earning.processPending()
            }

            // Costs: two lines in euros (one not invoiced yet), one in dollars, and a cost of the brand that is not the activation's.
            for body in [#"{"category":"media","label":"Instagram","plannedCents":100000,"actualCents":120000}"#,
                         #"{"category":"agency","label":"Création","plannedCents":31000,"currency":"EUR"}"#,
                         #"{"category":"prizes","label":"Coffrets","plannedCents":20000,"actualCents":18000,"currency":"usd"}"#] {
                let added = try await client.api(.post, "/api/v1/activations/\(activation)/budget-lines", key: world.keyA, json: body)
                #expect(added.status == .created, "\(added.text)")
            }
            #expect(try await client.api(.post, "/api/v1/budget-lines", key: world.keyA, json: #"{"category":"platform","plannedCents":50000}"#).status == .created)
            for body in [#"{"source":"Instagram","impressions":20000,"potentialReach":50000}"#, #"{"source":"=Radio locale","potentialReach":30000}"#] {
                #expect(try await client.api(.post, "/api/v1/activations/\(activation)/declared-reach", key: world.keyA, json: body).status == .created)
            }
            let model = try await client.api(.put, "/api/v1/value-model", key: world.keyA,
                                             json: #"{"currency":"EUR","optInCents":300,"newMemberCents":2500,"storeVisitCents":1000,"countRevenue":true}"#)
            #expect(model.status == .ok, "\(model.text)")

            let report = try await client.api(.get, "/api/v1/activations/\(activation)/report", key: world.keyAnalystA)
            #expect(report.status == .ok, "\(report.text)")
            let outcomes = try #require(report.json["outcomes"] as? [String: Any])
            // Participants: Alice, Bruno, Chloé, Denis (Eve's entry was invalidated); Alice and Bruno were known.
            let expected: [String: Int] = ["participants": 4, "newMembers": 2, "knownMembers": 2, "optInsTotal": 2, "confirmedEmails": 2,
                                           "shareLinks": 1, "shareClicks": 2, "shareVisits": 2, "uniqueVisitors": 2, "shareSignups": 1,
                                           "referrals": 0, "couponsIssued": 4, "storeVisits": 2, "storeVisitsWithAmount": 1,
                                           "revenueCents": 4250, "pointsGiven": 50, "pointsRedeemed": 0]
            for (figure, value) in expected { #expect(outcomes[figure] as? Int == value, "\(figure): \(outcomes[figure] ?? "nil")") }
            #expect(outcomes["reboughtShare"] as? Double == 0.5)
            // Only Bruno's and Denis's newsletter opt-ins are gained: Alice had it already, Chloé never confirmed, Eve's entry does not count.
            let optIns = try #require(outcomes["optIns"] as? [[String: Any]])
            #expect(optIns.count == 1 && optIns[0]["purpose"] as? String == "newsletter" && optIns[0]["channel"] as? String == "email"
                    && optIns[0]["count"] as? Int == 2, "\(optIns)")

            let costs = try #require(report.json["costs"] as? [[String: Any]])
            #expect(costs.map { $0["currency"] as? String } == ["EUR", "USD"])
            #expect(costs[0]["plannedCents"] as? Int == 131_000 && costs[0]["actualCents"] as? Int == 120_000
                    && costs[0]["costCents"] as? Int == 151_000 && costs[0]["linesWithoutActual"] as? Int == 1)
            let categories = try #require(costs[0]["byCategory"] as? [[String: Any]])
            #expect(categories.map { $0["category"] as? String } == ["media", "agency"] && categories.map { $0["cents"] as? Int } == [120_000, 31_000])
            #expect(costs[1]["plannedCents"] as? Int == 20_000 && costs[1]["costCents"] as? Int == 18_000)
            #expect((report.json["budgetLines"] as? [[String: Any]])?.count == 3, "the brand's own line is not the activation's")

            let ratios = try #require(report.json["ratios"] as? [[String: Any]])
            // 151 000 ÷ 4 = 37 750; ÷ 2 new = 75 500; ÷ 2 opt-ins = 75 500; ÷ 2 visits = 75 500; × 2 known ÷ 4 = 75 500.
            #expect(ratios[0]["costPerParticipantCents"] as? Int == 37_750 && ratios[0]["costPerNewMemberCents"] as? Int == 75_500
                    && ratios[0]["costPerOptInCents"] as? Int == 75_500 && ratios[0]["costPerStoreVisitCents"] as? Int == 75_500
                    && ratios[0]["reboughtAudienceCostCents"] as? Int == 75_500, "\(ratios[0])")
            // 18 000 ÷ 4 = 4 500; ÷ 2 = 9 000.
            #expect(ratios[1]["currency"] as? String == "USD" && ratios[1]["costPerParticipantCents"] as? Int == 4_500
                    && ratios[1]["costPerNewMemberCents"] as? Int == 9_000)

            let reach = try #require(report.json["reach"] as? [String: Any])
            #expect(reach["declaredImpressions"] as? Int == 20_000 && reach["declaredPotentialReach"] as? Int == 80_000)
            #expect(reach["shareClicks"] as? Int == 2 && reach["uniqueVisitors"] as? Int == 2 && reach["participants"] as? Int == 4)
            // 2 ÷ 20 000 = 0.0001; 4 ÷ 80 000 = 0.00005.
            #expect(reach["visitorsPerImpression"] as? Double == 0.0001 && reach["participantsPerPotentialReach"] as? Double == 0.00005)

            // Value: 2 opt-ins × 3 € + 2 new × 25 € + 42.50 € of receipts + 1 visit without a receipt × 10 € = 108.50 €.
            let value = try #require(report.json["value"] as? [String: Any])
            #expect(value["optInsCents"] as? Int == 600 && value["newMembersCents"] as? Int == 5_000 && value["revenueCents"] as? Int == 4_250
                    && value["storeVisitsCents"] as? Int == 1_000 && value["totalCents"] as? Int == 10_850, "\(value)")
            #expect((report.json["roi"] as? [String: Any])?["status"] as? String == "mixed_currencies")
            #expect((report.json["roi"] as? [String: Any])?["value"] == nil)

            // Without the dollar line: ROI = (10 850 − 151 000) ÷ 151 000 = −0.928 15…
            let lines = try await client.api(.get, "/api/v1/activations/\(activation)/budget-lines", key: world.keyA)
            let dollars = try #require((lines.json["items"] as? [[String: Any]])?.first { $0["currency"] as? String == "USD" }?["id"] as? Int)
            #expect(try await client.api(.delete, "/api/v1/activations/\(activation)/budget-lines/\(dollars)", key: world.keyA).status == .noContent)
            let euros = try await client.api(.get, "/api/v1/activations/\(activation)/report", key: world.keyA)
            #expect((euros.json["roi"] as? [String: Any])?["status"] as? String == "computed")
            #expect((euros.json["roi"] as? [String: Any])?["value"] as? Double == -0.9281, "\(euros.json["roi"] ?? "")")

            // The CSV has the same figures; typed text cannot run as a formula.
            let csv = try await client.api(.get, "/api/v1/activations/\(activation)/report.csv", key: world.keyA)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("outcomes,participants,,,4,count\r\n"))
            #expect(csv.text.contains("opt_ins,newsletter,email,,2,count\r\n"))
            #expect(csv.text.contains("reach,declared_potential_reach,'=Radio locale,,30000,count\r\n"), "\(csv.text)")
            #expect(csv.text.contains("roi,roi,computed,EUR,-0.9281,ratio\r\n"))
            let ratiosOnly = try await client.api(.get, "/api/v1/activations/\(activation)/report.csv?table=ratios", key: world.keyA)
            #expect(ratiosOnly.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 6)
            #expect(try await client.api(.get, "/api/v1/activations/\(activation)/report.csv?table=secrets", key: world.keyA).status == .unprocessableContent)

            // Erasing Bruno keeps his participation as a count; his opt-in leaves with his ledger labels, and nothing of him shows.
            #expect(try await client.api(.delete, "/api/v1/members/\(bruno)", key: world.keyDPOA).status.code < 300)
            let after = try await client.api(.get, "/api/v1/activations/\(activation)/report", key: world.keyA)
            let afterOutcomes = try #require(after.json["outcomes"] as? [String: Any])
            #expect(afterOutcomes["participants"] as? Int == 4 && afterOutcomes["knownMembers"] as? Int == 2)
            #expect(afterOutcomes["optInsTotal"] as? Int == 1 && afterOutcomes["confirmedEmails"] as? Int == 1)
            #expect(!after.text.contains("bruno") && !after.text.contains("@example.com"))
        }
    }

    /// Creates a member of brand A through the API; returns the id.
    static func member(_ client: some TestClientProtocol, _ world: TestWorld, _ body: String) async throws -> Int {
        let response = try await client.api(.post, "/api/v1/members", key: world.keyA, json: body)
        #expect(response.status == .created, "\(response.text)")
        return try #require((response.json["member"] as? [String: Any])?["id"] as? Int)
    }

    /// The member holding an e-mail address.
    static func memberID(_ world: TestWorld, _ email: String) async throws -> Int {
        try await ShareFixture.scalar(world, "SELECT member_id AS n FROM member_identities WHERE kind = 'email' AND value = '\(email)'")
    }

    /// The code of the member's coupon from the activation.
    static func couponCode(_ world: TestWorld, member: Int) async throws -> String {
        try await world.withDatabase { database in
            try await database.read { sql in
                try await sql.raw("SELECT code FROM coupons WHERE member_id = \(bind: member)").first()!.decode(column: "code", as: String.self)
            }
        }
    }

    /// Follows the double opt-in link e-mailed to the member.
    static func confirmEmail(_ client: some TestClientProtocol, _ world: TestWorld, member: Int) async throws {
        let body = try await world.withDatabase { database in
            try await database.read { sql in
                try await sql.raw("""
                    SELECT body FROM outbox_messages WHERE purpose = 'double_opt_in' AND member_id = \(bind: member) ORDER BY id DESC
                    """).first()?.decode(column: "body", as: String.self) ?? ""
            }
        }
        let link = try #require(body.split(separator: "\n").first { $0.hasPrefix("http://relais.test/c/") }, "no confirmation for member \(member)")
        #expect(try await client.raw(.get, String(link.dropFirst("http://relais.test".count))).status == .ok)
    }
}
