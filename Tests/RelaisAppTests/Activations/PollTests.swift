import Foundation
import Testing
@testable import RelaisApp

@Suite("Polls")
struct PollTests {
    @Test("Votes are tallied in the options' order; results show live or only once closed; options are checked")
    func pureRules() {
        let poll = PollSettings(options: ["Jaune", "Bleu", "Vert"], resultsVisibility: .afterClose)
        let tally = poll.tally(["Bleu": 3, "Jaune": 1, "Rouge": 9])
        #expect(tally.map(\.option) == ["Jaune", "Bleu", "Vert"])
        #expect(tally.map(\.votes) == [1, 3, 0])
        #expect(tally.map(\.percent) == [25, 75, 0])
        #expect(!poll.showsResults(.live))
        #expect(poll.showsResults(.closed))
        #expect(PollSettings(options: poll.options, resultsVisibility: .live).showsResults(.live))
        #expect(PollSettings.problems(["Seul"]).map(\.field) == ["pollOptions"])
        #expect(PollSettings.problems(["Jaune", "jaune"]).map(\.field) == ["pollOptions"])
        #expect(PollSettings.problems(["Jaune", "Bleu"]).isEmpty)
        #expect(PollSettings.options(stored: poll.storedOptions) == poll.options)
    }

    static func body(results: String = "after_close", frequency: String = "once") -> String {
        """
        {"kind":"poll","slug":"couleur","titleFr":"Choisissez la couleur de notre prochaine grue","opensAt":"2020-01-01T00:00",
         "closesAt":"2099-01-01T00:00","entryFrequency":"\(frequency)","pollOptions":["Jaune","Bleu","Vert"],"pollResults":"\(results)"}
        """
    }

    @Test("One vote per member, invalid answers refused, results hidden until closing unless shown live")
    func votes() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let daily = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: Self.body(frequency: "daily"))
            #expect(daily.status == .unprocessableContent)
            #expect((daily.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "entryFrequency")
            let id = try await ActivationFixture.live(world, client: client, body: Self.body())
            let invalid = try await ActivationFixture.enter(client, slug: "couleur", body: #"{"email":"a@example.com","answer":"Rouge"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.json["code"] as? String == "invalid_answer")
            #expect(try await ActivationFixture.enter(client, slug: "couleur", body: #"{"email":"a@example.com","answer":"Bleu"}"#).status == .created)
            #expect(try await ActivationFixture.enter(client, slug: "couleur", body: #"{"email":"b@example.com","answer":"Bleu"}"#).status == .created)
            #expect(try await ActivationFixture.enter(client, slug: "couleur", body: #"{"email":"c@example.com","answer":"Vert"}"#).status == .created)
            let again = try await ActivationFixture.enter(client, slug: "couleur", body: #"{"email":"A@example.com","answer":"Vert"}"#)
            #expect(again.status == .conflict)
            #expect(again.json["code"] as? String == "already_entered")
            let results = try await client.api(.get, "/api/v1/activations/\(id)/results", key: world.keyA)
            #expect(results.json["total"] as? Int == 3)
            #expect((results.json["options"] as? [[String: Any]])?.compactMap { $0["votes"] as? Int } == [0, 2, 1])
            let hidden = try await client.raw(.get, "/a/fizz/couleur")
            #expect(hidden.text.contains(#"name="answer" value="Bleu""#))
            #expect(!hidden.text.contains(#"id="poll-results""#), "results are hidden until closing")
            _ = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            let shown = try await client.raw(.get, "/a/fizz/couleur")
            #expect(shown.text.contains(#"id="poll-results""#))
            #expect(shown.text.contains("67 %"))
            let sweepstakes = try await ActivationFixture.live(world, client: client)
            #expect(try await client.api(.get, "/api/v1/activations/\(sweepstakes)/results", key: world.keyA).status == .notFound)
        }
    }

    @Test("Results shown live: the page shows the tally while the vote runs, and it moves with each vote")
    func liveResults() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: Self.body(results: "live"))
            #expect(try await ActivationFixture.enter(client, slug: "couleur", body: #"{"email":"a@example.com","answer":"Bleu"}"#).status == .created)
            let first = try await client.raw(.get, "/a/fizz/couleur")
            #expect(first.text.contains(#"id="poll-results""#) && first.text.contains("100 %"), "live, before closing")
            #expect(first.text.contains(#"name="answer" value="Bleu""#), "the form stays open beside the results")
            #expect(try await ActivationFixture.enter(client, slug: "couleur", body: #"{"email":"b@example.com","answer":"Jaune"}"#).status == .created)
            var moved = false
            // The page is served from a short-lived cache: the tally shows within its lifetime.
            for _ in 0..<40 where !moved {
                moved = try await client.raw(.get, "/a/fizz/couleur").text.contains("50 %")
                if !moved { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(moved)
        }
    }
}
