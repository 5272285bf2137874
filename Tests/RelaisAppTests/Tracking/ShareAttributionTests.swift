import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Share attribution")
struct ShareAttributionTests {
    @Test("A visit through a share link that becomes a sign-up is credited to the sharer, first and last touch kept; the last sharer earns as for a friend who joined")
    func credited() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let rule = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA,
                                            json: #"{"name":"Un ami nous a rejoints","trigger":"referral.joined","points":50}"#)
            #expect(rule.status == .created, "\(rule.text)")
            let activation = try await ActivationFixture.live(world, client: client)
            let alice = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
            let bruno = try await LoyaltyFixture.member(client, world, email: "bruno@example.com")
            let aliceCode = try await ShareFixture.code(client, world, member: alice, activation: activation)
            let brunoCode = try await ShareFixture.code(client, world, member: bruno, activation: activation)
            // Chloé sees Alice's link, then Bruno's, then signs up.
            var jar = ShareFixture.cookies(try await ShareFixture.follow(client, aliceCode))
            jar = ShareFixture.cookies(try await ShareFixture.follow(client, brunoCode, cookies: jar), replacing: jar)
            let entered = try await ShareFixture.enter(client, email: "chloe@example.com", cookies: jar)
            #expect(entered.status == .created, "\(entered.text)")
            let row = try await world.withDatabase { database in
                try await database.read { sql in try await sql.raw("SELECT * FROM share_attributions").all() }
            }
            #expect(row.count == 1)
            let attribution = try #require(row.first)
            #expect(try attribution.decode(column: "first_sharer_id", as: Int.self) == alice)
            #expect(try attribution.decode(column: "last_sharer_id", as: Int.self) == bruno)
            #expect(try attribution.decode(column: "kind", as: String.self) == "signup")
            #expect(try attribution.decode(column: "self_referral", as: Int.self) == 0)
            // The sign-up goes on the timeline of the sharer whose link brought it last, as a friend who joined.
            let joined = try await ShareFixture.scalar(world, "SELECT member_id AS n FROM timeline_events WHERE kind = 'referral.joined'")
            #expect(joined == bruno)

            // An entry without share cookies is not attributed.
            #expect(try await ShareFixture.enter(client, email: "denis@example.com", cookies: nil).status == .created)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_attributions") == 1)

