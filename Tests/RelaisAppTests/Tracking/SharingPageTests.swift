import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Sharing back-office pages: funnel chart and referral-tree explorer")
struct SharingPageTests {
    /// Who is who in the known history.
    struct History {
        var activation: Int
        var alice: Int
        var bruno: Int
        var dan: Int
    }

    /// The activation gives its entrants a coupon for the shops. Alice shares it; two visitors
    /// follow her link: Bruno (new) signs up, Carla (already a member) enters. Bruno shares too,
    /// Dan follows his link and signs up. Bruno then uses his coupon in the Paris store; Alice
    /// uses a coupon of the catalogue, which is not the activation's.
    static func history(_ client: some TestClientProtocol, _ world: TestWorld) async throws -> History {
        let activation = try await ActivationFixture.live(world, client: client)
        let offered = try await LoyaltyFixture.reward(client, world, name: "Bon boutique", cost: 1)
        let offer = try await client.api(.put, "/api/v1/activations/\(activation)/store-offer", key: world.keyA, json: #"{"rewardId":\#(offered)}"#)
        #expect(offer.status == .ok, "\(offer.text)")
        let alice = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
        _ = try await LoyaltyFixture.member(client, world, email: "carla@example.com")
        let aliceCode = try await ShareFixture.code(client, world, member: alice, activation: activation)
        let brunoJar = ShareFixture.cookies(try await ShareFixture.follow(client, aliceCode))
        let carlaJar = ShareFixture.cookies(try await ShareFixture.follow(client, aliceCode))
        try await ShareFixture.waitForClicks(world, count: 2)
        #expect(try await ShareFixture.enter(client, email: "bruno@example.com", cookies: brunoJar).status == .created)
        #expect(try await ShareFixture.enter(client, email: "carla@example.com", cookies: carlaJar).status == .created)
        let bruno = try await ShareFixture.scalar(world, "SELECT member_id AS n FROM share_attributions WHERE first_sharer_id = \(alice) AND kind = 'signup'")
        let brunoCode = try await ShareFixture.code(client, world, member: bruno, activation: activation)
        let danJar = ShareFixture.cookies(try await ShareFixture.follow(client, brunoCode))
        try await ShareFixture.waitForClicks(world, count: 3)
        #expect(try await ShareFixture.enter(client, email: "dan@example.com", cookies: danJar).status == .created)
        let dan = try await ShareFixture.scalar(world, "SELECT member_id AS n FROM share_attributions WHERE first_sharer_id = \(bruno) AND kind = 'signup'")
        let reward = try await LoyaltyFixture.reward(client, world, name: "Gourde", cost: 50)
        #expect(try await LoyaltyFixture.move(client, world, member: alice, kind: "earn", points: 100).status == .created)
        let redeemed = try await LoyaltyFixture.redeem(client, world, member: alice, reward: reward)
        let aliceCoupon = try #require((redeemed.json["coupon"] as? [String: Any])?["code"] as? String)
        let brunoCoupon = try await world.withDatabase { database in
            try await database.read { sql in
                try await sql.raw("SELECT code FROM coupons WHERE member_id = \(bind: bruno) AND activation_id = \(bind: activation)").first()?
                    .decode(column: "code", as: String.self)
            }
        }
        for code in [try #require(brunoCoupon), aliceCoupon] {
            let till = try await client.api(.post, "/api/v1/coupons/\(code)/redeem", key: world.keyA, json: #"{"unitId":\#(world.unitA1.id)}"#)
            #expect(till.status == .ok, "\(till.text)")
        }
        return History(activation: activation, alice: alice, bruno: bruno, dan: dan)
    }

    @Test("The funnel page draws the steps as an SVG chart with the figures and conversions beneath, and clicks and visits over time")
    func funnel() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let quiet = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(slug: "calme"))
            let empty = try await web.get("/activations/\(quiet)/funnel")
            #expect(empty.status == .ok && empty.text.contains(#"id="funnel-empty""#) && empty.text.contains("Pas encore de données"))

            let history = try await Self.history(client, world)
            let page = try await web.get("/activations/\(history.activation)/funnel")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bar" id="funnel-chart" role="img""#))
            #expect(page.text.contains(#"id="clicks-chart" role="img""#))
            #expect(page.text.contains("<title>Clics: 3</title>") && page.text.contains("<title>Achats en magasin: 1</title>"))
            let expected: [(String, String, Int, String)] = [("shares", "Partages", 2, "—"), ("clicks", "Clics", 3, "150,0\u{202F}%"),
                                                             ("visits", "Visites", 3, "100,0\u{202F}%"), ("signups", "Inscriptions", 2, "66,7\u{202F}%"),
                                                             ("entries", "Participations", 3, "150,0\u{202F}%"),
                                                             ("storeRedemptions", "Achats en magasin", 1, "33,3\u{202F}%")]
            for (key, label, count, conversion) in expected {
                #expect(page.text.contains(#"<tr id="step-\#(key)"><td>\#(label)</td><td class="num">\#(count)</td><td class="num conversion">\#(conversion)</td></tr>"#),
                        "\(key)")
            }
            #expect(page.text.contains(#"<strong id="funnel-participants">3</strong>"#))
            #expect(page.text.contains(#"<strong id="funnel-viral">1</strong>"#), "three conversions for three participants")
            #expect(page.text.contains(#"id="funnel-days""#))
            let activation = try await web.get("/activations/\(history.activation)")
            #expect(activation.text.contains(#"href="/activations/\#(history.activation)/funnel" id="funnel-link""#))
            let api = try await client.api(.get, "/api/v1/activations/\(history.activation)/share-funnel", key: world.keyA)
            #expect((api.json["totals"] as? [String: Any])?["storeRedemptions"] as? Int == 1)
        }
    }

    @Test("The tree explorer shows a member's tree generation by generation, nested, and links deeper when the page stops")
    func treeExplorer() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let history = try await Self.history(client, world)
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let hub = try await web.get("/sharing")
            #expect(hub.status == .ok && hub.text.contains(#"id="top-referrers""#))
            #expect(hub.text.contains(#"id="tree-link-\#(history.alice)""#) && hub.text.contains(#"id="tree-link-\#(history.bruno)""#))
            #expect(hub.text.contains(#"href="/activations/\#(history.activation)/funnel""#))
            let search = try await web.get("/sharing?q=alice%40example.com")
            #expect(search.text.contains(#"<a href="/sharing/tree/\#(history.alice)" class="tree-link">"#))

            let tree = try await web.get("/sharing/tree/\(history.alice)")
            #expect(tree.status == .ok)
            #expect(tree.text.contains(#"<li id="generation-1">Génération 1 : <strong>1</strong></li>"#))
            #expect(tree.text.contains(#"<li id="generation-2">Génération 2 : <strong>1</strong></li>"#))
            let bruno = try #require(tree.text.range(of: #"<li id="node-\#(history.bruno)">"#))
            let dan = try #require(tree.text.range(of: #"<li id="node-\#(history.dan)">"#))
            #expect(bruno.upperBound < dan.lowerBound && tree.text[bruno.upperBound..<dan.lowerBound].contains("<ul>"), "Dan is nested under Bruno")
            #expect(!tree.text.contains(#"id="more-generations""#), "the whole tree fits")

            let shallow = try await web.get("/sharing/tree/\(history.alice)?depth=1")
            #expect(!shallow.text.contains(#"id="node-\#(history.dan)""#))
            #expect(shallow.text.contains(#"id="more-\#(history.bruno)">+1 →</a>"#))
            #expect(shallow.text.contains(#"href="/sharing/tree/\#(history.alice)?depth=2" id="more-generations""#))
            #expect(shallow.text.contains("(non affichée)"))

            let leaf = try await web.get("/sharing/tree/\(history.dan)")
            #expect(leaf.text.contains(#"id="tree-empty""#))

            // Alice's member page names the people she brought, each linked, and leads to her whole tree.
            let member = try await web.get("/members/\(history.alice)")
            let friends = try #require(member.text.range(of: #"<ul id="member-friends">"#))
            let list = member.text[friends.upperBound...].prefix { $0 != "\n" }
            #expect(list.contains(#"<a href="/members/\#(history.bruno)" class="member-link">"#) && !list.contains("/members/\(history.dan)\""),
                    "the first generation only: \(list)")
            #expect(member.text.contains(#"<a href="/sharing/tree/\#(history.alice)" id="member-tree-link">"#))
            let leafMember = try await web.get("/members/\(history.dan)")
            #expect(!leafMember.text.contains(#"id="member-friends""#) && !leafMember.text.contains(#"id="member-tree-link""#))
        }
    }
}
