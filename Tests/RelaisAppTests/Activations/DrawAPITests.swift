import Draws
import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Draws and prize claims through the API")
struct DrawAPITests {
    @Test("The draw freezes the pool at closing, picks winners and alternates per prize, reveals the seed and verifies independently")
    func provableDraw() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let source = "drand quicknet, first round after closing"
            let refused = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: IdeaFixture.referral(slug: "hasard")
                .replacingOccurrences(of: #""kind""#, with: #""publicRandomnessSource":"drand","kind""#))
            #expect(refused.status == .unprocessableContent && refused.text.contains("publicRandomnessSource"), "no draw, no randomness")
            let id = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes()
                .replacingOccurrences(of: #""kind""#, with: #""publicRandomnessSource":"\#(source)","kind""#))
            // Announced with the commitment, before anyone enters.
            let announced = try await client.raw(.get, "/a/fizz/noel/draw.json")
            #expect(announced.json["publicRandomnessSource"] as? String == source)
            #expect(try await client.raw(.get, "/a/fizz/noel/draw").text.contains(#"<dd id="draw-randomness-source">\#(source)</dd>"#))
            for index in 0..<6 {
                let entry = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "p\(index)@example.com"))
                #expect(entry.status == .created)
            }
            let early = try await client.api(.post, "/api/v1/activations/\(id)/draw", key: world.keyA, json: "{}")
            #expect(early.status == .conflict)
            #expect(early.json["code"] as? String == "not_closed")
            let closed = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            let frozen = try #require(closed.json["draw"] as? [String: Any])
            #expect(frozen["poolCount"] as? Int == 6)
            #expect((frozen["poolHash"] as? String)?.count == 64)
            let without = try await client.api(.post, "/api/v1/activations/\(id)/draw", key: world.keyA, json: "{}")
            #expect(without.status == .unprocessableContent && without.text.contains(source), "the announced value is required")
            let drawn = try await client.api(.post, "/api/v1/activations/\(id)/draw", key: world.keyA,
                                             json: #"{"publicRandomness":"drand:quicknet:1000000:abc"}"#)
            #expect(drawn.status == .created, "\(drawn.text)")
            let data = try JSONSerialization.data(withJSONObject: try #require(drawn.json["published"]))
            let published = try JSONDecoder().decode(PublishedDraw.self, from: data)
            #expect(DrawVerifier.verify(published).isValid)
            #expect(published.commitment == frozen["commitment"] as? String)
            #expect(published.pool?.hash == frozen["poolHash"] as? String)
            let winners = try #require(drawn.json["winners"] as? [[String: Any]])
            #expect(winners.filter { $0["role"] as? String == "winner" }.count == 3)
            #expect(winners.filter { $0["role"] as? String == "alternate" }.count == 1)
            #expect(Set(winners.compactMap { $0["token"] as? String }).count == 4)
            let twice = try await client.api(.post, "/api/v1/activations/\(id)/draw", key: world.keyA, json: "{}")
            #expect(twice.json["code"] as? String == "already_drawn")
            let after = try await client.api(.get, "/api/v1/activations/\(id)", key: world.keyA)
            #expect(((after.json["draw"] as? [String: Any])?["seed"] as? String) == published.seed)
            // The public verification data is the same, and winners are notified through the outbox.
            let json = try await client.raw(.get, "/a/fizz/noel/draw.json")
            #expect(try JSONDecoder().decode(PublishedDraw.self, from: json.body) == published)
            let outbox = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM outbox_messages WHERE purpose = 'activation_winner'").first()!.decode(column: "n", as: Int.self)
                }
            }
            #expect(outbox == 3)
            let publish = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"publish_results"}"#)
            #expect(publish.json["status"] as? String == "results_published")
            let page = try await client.raw(.get, "/a/fizz/noel/winners")
            #expect(page.status == .ok)
            #expect(page.text.contains("Camille M."))
            #expect(!page.text.contains("Martin"), "only the initial of the last name is public")
        }
    }

    @Test("A winner claims the prize through the e-mailed link before the deadline; an unclaimed prize passes to the next alternate")
    func prizeClaims() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.drawn(world, client: client, entrants: 6)
            let outbox = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT body FROM outbox_messages WHERE purpose = 'activation_winner' ORDER BY id").all()
                        .map { try $0.decode(column: "body", as: String.self) }
                }
            }
            #expect(outbox.count == 3)
            let link = try #require(outbox.first?.split(separator: "\n").first { $0.contains("/claim/") })
            let path = String(link.dropFirst("http://relais.test".count))
            let page = try await client.raw(.get, path)
            #expect(page.text.contains(#"id="claim""#))
            let claimed = try await client.raw(.post, path)
            #expect(claimed.text.contains(#"id="prize-claimed""#))
            #expect(try await client.raw(.post, path + "x").status == .notFound)
            let winners = try await client.api(.get, "/api/v1/activations/\(id)/winners", key: world.keyA)
            let items = try #require(try JSONSerialization.jsonObject(with: winners.body) as? [[String: Any]])
            #expect(items.filter { $0["claimedAt"] != nil }.count == 1)
            #expect(items.filter { $0["role"] as? String == "winner" }.allSatisfy { $0["claimDeadline"] != nil })

            // Fifteen days later, with nobody looking, the activation clock expires the two unclaimed winners;
            // the Coffret's alternate takes over and is notified. A second round finds nothing left to do.
            let later = Clock.nowMillis() + 15 * Clock.dayMillis
            let expired = try await world.withDatabase { database in
                let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                           linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
                let access = BrandAccess(organisationID: world.organisation.id, brandID: world.brandA.id, unitID: nil,
                                         permissions: [.readMembers], actor: .system)
                let activation = try await services.activations.activation(Int64(id), access: access)
                let count = try await services.activationClock.tick(now: later).expiredClaims
                #expect(try await services.activationClock.tick(now: later) == ActivationClock.Round())
                let winners = try await services.activationDraws.winners(activationID: activation.id)
                let messages = try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM outbox_messages WHERE purpose = 'activation_winner'").first()?
                        .decode(column: "n", as: Int.self) ?? 0
                }
                return [count, winners.filter(\.holdsPrize).count, winners.filter { $0.promotedAt != nil }.count, messages]
            }
            #expect(expired == [2, 2, 1, 4], "2 expired; the claimed winner and the promoted alternate hold prizes (the Vélo has no alternate); 1 more message")
        }
    }

    @Test("At closing the activation clock freezes the pool of a draw, with nobody looking")
    func poolFrozenOnTime() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client)
            for index in 0..<3 {
                #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "gel\(index)@example.com")).status == .created)
            }
            let afterClosing = Clock.nowMillis() + 80 * 365 * Clock.dayMillis  // the fixture closes in 2099
            let rounds = try await world.withDatabase { database in
                let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                           linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
                let before = try await services.activationClock.tick()
                let at = try await services.activationClock.tick(now: afterClosing)
                let again = try await services.activationClock.tick(now: afterClosing)
                return [before.settled, at.settled, again.settled]
            }
            #expect(rounds == [0, 1, 0], "nothing before closing, the pool once at closing, then nothing left")
            let state = try await client.api(.get, "/api/v1/activations/\(id)", key: world.keyA)
            let draw = try #require(state.json["draw"] as? [String: Any])
            #expect(draw["poolCount"] as? Int == 3)
            #expect((draw["poolHash"] as? String)?.count == 64)
            #expect(draw["seed"] == nil, "frozen, not drawn: the seed stays secret")
        }
    }
}