            try await ShareFixture.waitForClicks(world, count: 2)
            let funnel = try await client.api(.get, "/api/v1/activations/\(activation)/share-funnel", key: world.keyA)
            #expect(funnel.status == .ok, "\(funnel.text)")
            let totals = try #require(funnel.json["totals"] as? [String: Any])
            #expect(totals["shares"] as? Int == 2)
            #expect(totals["clicks"] as? Int == 2)
            #expect(totals["visits"] as? Int == 2)
            #expect(totals["signups"] as? Int == 1)
            #expect(totals["entries"] as? Int == 1)
            #expect(totals["participants"] as? Int == 2)
            #expect(totals["viralCoefficient"] as? Double == 0.5, "(2 links ÷ 2 participants) × (1 conversion ÷ 2 links)")
            #expect((funnel.json["days"] as? [Any])?.count == 1)
            // An invalidated entry is no participant.
            let unshared = try await ShareFixture.scalar(world, "SELECT id AS n FROM activation_entries WHERE id NOT IN (SELECT entry_id FROM share_attributions)")
            let invalidated = try await client.api(.post, "/api/v1/activations/\(activation)/invalidations", key: world.keyA,
                                                   json: #"{"entryId":\#(unshared),"reason":"Adresse jetable"}"#)
            #expect(invalidated.status == .noContent, "\(invalidated.text)")
            let after = try await client.api(.get, "/api/v1/activations/\(activation)/share-funnel", key: world.keyA)
            #expect((after.json["totals"] as? [String: Any])?["participants"] as? Int == 1)
            #expect((after.json["totals"] as? [String: Any])?["viralCoefficient"] as? Double == 1.0)

            // Alice's tree: Chloé came through her link first.
            let tree = try await client.api(.get, "/api/v1/members/\(alice)/referral-tree", key: world.keyA)
            #expect(tree.status == .ok, "\(tree.text)")
            #expect(tree.json["total"] as? Int == 1)
            let generation = try #require((tree.json["generations"] as? [[String: Any]])?.first)
            let member = try #require((generation["members"] as? [[String: Any]])?.first)
            #expect(member["broughtBy"] as? Int == alice && member["source"] as? String == "share")
        }
        // The jobs, run here with the server stopped: Bruno earns the rule's points and his first-friend badge, Alice nothing.
        let (balances, badges, sharers) = try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            try await services.earning.processPending()
            try await services.badges.processPending()
            return try await database.readOnly { sql in
                var balances: [Int: Int] = [:]
                for row in try await sql.raw("SELECT member_id, balance FROM points_accounts").all() {
                    balances[try row.decode(column: "member_id", as: Int.self)] = try row.decode(column: "balance", as: Int.self)
                }
                let badges = try await sql.raw("SELECT member_id FROM member_badges WHERE badge = 'first-friend'").all()
                    .map { try $0.decode(column: "member_id", as: Int.self) }
                func member(_ email: String) async throws -> Int {
                    try await sql.raw("SELECT member_id FROM member_identities WHERE value = \(bind: email)").first()!.decode(column: "member_id", as: Int.self)
                }
                return (balances, badges, (alice: try await member("alice@example.com"), bruno: try await member("bruno@example.com")))
            }
        }
        #expect(balances[sharers.bruno] == 50 && balances[sharers.alice] == nil, "\(balances)")
        #expect(badges == [sharers.bruno])
    }

    @Test("A sharer entering through their own link, or from the browser they entered on, earns nothing and is recorded as self-referral")
    func selfReferral() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let alice = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
            let code = try await ShareFixture.code(client, world, member: alice, activation: activation)
            // Alice follows her own link and enters with her own address.
            let jar = ShareFixture.cookies(try await ShareFixture.follow(client, code))
            // Written before she enters: until then Relais cannot know the browser is hers, and counts the click.
            try await ShareFixture.waitForClicks(world, count: 1)
            #expect(try await ShareFixture.enter(client, email: "alice@example.com", cookies: jar).status == .created)
            // A second address typed in the same browser is still Alice's device.
            #expect(try await ShareFixture.enter(client, email: "alice.other@example.com", cookies: jar).status == .created)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_attributions WHERE self_referral = 1") == 2)
            // Her later clicks from that browser are not counted either.
            _ = try await ShareFixture.follow(client, code, cookies: jar)
            try await ShareFixture.waitForClicks(world, count: 2)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE self_click = 1 AND counted = 0") == 1)
            let funnel = try await client.api(.get, "/api/v1/activations/\(activation)/share-funnel", key: world.keyA)
            let totals = try #require(funnel.json["totals"] as? [String: Any])
            #expect(totals["signups"] as? Int == 0 && totals["entries"] as? Int == 0)
            let tree = try await client.api(.get, "/api/v1/members/\(alice)/referral-tree", key: world.keyA)
            #expect(tree.json["total"] as? Int == 0)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'referral.joined'") == 0,
                    "a self-referral is no friend who joined")
        }
    }

    @Test("A sharer's own space marks their browser: their clicks on their own link from it are not counted and earn nothing")
    func ownSpaceMarksTheDevice() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let alice = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
            let code = try await ShareFixture.code(client, world, member: alice, activation: activation)
            // Alice opens her space on her phone: the browser gets its visitor cookie and is known as hers.
            let space = try await client.raw(.get, try await MemberSpaceTests.spacePath(client, world, member: alice))
            #expect(space.status == .ok)
            let jar = ShareFixture.cookies(space)
            #expect(jar.hasPrefix("rv="), "\(jar)")
            let again = try await client.raw(.get, try await MemberSpaceTests.spacePath(client, world, member: alice), headers: [.cookie: jar])
            #expect(again.headers[values: .setCookie].isEmpty, "a known browser keeps its cookie")
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_devices WHERE member_id = \(alice)") == 1)
            // She tries her link from there: not counted. A friend's phone, without cookies, is.
            _ = try await ShareFixture.follow(client, code, cookies: jar)
            _ = try await ShareFixture.follow(client, code)
            try await ShareFixture.waitForClicks(world, count: 2)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE self_click = 1 AND counted = 0") == 1)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE self_click = 0 AND counted = 1") == 1)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'share.visit'") == 1)
        }
    }

    @Test("Entering from a browser without the visitor cookie gives it one, known as the entrant's: their clicks on their own link from it are not counted")
    func entryMarksTheDevice() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let alice = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
            let code = try await ShareFixture.code(client, world, member: alice, activation: activation)
            // Alice enters directly, never having followed a link nor opened her space.
            let entered = try await ShareFixture.enter(client, email: "alice@example.com", cookies: nil)
            #expect(entered.status == .created, "\(entered.text)")
            let jar = ShareFixture.cookies(entered)
            #expect(jar.hasPrefix("rv="), "\(jar)")
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_devices WHERE member_id = \(alice)") == 1)
            // Inside the widget's iframe, a third-party frame on the brand's site, no cookie is given.
            let embedded = try await client.raw(.post, "/a/fizz/noel?embed=1",
                                                headers: [.contentType: "application/x-www-form-urlencoded", .userAgent: ShareFixture.phone],
                                                body: ActivationPageTests.form([("formToken", UUID().uuidString), ("email", "chloe@example.com"),
                                                                                ("firstName", "Chloé"), ("acceptRules", "1"), ("rulesVersion", "1")]))
            #expect(embedded.status == .created, "\(embedded.text)")
            #expect(embedded.headers[values: .setCookie].isEmpty)
            // A browser that already has its cookie keeps it.
            let again = try await ShareFixture.enter(client, email: "alice.bis@example.com", cookies: jar)
            #expect(again.status == .created, "\(again.text)")
            #expect(again.headers[values: .setCookie].isEmpty)
            // Her own link followed from that browser is not counted; a friend's phone is.
            _ = try await ShareFixture.follow(client, code, cookies: jar)
            _ = try await ShareFixture.follow(client, code)
            try await ShareFixture.waitForClicks(world, count: 2)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE self_click = 1 AND counted = 0") == 1)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE self_click = 0 AND counted = 1") == 1)
        }
    }
}
