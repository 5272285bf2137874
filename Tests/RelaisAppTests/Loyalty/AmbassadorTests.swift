import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Ambassadors: leaderboards, thanks and tier-kept rewards")
struct AmbassadorTests {
    static func total(_ id: Int64, _ points: Int64, at: Int64) -> Leaderboard.Total {
        Leaderboard.Total(memberID: id, firstName: "M\(id)", lastName: "Durand", points: points, earnings: 1, reachedAt: at)
    }

    @Test("Equal points share a rank; whoever reached the total first is listed first")
    func ranking() {
        let lines = Leaderboard.ranked([Self.total(1, 50, at: 10), Self.total(2, 80, at: 30), Self.total(3, 80, at: 20), Self.total(4, 10, at: 5)])
        #expect(lines.map(\.memberID) == [3, 2, 1, 4])
        #expect(lines.map(\.rank) == [1, 1, 3, 4])
        #expect(lines[0].publicName == "M3 D.")
        #expect(Leaderboard.ranked([]).isEmpty)
    }

    @Test("A leaderboard period defaults to the last 30 days and refuses reversed, overlong or unreadable bounds")
    func periods() throws {
        let now = try #require(Clock.parseISO("2026-12-02T12:00:00Z"))
        let standard = try LeaderboardPeriod.parse(from: nil, to: nil, now: now).get()
        #expect(standard.to == now && standard.from == now - 30 * Clock.dayMillis)
        let december = try LeaderboardPeriod.parse(from: "2026-12-01", to: "2026-12-31", now: now).get()
        #expect(december.from == Clock.parseISO("2026-12-01T00:00:00Z") && december.to == Clock.parseISO("2027-01-01T00:00:00Z"),
                "a day given as `to` is included whole")
        for (from, to, field) in [("2026-12-31", "2026-12-01", "from"), ("2020-01-01", "2026-01-01", "from"), ("hier", nil, "from"),
                                  (nil, "2026-02-30", "to")] as [(String?, String?, String)] {
            guard case .failure(let error) = LeaderboardPeriod.parse(from: from, to: to, now: now) else {
                Issue.record("\(String(describing: from))–\(String(describing: to)) should be refused"); continue
            }
            #expect(error.fieldErrors.map(\.field).contains(field))
        }
    }

    @Test("Thanks are checked field by field; the reason in the ledger is the message's first line")
    func thanksChecks() throws {
        guard case .failure(let error) = AmbassadorThanks.checked(memberIDs: [], points: 0, rewardID: nil, message: "  ") else {
            Issue.record("empty thanks accepted"); return
        }
        #expect(Set(error.fieldErrors.map(\.field)) == ["memberIds", "points", "message"])
        guard case .failure(let nothing) = AmbassadorThanks.checked(memberIDs: [1], points: nil, rewardID: nil, message: "Merci") else {
            Issue.record("thanks without points or reward accepted"); return
        }
        #expect(nothing.fieldErrors.map(\.message) == ["give points, a reward, or both"])
        let thanks = try AmbassadorThanks.checked(memberIDs: [3, 3, 4], points: 50, rewardID: nil, message: "Merci pour tout !\nÀ bientôt").get()
        #expect(thanks.memberIDs == [3, 4] && thanks.reason == "Merci pour tout !")
        let letter = ThanksLetter(brandName: "Fizz", message: "Merci !", points: 50, rewardName: "Mug", couponCode: "K7QM2XTA9PHD",
                                  couponExpiresAt: Clock.parseISO("2027-03-01T00:00:00Z"), english: false)
        #expect(letter.subject == "Fizz : merci !")
        #expect(letter.body.contains("50 points") && letter.body.contains("K7QM2XTA9PHD") && letter.body.contains("2027-03-01"))
    }

    @Test("The leaderboard ranks points earned in the period, leaves out thanks, spends and other brands, and filters by activation")
    func leaderboard() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let ana = try await LoyaltyFixture.member(client, world, email: "ana@example.com")
            let bob = try await LoyaltyFixture.member(client, world, email: "bob@example.com")
            let cyd = try await LoyaltyFixture.member(client, world, email: "cyd@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: ana, kind: "earn", points: 120).status == .created)
            #expect(try await LoyaltyFixture.move(client, world, member: bob, kind: "earn", points: 70).status == .created)
            #expect(try await LoyaltyFixture.move(client, world, member: bob, kind: "earn", points: 50).status == .created)
            #expect(try await LoyaltyFixture.move(client, world, member: cyd, kind: "earn", points: 40).status == .created)
            #expect(try await LoyaltyFixture.move(client, world, member: ana, kind: "spend", points: 100).status == .created)
            // Thanks do not count: otherwise thanking the top members would keep them there.
            let thanked = try await client.api(.post, "/api/v1/loyalty/thanks", key: world.keyA,
                                               json: #"{"memberIds":[\#(cyd)],"points":500,"message":"Merci Cyd !"}"#)
            #expect(thanked.status == .created, "\(thanked.text)")

            let board = try await client.api(.get, "/api/v1/loyalty/leaderboard", key: world.keyA)
            #expect(board.status == .ok, "\(board.text)")
            let items = try #require(board.json["items"] as? [[String: Any]])
            #expect(items.map { $0["memberId"] as? Int } == [ana, bob, cyd], "Ana reached 120 before Bob")
            #expect(items.map { $0["points"] as? Int } == [120, 120, 40])
            #expect(items.map { $0["rank"] as? Int } == [1, 1, 3])
            #expect(items[1]["earnings"] as? Int == 2 && items[0]["name"] as? String == "Test")

            let limited = try await client.api(.get, "/api/v1/loyalty/leaderboard?limit=1", key: world.keyA)
            #expect((limited.json["items"] as? [Any])?.count == 1)
            let past = try await client.api(.get, "/api/v1/loyalty/leaderboard?from=2020-01-01&to=2020-02-01", key: world.keyA)
            #expect((past.json["items"] as? [Any])?.isEmpty == true)
            let other = try await client.api(.get, "/api/v1/loyalty/leaderboard", key: world.keyB)
            #expect((other.json["items"] as? [Any])?.isEmpty == true, "another brand sees none of them")
            let bad = try await client.api(.get, "/api/v1/loyalty/leaderboard?from=2026-12-31&to=2026-01-01&limit=0", key: world.keyA)
            #expect(bad.status == .unprocessableContent)
            let unknown = try await client.api(.get, "/api/v1/loyalty/leaderboard?activationId=999999", key: world.keyA)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("Thanking gives points and a reward without spending, tells the member by e-mail, and is all or nothing")
    func thanks() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let ana = try await LoyaltyFixture.member(client, world, email: "ana@example.com")
            let bob = try await LoyaltyFixture.member(client, world, email: "bob@example.com")
            let mug = try await LoyaltyFixture.reward(client, world, name: "Mug", cost: 900, stock: 5)
            let response = try await client.api(.post, "/api/v1/loyalty/thanks", key: world.keyA,
                                                json: #"{"memberIds":[\#(ana),\#(bob),\#(ana)],"points":50,"rewardId":\#(mug),"message":"Merci pour vos idées !"}"#)
            #expect(response.status == .created, "\(response.text)")
            let items = try #require(response.json["items"] as? [[String: Any]])
            #expect(items.count == 2, "a member listed twice is thanked once")
            #expect(items.allSatisfy { ($0["couponCode"] as? String)?.count == 14 && $0["notified"] as? Bool == true })
            #expect(try await LoyaltyFixture.balance(client, world, member: ana) == 50, "the reward cost no points")
            let reward = try await client.api(.get, "/api/v1/rewards/\(mug)", key: world.keyA)
            #expect(reward.json["stock"] as? Int == 3)

            let mails = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT recipient, subject, body FROM outbox_messages WHERE purpose = 'ambassador_thanks' ORDER BY id").all()
                        .map { (try $0.decode(column: "recipient", as: String.self), try $0.decode(column: "body", as: String.self)) }
                }
            }
            #expect(mails.map(\.0) == ["ana@example.com", "bob@example.com"])
            #expect(mails.allSatisfy { $0.1.contains("Merci pour vos idées !") && $0.1.contains("50 points") && $0.1.contains("Mug") })
            let timeline = try await client.api(.get, "/api/v1/members/\(ana)/timeline", key: world.keyA)
            #expect(timeline.text.contains("ambassador.thanked"))
            let sent = try await client.api(.get, "/api/v1/loyalty/thanks", key: world.keyA)
            #expect((sent.json["items"] as? [[String: Any]])?.count == 2)

            // One unknown member: nothing is given to anyone.
            let refused = try await client.api(.post, "/api/v1/loyalty/thanks", key: world.keyA,
                                               json: #"{"memberIds":[\#(ana),999999],"points":10,"message":"Merci"}"#)
            #expect(refused.status == .notFound)
            #expect(try await LoyaltyFixture.balance(client, world, member: ana) == 50)
            // Another brand cannot thank brand A's members; a unit cannot give from the brand's catalogue; an analyst cannot thank.
            let otherBrand = try await client.api(.post, "/api/v1/loyalty/thanks", key: world.keyB, json: #"{"memberIds":[\#(ana)],"points":10,"message":"Merci"}"#)
            #expect(otherBrand.status == .notFound)
            let unit = try await client.api(.post, "/api/v1/loyalty/thanks", key: world.keyUnitA1,
                                            json: #"{"memberIds":[\#(ana)],"rewardId":\#(mug),"message":"Merci"}"#)
            #expect(unit.status == .forbidden)
            let analyst = try await client.api(.post, "/api/v1/loyalty/thanks", key: world.keyAnalystA, json: #"{"memberIds":[\#(ana)],"points":10,"message":"Merci"}"#)
            #expect(analyst.status == .forbidden)
            let invalid = try await client.api(.post, "/api/v1/loyalty/thanks", key: world.keyA, json: #"{"memberIds":[],"message":""}"#)
            #expect(invalid.status == .unprocessableContent)
        }
    }

    @Test("A reward kept for a tier is refused below it, with the tier named, and given at it")
    func tierKeptReward() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let tiers = try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyA, json: """
                {"windowDays":365,"tiers":[{"name":"Bronze","threshold":0,"multiplierPercent":100,"benefits":""},
                 {"name":"Or","threshold":500,"multiplierPercent":150,"benefits":"Cadeaux réservés"}]}
                """)
            #expect(tiers.status == .ok, "\(tiers.text)")
            let unknownTier = try await client.api(.post, "/api/v1/rewards", key: world.keyA,
                                                   json: #"{"name":"Casquette","costPoints":100,"minimumTier":"Platine"}"#)
            #expect(unknownTier.status == .unprocessableContent)
            #expect(unknownTier.text.contains("Bronze, Or"))
            let created = try await client.api(.post, "/api/v1/rewards", key: world.keyA, json: #"{"name":"Casquette","costPoints":100,"minimumTier":"or"}"#)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["minimumTier"] as? String == "Or", "the tier's own spelling is kept")
            let cap = try #require(created.json["id"] as? Int)

            let member = try await LoyaltyFixture.member(client, world, email: "tier@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 300).status == .created)
            let below = try await LoyaltyFixture.redeem(client, world, member: member, reward: cap)
            #expect(below.status == .unprocessableContent)
            #expect(below.json["code"] as? String == "tier_required")
            #expect(below.text.contains("Or") && below.text.contains("Bronze"))
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 300, "nothing spent")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 250).status == .created)
            let reached = try await LoyaltyFixture.redeem(client, world, member: member, reward: cap)
            #expect(reached.status == .created, "\(reached.text)")
        }
    }
}
