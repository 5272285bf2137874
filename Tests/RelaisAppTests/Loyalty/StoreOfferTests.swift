import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Web-to-store")
struct StoreOfferTests {
    @Test("An activation's coupon reaches each entrant once; its redemption at the till is credited to the activation and to the sharer")
    func creditedAtTheTill() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let reward = try await LoyaltyFixture.reward(client, world, name: "Café offert", cost: 100, stock: 50)
            let saved = try await client.api(.put, "/api/v1/activations/\(activation)/store-offer", key: world.keyA, json: #"{"rewardId":\#(reward)}"#)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved.json["audience"] as? String == "entrants")

            // Alice shares; Chloé follows her link and enters; Denis enters on his own.
            let alice = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
            let code = try await ShareFixture.code(client, world, member: alice, activation: activation)
            let jar = ShareFixture.cookies(try await ShareFixture.follow(client, code))
            #expect(try await ShareFixture.enter(client, email: "chloe@example.com", cookies: jar).status == .created)
            #expect(try await ShareFixture.enter(client, email: "denis@example.com", cookies: nil).status == .created)
            // Entering again the next time gives no second coupon.
            let again = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "denis@example.com"))
            #expect([.created, .unprocessableContent, .conflict].contains(again.status), "\(again.text)")

            let coupons = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT code, member_id, sharer_member_id FROM coupons WHERE activation_id = \(bind: activation) ORDER BY id").all()
                }
            }
            #expect(coupons.count == 2)
            let chloeCoupon = try #require(coupons.first)
            #expect(try chloeCoupon.decode(column: "sharer_member_id", as: Int?.self) == alice)
            #expect(try coupons[1].decode(column: "sharer_member_id", as: Int?.self) == nil)
            let stock = try await client.api(.get, "/api/v1/rewards/\(reward)", key: world.keyA)
            #expect(stock.json["stock"] as? Int == 48)

            // Chloé's coupon is used in a shop with a 42.50 € receipt; Denis's is not used.
            let chloeCode = try chloeCoupon.decode(column: "code", as: String.self)
            let redeemed = try await client.api(.post, "/api/v1/coupons/\(chloeCode)/redeem", key: world.keyA,
                                                json: #"{"unitId":\#(world.unitA1.id),"amountCents":4250}"#)
            #expect(redeemed.status == .ok, "\(redeemed.text)")

            let report = try await client.api(.get, "/api/v1/activations/\(activation)/store-report", key: world.keyA)
            #expect(report.status == .ok, "\(report.text)")
            #expect(report.json["issued"] as? Int == 2)
            #expect(report.json["redeemed"] as? Int == 1)
            #expect(report.json["redemptionRate"] as? Double == 0.5)
            #expect(report.json["revenueCents"] as? Int == 4250)
            #expect(report.json["redeemedThroughSharers"] as? Int == 1)
            let top = try #require((report.json["topSharers"] as? [[String: Any]])?.first)
            #expect(top["memberId"] as? Int == alice && top["storeVisits"] as? Int == 1 && top["revenueCents"] as? Int == 4250)

            // The sharer's timeline has the shop visit her link brought (an earning-rule trigger).
            let visits = try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'share.store_visit' AND member_id = \(alice)")
            #expect(visits == 1)
            // The funnel ends with the shop visits shares brought: Denis's coupon, used too, came without a link.
            let denisCode = try coupons[1].decode(column: "code", as: String.self)
            #expect(try await client.api(.post, "/api/v1/coupons/\(denisCode)/redeem", key: world.keyA, json: "{}").status == .ok)
            let funnel = try await client.api(.get, "/api/v1/activations/\(activation)/share-funnel", key: world.keyA)
            #expect((funnel.json["totals"] as? [String: Any])?["storeRedemptions"] as? Int == 1)
        }
    }

    @Test("A store offer needs a reward of the same brand; another brand's key sees no offer or report")
    func validatedAndIsolated() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let missing = try await client.api(.put, "/api/v1/activations/\(activation)/store-offer", key: world.keyA, json: #"{"audience":"everyone"}"#)
            #expect(missing.status == .unprocessableContent, "\(missing.text)")
            #expect(missing.text.contains("rewardId") && missing.text.contains("audience"))
            let winnersOnly = try await client.api(.put, "/api/v1/activations/\(activation)/store-offer", key: world.keyA,
                                                   json: #"{"rewardId":1,"audience":"instant_winners"}"#)
            #expect(winnersOnly.status == .unprocessableContent, "a sweepstakes has no instant winners: \(winnersOnly.text)")
            let unknown = try await client.api(.put, "/api/v1/activations/\(activation)/store-offer", key: world.keyA, json: #"{"rewardId":999999}"#)
            #expect(unknown.status == .unprocessableContent, "\(unknown.text)")
            #expect(try await client.api(.get, "/api/v1/activations/\(activation)/store-offer", key: world.keyA).status == .notFound)

            let reward = try await LoyaltyFixture.reward(client, world, name: "Bon 5 €", cost: 100)
            #expect(try await client.api(.put, "/api/v1/activations/\(activation)/store-offer", key: world.keyA,
                                         json: #"{"rewardId":\#(reward)}"#).status == .ok)
            for path in ["store-offer", "store-report"] {
                let other = try await client.api(.get, "/api/v1/activations/\(activation)/\(path)", key: world.keyB)
                #expect(other.status == .notFound, "\(path): \(other.text)")
            }
            #expect(try await client.api(.delete, "/api/v1/activations/\(activation)/store-offer", key: world.keyB).status == .notFound)
            #expect(try await client.api(.delete, "/api/v1/activations/\(activation)/store-offer", key: world.keyA).status == .noContent)
            #expect(try await client.api(.get, "/api/v1/activations/\(activation)/store-offer", key: world.keyA).status == .notFound)
        }
    }
}
