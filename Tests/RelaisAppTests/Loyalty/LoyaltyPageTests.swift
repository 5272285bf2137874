import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("Loyalty back-office page")
struct LoyaltyPageTests {
    @Test("Staff see the leaderboard, thank chosen members from it with a message, and get field messages when the form is incomplete")
    func leaderboardAndThanks() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let empty = try await web.get("/loyalty")
            #expect(empty.status == .ok)
            #expect(empty.text.contains(#"id="leaderboard-empty""#))

            let ana = try await LoyaltyFixture.member(client, world, email: "ana@example.com")
            let bob = try await LoyaltyFixture.member(client, world, email: "bob@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: ana, kind: "earn", points: 80).status == .created)
            #expect(try await LoyaltyFixture.move(client, world, member: bob, kind: "earn", points: 30).status == .created)
            _ = try await LoyaltyFixture.reward(client, world, name: "Gourde", cost: 500, stock: 3)

            let page = try await web.get("/loyalty?days=90")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"id="leaderboard""#))
            let ranked = try #require(page.text.range(of: "choose-\(ana)")?.lowerBound)
            #expect(ranked < (page.text.range(of: "choose-\(bob)")?.lowerBound ?? ranked), "Ana is listed above Bob")
            #expect(page.text.contains("Gourde"), "the catalogue, and the reward offered in the thank-you form")
            let csrf = try #require(WebClient.csrf(in: page))

            let incomplete = try await web.post("/loyalty/thanks", form: ["_csrf": csrf, "member": String(ana), "message": ""])
            #expect(incomplete.status == .unprocessableContent)
            #expect(incomplete.text.contains(#"id="err-message""#) && incomplete.text.contains(#"id="err-points""#))
            #expect(incomplete.text.contains(#"id="choose-\#(ana)" checked"#), "the choice is kept")

            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: web.cookie ?? ""]
            headers[.acceptLanguage] = "fr"
            let body = "_csrf=\(csrf)&days=90&member=\(ana)&member=\(bob)&points=25&rewardId=&message=Merci%20%C3%A0%20vous%20deux"
            let sent = try await client.raw(.post, "/loyalty/thanks", headers: headers, body: body)
            #expect(sent.status == .seeOther, "\(sent.text)")
            #expect(sent.headers[.location] == "/loyalty?thanked=2")
            let after = try await web.get("/loyalty?thanked=2")
            #expect(after.text.contains(#"id="thanks-notice""#) && after.text.contains(#"id="thanks-sent""#))
            #expect(after.text.contains("Merci à vous deux"))
            #expect(try await LoyaltyFixture.balance(client, world, member: bob) == 55)

            let forged = try await web.post("/loyalty/thanks", form: ["_csrf": "nope", "member": String(ana), "points": "5", "message": "x"])
            #expect(forged.status == .forbidden)
        }
    }

    @Test("The member page shows the balance, the tier, the next tier, the latest movements and the coupons")
    func memberPage() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let member = try await LoyaltyFixture.member(client, world, email: "page@example.com")
            let before = try await web.get("/members/\(member)")
            #expect(before.text.contains(#"id="member-loyalty""#) && before.text.contains("Aucun mouvement de points."))
            let tiers = try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyA, json: """
                {"windowDays":365,"tiers":[{"name":"Bronze","threshold":100,"multiplierPercent":100,"benefits":""},
                 {"name":"Argent","threshold":400,"multiplierPercent":120,"benefits":""}]}
                """)
            #expect(tiers.status == .ok, "\(tiers.text)")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 150, reason: "Bienvenue").status == .created)
            let mug = try await LoyaltyFixture.reward(client, world, name: "Mug", cost: 100)
            #expect(try await LoyaltyFixture.redeem(client, world, member: member, reward: mug).status == .created)
            let page = try await web.get("/members/\(member)")
            #expect(page.text.contains(#"<span id="points-balance">50</span>"#))
            #expect(page.text.contains(#"<span id="member-tier">Bronze</span>"#))
            #expect(page.text.contains("Encore 250 points pour Argent"))
            #expect(page.text.contains("Bienvenue") && page.text.contains("+150") && page.text.contains("-100"))
            #expect(page.text.contains(#"id="member-coupons""#) && page.text.contains("Mug"))
            #expect(page.text.contains("Personne n&#39;est encore venu par ce membre.") || page.text.contains("Personne n'est encore venu par ce membre."))
            #expect(!page.text.contains(#"id="member-badges""#))
            // A badge earned shows under its French name.
            try await world.withDatabase { database in
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO member_badges (brand_id, member_id, badge, earned_at) VALUES (\(bind: world.brandA.id), \(bind: member), 'first-entry', 1)").run()
                }
            }
            let badged = try await web.get("/members/\(member)")
            #expect(badged.text.contains(#"id="member-badges""#) && badged.text.contains("Première participation"))
        }
    }
}
