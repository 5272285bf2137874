import Draws
import Foundation
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Instant wins")
struct InstantWinTests {
    @Test("Settings: no alternates, no e-mail confirmation, a bounded number of moments; strings in both languages")
    func settings() {
        let prizes = [Prize(id: 0, position: 0, name: "T-shirt", quantity: 3, alternates: 0)]
        #expect(InstantWinRules.problems(prizes: prizes, confirmEmail: false).isEmpty)
        let alternates = [Prize(id: 0, position: 0, name: "T-shirt", quantity: 3, alternates: 1)]
        #expect(InstantWinRules.problems(prizes: alternates, confirmEmail: true).map(\.field) == ["prizes[0].alternates", "confirmEmail"])
        let many = [Prize(id: 0, position: 0, name: "Bon", quantity: 10_001, alternates: 0)]
        #expect(InstantWinRules.problems(prizes: many, confirmEmail: false).map(\.field) == ["prizes"])
        // The strings of instant wins and quizzes exist in both languages and shadow no other table's key.
        #expect(Set(GameStrings.french.keys) == Set(GameStrings.english.keys))
        #expect(Set(GameStrings.french.keys).isDisjoint(with: Set(Strings.french.keys).union(ActivationStrings.french.keys)))
    }

    @Test("Moments fixed at scheduling; the first entry at or after a moment wins its prize at once; the seed proves it after closing")
    func winAtTheMoment() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let refused = try await client.api(.post, "/api/v1/activations", key: world.keyA,
                                               json: InstantWinFixture.body(extra: #","confirmEmail":true"#))
            #expect(refused.status == .unprocessableContent)
            #expect((refused.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["confirmEmail"])

            // Moments over 26 years ending in a few minutes: all four have passed (but for a chance of about one in 10^6).
            let closes = LocalTime.text(Clock.nowMillis() + 3 * 60_000, timeZone: "Europe/Paris")
            let body = InstantWinFixture.body(prizes: [("T-shirt", 2), ("Week-end", 2)], opensAt: "2000-01-01T00:00", closesAt: closes)
            let id = try await ActivationFixture.live(world, client: client, body: body)
            try await InstantWinFixture.scheduledAtOpening(world, activationID: id)
            let shown = try await client.api(.get, "/api/v1/activations/\(id)", key: world.keyA)
            #expect(((shown.json["draw"] as? [String: Any])?["commitment"] as? String)?.count == 64)
            let prizes = try await InstantWinFixture.prizesByMoment(world, activationID: id)
            #expect(prizes.sorted() == ["T-shirt", "T-shirt", "Week-end", "Week-end"])

            let first = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "une@example.com"), idempotencyKey: "k-1")
            #expect(first.status == .created, "\(first.text)")
            #expect(first.json["won"] as? Bool == true)
            #expect(first.json["prize"] as? String == prizes[0], "the earliest moment goes first")
            let replay = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "une@example.com"), idempotencyKey: "k-1")
            #expect(replay.status == .ok)
            #expect(replay.json["prize"] as? String == prizes[0])
            let second = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "deux@example.com"))
            #expect(second.json["prize"] as? String == prizes[1])
            let third = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "trois@example.com"))
            #expect(third.json["prize"] as? String == prizes[2])

            let winners = try await client.api(.get, "/api/v1/activations/\(id)/winners", key: world.keyA)
            #expect(((try JSONSerialization.jsonObject(with: winners.body)) as? [[String: Any]])?.count == 3)
            #expect(try await InstantWinFixture.count(world, "SELECT COUNT(*) AS n FROM outbox_messages WHERE purpose = 'activation_winner'") == 3)
            let live = try await client.api(.get, "/api/v1/activations/\(id)/results", key: world.keyA)
            #expect(live.json["momentsCount"] as? Int == 4)
            #expect(live.json["won"] as? Int == 3)
            let early = try await client.raw(.get, "/a/fizz/instant/draw.json")
            #expect(!early.text.contains("\"seed\""), "the seed stays secret while the instant win runs")
            // The moments' period is public from the scheduling on, for anyone to check the moments against at the end.
            #expect(early.json["momentsOpensAt"] as? Int == 946_681_200_000, "2000-01-01T00:00 in Paris")
            #expect((early.json["momentsClosesAt"] as? Int).map { $0 > 946_681_200_000 } == true)
            #expect(try await client.raw(.get, "/a/fizz/instant/draw").text.contains(#"id="draw-moments-period""#))

            _ = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            let published = try JSONDecoder().decode(PublishedDraw.self, from: try await client.raw(.get, "/a/fizz/instant/draw.json").body)
            let report = DrawVerifier.verify(published)
            #expect(report.isValid, "\(report.summary)")
            #expect(report.outcome(of: "claims") == .passed)
            #expect(published.claims?.compactMap(\.token).count == 3)
            #expect(published.prizes?.map(\.name) == ["T-shirt", "Week-end"])
            let results = try await client.raw(.get, "/a/fizz/instant/results")
            #expect(results.text.contains(#"id="unwon-prizes""#) && results.text.contains("1 × \(prizes[3])"), "a prize not won is reported")
            let after = try await client.api(.get, "/api/v1/activations/\(id)/results", key: world.keyA)
            #expect(after.json["won"] as? Int == 3)
            #expect((after.json["moments"] as? [[String: Any]])?.count == 4)
            let publish = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"publish_results"}"#)
            #expect(publish.status == .ok, "\(publish.text)")
            let winnersPage = try await client.raw(.get, "/a/fizz/instant/winners")
            #expect(winnersPage.text.contains("Camille M.") && winnersPage.text.contains("Week-end"))
        }
    }

    @Test("An instant win scheduled after its opening time spreads its moments from the scheduling on: nobody wins them in a burst")
    func scheduledLate() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let before = Clock.nowMillis()
            // Opened in 2020 on paper, scheduled now: ten moments between now and a closing in two minutes' time or so.
            let closes = LocalTime.text(Clock.nowMillis() + 3 * 60_000, timeZone: "Europe/Paris")
            let id = try await ActivationFixture.live(world, client: client, body: InstantWinFixture.body(prizes: [("Bon", 10)], closesAt: closes))
            let after = Clock.nowMillis()
            let draw = try await client.raw(.get, "/a/fizz/instant/draw.json")
            let opensAt = try #require(draw.json["momentsOpensAt"] as? Int)
            #expect(opensAt >= Int(before) && opensAt <= Int(after), "the moments' period starts when the instant win was scheduled")
            let earliest = try await InstantWinFixture.count(world, "SELECT MIN(moment_at) AS n FROM activation_moments WHERE activation_id = \(bind: id)")
            #expect(earliest >= opensAt)
            let entered = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "premiere@example.com"))
            #expect(entered.status == .created, "\(entered.text)")
            let won = try await InstantWinFixture.count(world, "SELECT COUNT(*) AS n FROM activation_moments WHERE activation_id = \(bind: id) AND won_by_entry_id IS NOT NULL")
            let due = try await InstantWinFixture.count(world, "SELECT COUNT(*) AS n FROM activation_moments WHERE activation_id = \(bind: id) AND moment_at <= \(bind: Clock.nowMillis())")
            #expect(won <= due && won <= 1, "only a moment already reached can be won")
            // Staff see the period and why it starts later than the opening time.
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let staffPage = try await web.get("/activations/\(id)")
            #expect(staffPage.status == .ok)
            #expect(staffPage.text.contains(#"id="moments-period""#) && staffPage.text.contains("répartit ses lots à partir de sa programmation"),
                    "\(staffPage.text.firstMatch(of: /<section class="card" id="instant-moments">[\s\S]*?<\/section>/)?.0 ?? "no section")")
            // Closed now, its moments verify against the seed over the period that was published.
            let closed = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            #expect(closed.status == .ok, "\(closed.text)")
            let published = try JSONDecoder().decode(PublishedDraw.self, from: try await client.raw(.get, "/a/fizz/instant/draw.json").body)
            #expect(published.opensAt.map(Int.init) == opensAt)
            let report = DrawVerifier.verify(published)
            #expect(report.isValid, "\(report.summary)")
        }
    }

    @Test("A scheduled instant win keeps its period and prizes until unscheduled; an invalidated winner gives the moment back")
    func lockedMomentsAndInvalidation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let later = LocalTime.text(Clock.nowMillis() + 2 * Clock.dayMillis, timeZone: "Europe/Paris")
            let id = try await ActivationFixture.live(world, client: client, body: InstantWinFixture.body(slug: "plus-tard", opensAt: later))
            let moved = try await client.api(.put, "/api/v1/activations/\(id)", key: world.keyA,
                                             json: InstantWinFixture.body(slug: "plus-tard", prizes: [("T-shirt", 5)], opensAt: later))
            #expect(moved.status == .conflict)
            #expect(moved.json["code"] as? String == "locked")
            _ = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"unschedule"}"#)
            #expect(try await InstantWinFixture.count(world, "SELECT COUNT(*) AS n FROM activation_moments WHERE activation_id = \(bind: id)") == 0)
            let edited = try await client.api(.put, "/api/v1/activations/\(id)", key: world.keyA,
                                              json: InstantWinFixture.body(slug: "plus-tard", prizes: [("T-shirt", 5)], opensAt: later))
            #expect(edited.status == .ok, "\(edited.text)")

            let live = try await ActivationFixture.live(world, client: client, body: InstantWinFixture.body(prizes: [("Casquette", 1), ("Gourde", 1)]))
            try await InstantWinFixture.movePast(world, activationID: live, positions: [0])
            try await InstantWinFixture.setMoment(world, activationID: live, position: 1, at: Clock.nowMillis() + 365 * Clock.dayMillis)
            let past = try await client.api(.get, "/api/v1/activations/\(live)/results", key: world.keyA)
            #expect((past.json["moments"] as? [[String: Any]])?.count == 1, "a moment to come is never shown, not even to staff")
            let winner = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "triche@example.com"))
            #expect(winner.json["won"] as? Bool == true)
            let entries = try await client.api(.get, "/api/v1/activations/\(live)/entries", key: world.keyA)
            let entryID = try #require((entries.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let invalidated = try await client.api(.post, "/api/v1/activations/\(live)/invalidations", key: world.keyA,
                                                   json: #"{"entryId":\#(entryID),"reason":"adresse jetable en série"}"#)
            #expect(invalidated.status == .noContent)
            let next = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "honnete@example.com"))
            #expect(next.json["prize"] as? String == winner.json["prize"] as? String, "the moment given back goes to the next valid entry")
        }
    }

    @Test("100 parallel entries racing for the last 10 prizes make exactly 10 winners")
    func parallelRace() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: InstantWinFixture.body(prizes: [("Bon d'achat", 12)]))
            try await InstantWinFixture.movePast(world, activationID: id, positions: Array(0..<12))
            for index in 0..<2 {
                let early = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "tot\(index)@example.com"))
                #expect(early.json["won"] as? Bool == true)
            }
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let response = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "course\(index)@example.com"))
                        return (response.status.code, response.json["won"] as? Bool ?? false)
                    }
                }
                var all: [(Int, Bool)] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.allSatisfy { $0.0 == 201 }, "\(outcomes.filter { $0.0 != 201 })")
            #expect(outcomes.filter(\.1).count == 10)
            #expect(try await InstantWinFixture.count(world, """
                SELECT COUNT(DISTINCT won_by_entry_id) AS n FROM activation_moments WHERE activation_id = \(bind: id) AND won_by_entry_id IS NOT NULL
                """) == 12)
            #expect(try await InstantWinFixture.count(world, "SELECT COUNT(*) AS n FROM activation_winners WHERE activation_id = \(bind: id)") == 12)
        }
    }
}
