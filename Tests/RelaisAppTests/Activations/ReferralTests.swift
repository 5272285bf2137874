import Foundation
import HTTPTypes
import Testing
@testable import RelaisApp

@Suite("Referral")
struct ReferralTests {
    @Test("A friend who joins through a member's invitation is counted for them; members and self-invitations are recorded as rejected")
    func referral() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: IdeaFixture.referral())
            #expect(try await ActivationFixture.enter(client, slug: "parrainage", body: ActivationFixture.entry(email: "camille@example.com")).status == .created)
            let invitation = try #require(try await IdeaFixture.lastOutboxLink(world, email: "camille@example.com", parameter: "r"))
            #expect(invitation.count > 40, "an invitation is signed, never a bare id")

            let page = try await client.raw(.get, "/a/fizz/parrainage?r=\(invitation)")
            #expect(page.text.contains(#"name="r" value="\#(invitation)""#))
            let forged = try await client.raw(.get, "/a/fizz/parrainage?r=forged.token")
            #expect(!forged.text.contains(#"name="r""#))

            func enter(_ email: String, first: String, link: String) async throws -> APIResponse {
                try await ActivationFixture.enter(client, slug: "parrainage", body: """
                    {"email":"\(email)","firstName":"\(first)","lastName":"Durand","referralLink":"\(link)"}
                    """)
            }
            #expect(try await enter("leo@example.com", first: "Léo", link: invitation).status == .created)
            // Already in the community before the invitation: recorded, not counted.
            #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"ines@example.com","firstName":"Inès"}"#).status == .created)
            #expect(try await enter("ines@example.com", first: "Inès", link: invitation).status == .created)
            // A forged invitation records nothing.
            #expect(try await enter("zoe@example.com", first: "Zoé", link: "forged.token").status == .created)
            // Léo invites in turn: the tree grows a level.
            let leoInvitation = try #require(try await IdeaFixture.lastOutboxLink(world, email: "leo@example.com", parameter: "r"))
            #expect(try await enter("hugo@example.com", first: "Hugo", link: leoInvitation).status == .created)

            let results = try await client.api(.get, "/api/v1/activations/\(id)/referrals", key: world.keyA)
            #expect(results.json["validTotal"] as? Int == 2)
            let referrals = try #require(results.json["referrals"] as? [[String: Any]])
            #expect(referrals.compactMap { $0["status"] as? String } == ["valid", "rejected", "valid"])
            #expect(referrals[1]["reason"] as? String == "already_member")
            let referrers = try #require(results.json["referrers"] as? [[String: Any]])
            #expect(referrers.count == 2)
            let camilleID = try #require(referrals[0]["referrerMemberId"] as? Int)
            let leoID = try #require(referrals[0]["refereeMemberId"] as? Int)
            #expect(referrers.first { $0["memberId"] as? Int == leoID }?["invitedBy"] as? Int == camilleID)
            #expect(try await client.api(.get, "/api/v1/activations/\(id)/referrals", key: world.keyB).status == .notFound, "brands are isolated")
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'referral.joined'") == 4,
                    "both profiles of each counted referral")

            let camille = try await IdeaFixture.memberLink(world, email: "camille@example.com")
            let own = try await client.raw(.get, "/a/fizz/parrainage?m=\(camille)")
            #expect(own.text.contains(#"id="invitation-link""#))
            #expect(own.text.contains("<strong>1</strong>"), "the referrer sees how many friends joined")

            // Three referrals: the forged invitation recorded none.
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM activation_referrals") == 3)
        }
    }

    @Test("The hosted form carries the invitation; a new member sees their own invitation link, others get it by e-mail")
    func hostedForm() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: IdeaFixture.referral())
            let first = try await client.raw(.post, "/a/fizz/parrainage", headers: [.contentType: "application/x-www-form-urlencoded"],
                                             body: "email=camille%40example.com&firstName=Camille&formToken=t1")
            #expect(first.status == .created)
            #expect(first.text.contains(#"id="invitation-link""#))
            let invitation = try #require(try await IdeaFixture.lastOutboxLink(world, email: "camille@example.com", parameter: "r"))
            let friend = try await client.raw(.post, "/a/fizz/parrainage", headers: [.contentType: "application/x-www-form-urlencoded"],
                                              body: "email=leo%40example.com&firstName=L%C3%A9o&formToken=t2&r=\(invitation)")
            #expect(friend.status == .created)
            _ = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"ines@example.com"}"#)
            let known = try await client.raw(.post, "/a/fizz/parrainage", headers: [.contentType: "application/x-www-form-urlencoded"],
                                             body: "email=ines%40example.com&formToken=t3")
            #expect(known.text.contains(#"id="invitation-by-mail""#), "a typed address of a known member never shows their link")
            #expect(!known.text.contains(#"id="invitation-link""#))
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM activation_referrals WHERE status = 'valid'") == 1)
        }
    }

    @Test("A friend counts once their entry is confirmed when the brand asks for confirmation, and no longer once staff invalidate it")
    func referralCountsWhenTheEntryCounts() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let body = IdeaFixture.referral().replacingOccurrences(of: #""kind":"referral""#, with: #""kind":"referral","confirmEmail":true"#)
            let id = try await ActivationFixture.live(world, client: client, body: body)
            #expect(try await ActivationFixture.enter(client, slug: "parrainage", body: ActivationFixture.entry(email: "camille@example.com")).status == .created)
            let invitation = try #require(try await IdeaFixture.lastOutboxLink(world, email: "camille@example.com", parameter: "r"))
            for friend in ["leo@example.com", "zoe@example.com"] {
                let entered = try await ActivationFixture.enter(client, slug: "parrainage", body: """
                    {"email":"\(friend)","firstName":"Ami","referralLink":"\(invitation)"}
                    """)
                #expect(entered.status == .created, "\(entered.text)")
            }
            func statuses() async throws -> [String] {
                let results = try await client.api(.get, "/api/v1/activations/\(id)/referrals", key: world.keyA)
                return (results.json["referrals"] as? [[String: Any]])?.compactMap { $0["status"] as? String } ?? []
            }
            #expect(try await statuses() == ["pending", "pending"], "not counted before the friends confirm")
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'referral.joined'") == 0)

            // Léo follows the confirmation link: his referral counts, on both timelines.
            let mail = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT body FROM outbox_messages WHERE purpose = 'activation_entry' AND recipient = 'leo@example.com'")
                        .first()?.decode(column: "body", as: String.self)
                }
            }
            let link = try #require(mail?.split(separator: "\n").first { $0.contains("/confirm/") })
            #expect(try await client.raw(.get, String(link.dropFirst("http://relais.test".count))).status == .ok)
            #expect(try await statuses() == ["valid", "pending"])
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'referral.joined'") == 2)

            // Staff invalidate Léo's entry: his referral no longer counts; Zoé's, never confirmed, is rejected with hers.
            for friend in ["leo@example.com", "zoe@example.com"] {
                let entry = try await IdeaFixture.count(world, """
                    SELECT e.id AS n FROM activation_entries e JOIN member_identities i ON i.member_id = e.member_id AND i.value = \(bind: friend)
                    WHERE e.activation_id = \(bind: id)
                    """)
                let invalidated = try await client.api(.post, "/api/v1/activations/\(id)/invalidations", key: world.keyA,
                                                       json: #"{"entryId":\#(entry),"reason":"Fausse adresse"}"#)
                #expect(invalidated.status == .noContent, "\(invalidated.text)")
            }
            #expect(try await statuses() == ["rejected", "rejected"])
            let results = try await client.api(.get, "/api/v1/activations/\(id)/referrals", key: world.keyA)
            #expect(results.json["validTotal"] as? Int == 0)
            #expect((results.json["referrals"] as? [[String: Any]])?.allSatisfy { $0["reason"] as? String == "entry_invalidated" } == true)
        }
    }

    @Test("An invitation used from a browser the inviting member is known on is a self-referral, whatever address is typed")
    func sameBrowser() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: IdeaFixture.referral())
            let camille = try await LoyaltyFixture.member(client, world, email: "camille@example.com")
            // Camille opens her space on her phone: the browser is known as hers.
            let jar = ShareFixture.cookies(try await client.raw(.get, try await MemberSpaceTests.spacePath(client, world, member: camille)))
            #expect(try await ActivationFixture.enter(client, slug: "parrainage", body: ActivationFixture.entry(email: "camille@example.com")).status == .created)
            let invitation = try #require(try await IdeaFixture.lastOutboxLink(world, email: "camille@example.com", parameter: "r"))
            func enter(_ email: String, cookies: String?) async throws -> APIResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let cookies { headers[.cookie] = cookies }
                return try await client.raw(.post, "/api/v1/public/activations/fizz/parrainage/entries", headers: headers,
                                            body: #"{"email":"\#(email)","firstName":"Ami","referralLink":"\#(invitation)"}"#)
            }
            #expect(try await enter("camille.bis@example.com", cookies: jar).status == .created, "the entry stands")
            #expect(try await enter("leo@example.com", cookies: nil).status == .created)
            let results = try await client.api(.get, "/api/v1/activations/\(id)/referrals", key: world.keyA)
            let referrals = try #require(results.json["referrals"] as? [[String: Any]])
            #expect(referrals.compactMap { $0["reason"] as? String } == ["self_referral"], "\(results.text)")
            #expect(referrals.compactMap { $0["status"] as? String }.sorted() == ["rejected", "valid"])
            #expect(results.json["validTotal"] as? Int == 1)
        }
    }
}
