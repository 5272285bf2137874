import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("Share link redirect")
struct ShareRedirectTests {
    @Test("A person is redirected with UTM parameters and cookies; a repeat within 30 minutes counts once; bots are not counted")
    func redirect() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let sharer = try await LoyaltyFixture.member(client, world, email: "sharer@example.com")
            let code = try await ShareFixture.code(client, world, member: sharer, activation: activation)

            let first = try await ShareFixture.follow(client, code)
            #expect(first.status == .found)
            #expect(first.headers[.location] == "http://relais.test/a/fizz/noel?utm_source=relais&utm_medium=share&utm_campaign=noel")
            let setCookies = first.headers[values: .setCookie]
            #expect(setCookies.count == 2)
            #expect(setCookies.allSatisfy { $0.contains("HttpOnly") && $0.contains("SameSite=Lax") && !$0.contains("Secure") })
            #expect(setCookies.contains { $0.hasPrefix("rt=\(code).") })
            let jar = ShareFixture.cookies(first)
            #expect(try await ShareFixture.follow(client, code, cookies: jar).status == .found)
            #expect(try await ShareFixture.follow(client, code).status == .found, "another browser")

            let bot = try await ShareFixture.follow(client, code, agent: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")
            #expect(bot.status == .ok)
            #expect(bot.headers[values: .setCookie].isEmpty)
            #expect(bot.text.contains(#"<meta property="og:title" content="Grand jeu de Noël">"#))
            #expect(bot.text.contains(#"<meta property="og:description" content="Gagnez des coffrets.">"#))
            #expect(bot.text.contains(#"<meta property="og:url" content="http://relais.test/r/\#(code)">"#))

            try await ShareFixture.waitForClicks(world, count: 4)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE counted = 1") == 2)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE bot = 1 AND counted = 0") == 1)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_visits") == 2)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE visitor_hash LIKE '%.%'") == 0)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'share.visit' AND member_id = \(sharer)") == 2,
                    "one share.visit per visitor")
            let list = try await client.api(.get, "/api/v1/members/\(sharer)/share-links", key: world.keyA)
            let item = try #require((list.json["items"] as? [[String: Any]])?.first)
            #expect(item["clicks"] as? Int == 2 && item["visits"] as? Int == 2)

            // Once the sharer is erased, the link no longer answers.
            #expect(try await client.api(.delete, "/api/v1/members/\(sharer)", key: world.keyDPOA).status == .noContent)
            #expect(try await ShareFixture.follow(client, code).status == .notFound)
        }
    }

    @Test("An unknown or malformed code gets a readable 404 page")
    func unknownCode() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            for code in ["AAAAAAAAAA", "nope", "%27%20OR%201%3D1"] {
                let response = try await ShareFixture.follow(client, code)
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("Ce lien de partage n&#39;existe pas"))
            }
        }
    }

    @Test("Clicks of the same visitor 10 and 31 minutes later: the first repeat is not counted, the second is")
    func thirtyMinutes() async throws {
        let world = try await TestWorld.make()
        try await ShareFixture.sharersLink(world)
        let outcome = try await world.withDatabase { database in
            let writer = ShareClickWriter(database: database, timeline: Timeline())
            let link = try await ShareFixture.onlyLink(database)
            let minute: Int64 = 60_000
            let start = Clock.nowMillis()
            let clicks = [0, 10, 31].map {
                ShareClick(linkID: link.id, organisationID: world.organisation.id, brandID: world.brandA.id, sharerID: link.memberID,
                           activationID: link.activationID, visitorHash: "visitor-1", bot: false, at: start + $0 * minute)
            }
            return try await writer.write(clicks)
        }
        #expect(outcome == ShareClickWriter.Outcome(written: 3, counted: 2, visits: 1))
    }

    @Test("Clicks of one visitor written in separate batches: the visit keeps the last counted click, so 10 and 45 minutes do not count, 31 and 62 do")
    func thirtyMinutesAcrossBatches() async throws {
        let world = try await TestWorld.make()
        try await ShareFixture.sharersLink(world)
        let (outcomes, visits) = try await world.withDatabase { database in
            let writer = ShareClickWriter(database: database, timeline: Timeline())
            let link = try await ShareFixture.onlyLink(database)
            let minute: Int64 = 60_000
            let start = Clock.nowMillis()
            var outcomes: [ShareClickWriter.Outcome] = []
            for offset: Int64 in [0, 10, 31, 45, 62] {
                outcomes.append(try await writer.write([
                    ShareClick(linkID: link.id, organisationID: world.organisation.id, brandID: world.brandA.id, sharerID: link.memberID,
                               activationID: link.activationID, visitorHash: "visitor-1", bot: false, at: start + offset * minute),
                ]))
            }
            let visits = try await database.read { sql in
                try await sql.raw("SELECT visited_at, last_counted_at FROM share_visits WHERE link_id = \(bind: link.id)").all().map {
                    [try $0.decode(column: "visited_at", as: Int64.self) - start, try $0.decode(column: "last_counted_at", as: Int64.self) - start]
                }
            }
            return (outcomes, visits)
        }
        #expect(outcomes.map(\.counted) == [1, 0, 1, 0, 1])
        #expect(outcomes.map(\.visits) == [1, 0, 0, 0, 0])
        #expect(visits == [[0, 62 * 60_000]])
    }
}
