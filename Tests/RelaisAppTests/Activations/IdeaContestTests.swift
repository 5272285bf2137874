import Foundation
import HTTPTypes
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Idea contests")
struct IdeaContestTests {
    @Test("Ideas with images are checked, moderated with a logged reason, shown once approved and voted on once per member")
    func contest() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: IdeaFixture.contest())
            // Images are judged by their bytes, not by the declared type.
            let disguised = try await IdeaFixture.submit(client, email: "gif@example.com", image: ("photo.png", "image/png", IdeaFixture.gif))
            #expect(disguised.status == .unprocessableContent)
            #expect((disguised.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "image")
            let huge = try await IdeaFixture.submit(client, email: "huge@example.com",
                                                    image: ("big.png", "image/png", IdeaFixture.png + Data(count: IdeaImage.maximumBytes)))
            #expect(huge.status == .unprocessableContent)
            let untitled = try await IdeaFixture.submit(client, email: "x@example.com", title: "")
            #expect((untitled.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "ideaTitle")
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM members") == 0, "a refused idea records nothing")

            let first = try await IdeaFixture.submit(client, email: "camille@example.com", image: ("grue.png", "image/png", IdeaFixture.png), idempotencyKey: "k1")
            #expect(first.status == .created, "\(first.text)")
            let replay = try await IdeaFixture.submit(client, email: "camille@example.com", image: ("grue.png", "image/png", IdeaFixture.png), idempotencyKey: "k1")
            #expect(replay.status == .ok)
            #expect(replay.json["replayed"] as? Bool == true)
            #expect(try await IdeaFixture.submit(client, email: "leo@example.com", firstName: "Léo", lastName: "Bernard", title: "Une cabine chauffée").status == .created)
            #expect(try await IdeaFixture.submit(client, email: "ines@example.com", firstName: "Inès", lastName: "Moreau", title: "Hors sujet").status == .created)
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM activation_ideas") == 3, "a replay records nothing more")

            let queue = try await client.api(.get, "/api/v1/activations/\(id)/ideas?status=pending", key: world.keyA)
            let pending = try #require(queue.json["items"] as? [[String: Any]])
            #expect(pending.count == 3)
            let ideaID = { (title: String) in pending.first { $0["title"] as? String == title }?["id"] as? Int ?? 0 }
            let (solar, cabin, offTopic) = (ideaID("Une grue solaire"), ideaID("Une cabine chauffée"), ideaID("Hors sujet"))
            let imageURL = try #require(pending.first { $0["id"] as? Int == solar }?["imageUrl"] as? String)
            let imagePath = String(imageURL.dropFirst("http://relais.test".count))
            #expect(try await client.raw(.get, imagePath).status == .notFound, "a pending idea's image is not public")
            #expect(try await client.raw(.get, "/api/v1/public/activations/fizz/idees/ideas").text == "[]")

            let noReason = try await client.api(.post, "/api/v1/activations/\(id)/ideas/\(offTopic)/moderation", key: world.keyA, json: #"{"decision":"reject"}"#)
            #expect(noReason.status == .unprocessableContent)
            #expect(try await client.api(.post, "/api/v1/activations/\(id)/ideas/\(offTopic)/moderation", key: world.keyA,
                                         json: #"{"decision":"reject","reason":"Sans rapport avec le concours"}"#).json["status"] as? String == "rejected")
            for idea in [solar, cabin] {
                let approved = try await client.api(.post, "/api/v1/activations/\(id)/ideas/\(idea)/moderation", key: world.keyA, json: #"{"decision":"approve"}"#)
                #expect(approved.json["status"] as? String == "approved")
            }
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('activation.idea_approved', 'activation.idea_rejected')") == 3)
            #expect(try await client.api(.post, "/api/v1/activations/\(id)/ideas/\(solar)/moderation", key: world.keyAnalystA,
                                         json: #"{"decision":"approve"}"#).status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/activations/\(id)/ideas", key: world.keyB).status == .notFound, "brands are isolated")

            let image = try await client.raw(.get, imagePath)
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(image.body == IdeaFixture.png)
            let publicIdeas = try await client.raw(.get, "/api/v1/public/activations/fizz/idees/ideas")
            #expect(publicIdeas.text.contains("Camille M."))
            #expect(!publicIdeas.text.contains("Martin"), "the public sees first names and initials only")
            #expect(!publicIdeas.text.contains("Hors sujet"))

            // Votes: recognised members only, not on their own idea, once per idea.
            let camille = try await IdeaFixture.memberLink(world, email: "camille@example.com")
            let leo = try await IdeaFixture.memberLink(world, email: "leo@example.com")
            let ines = try await IdeaFixture.memberLink(world, email: "ines@example.com")
            func vote(_ idea: Int, _ link: String?) async throws -> APIResponse {
                try await client.raw(.post, "/api/v1/public/activations/fizz/idees/votes", headers: [.contentType: "application/json"],
                                     body: #"{"ideaId":\#(idea)\#(link.map { #","memberLink":"\#($0)""# } ?? "")}"#)
            }
            #expect(try await vote(solar, nil).json["code"] as? String == "member_required")
            #expect(try await vote(solar, camille).json["code"] as? String == "own_idea")
            #expect(try await vote(offTopic, leo).status == .notFound, "a rejected idea takes no vote")
            let counted = try await vote(solar, leo)
            #expect(counted.status == .created)
            #expect(counted.json["votes"] as? Int == 1)
            let again = try await vote(solar, leo)
            #expect(again.status == .ok)
            #expect(again.json["counted"] as? Bool == false)
            #expect(try await vote(solar, ines).status == .created)
            #expect(try await vote(cabin, camille).status == .created)
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM idea_votes") == 3)

            let anonymous = try await client.raw(.get, "/a/fizz/idees")
            #expect(anonymous.text.contains(#"id="vote-how""#), "a visitor is told how to be recognised to vote")
            #expect(!anonymous.text.contains(#"id="vote-\#(solar)""#))
            let page = try await client.raw(.get, "/a/fizz/idees?m=\(ines)")
            #expect(page.text.contains(#"id="voted-\#(solar)""#))
            #expect(page.text.contains(#"id="vote-\#(cabin)""#))
            #expect(page.text.contains(#"enctype="multipart/form-data""#))

            let ranking = try await client.api(.get, "/api/v1/activations/\(id)/ranking", key: world.keyA)
            #expect((ranking.json["ranking"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [solar, cabin])
            #expect((ranking.json["winners"] as? [[String: Any]])?.compactMap { $0["votes"] as? Int } == [2, 1])

            _ = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            #expect(try await vote(cabin, ines).json["code"] as? String == "voting_closed")
            #expect(try await client.raw(.get, "/a/fizz/idees/winners").text.contains(#"id="winners-pending""#))
            #expect(try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"publish_results"}"#).status == .ok)
            let winners = try await client.raw(.get, "/a/fizz/idees/winners")
            #expect(winners.text.contains("Camille M."))
            #expect(winners.text.contains("Léo B."))
            #expect(!winners.text.contains("Bernard"))
        }
    }

    @Test("Jury contests: staff pick approved ideas as winners, in order; votes do not decide")
    func jury() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: IdeaFixture.contest(winners: "jury"))
            #expect(try await IdeaFixture.submit(client, email: "a@example.com", title: "Idée A").status == .created)
            #expect(try await IdeaFixture.submit(client, email: "b@example.com", title: "Idée B").status == .created)
            let items = try #require(try await client.api(.get, "/api/v1/activations/\(id)/ideas", key: world.keyA).json["items"] as? [[String: Any]])
            let ids = items.compactMap { $0["id"] as? Int }.sorted()
            let pickPending = try await client.api(.post, "/api/v1/activations/\(id)/ideas/\(ids[1])/jury", key: world.keyA, json: #"{"picked":true}"#)
            #expect(pickPending.status == .unprocessableContent, "only approved ideas can be picked")
            for idea in ids {
                _ = try await client.api(.post, "/api/v1/activations/\(id)/ideas/\(idea)/moderation", key: world.keyA, json: #"{"decision":"approve"}"#)
            }
            #expect(try await client.api(.post, "/api/v1/activations/\(id)/ideas/\(ids[1])/jury", key: world.keyA, json: #"{"picked":true}"#).status == .noContent)
            let ranking = try await client.api(.get, "/api/v1/activations/\(id)/ranking", key: world.keyA)
            #expect(ranking.json["ideaWinners"] as? String == "jury")
            #expect((ranking.json["winners"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [ids[1]])
            let bad = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: IdeaFixture.contest(slug: "autre", winners: "public", count: 0))
            #expect(Set((bad.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []) == ["ideaWinners", "ideaWinnerCount"])
            let lead = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: """
                {"kind":"lead_form","slug":"club","titleFr":"Club","opensAt":"2020-01-01T00:00","closesAt":"2099-01-01T00:00","ideaWinners":"jury"}
                """)
            #expect(lead.status == .unprocessableContent, "only an idea contest has idea settings")
        }
    }

    @Test("Votes open at their own time; erasing a member removes their idea's text and image")
    func votingPeriodAndErasure() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: IdeaFixture.contest(votingOpensAt: "2098-01-01T00:00"))
            #expect(try await IdeaFixture.submit(client, email: "a@example.com", image: ("a.webp", "image/webp", IdeaFixture.webp)).status == .created)
            #expect(try await IdeaFixture.submit(client, email: "b@example.com", title: "Idée B").status == .created)
            let items = try #require(try await client.api(.get, "/api/v1/activations/\(id)/ideas", key: world.keyA).json["items"] as? [[String: Any]])
            let withImage = try #require(items.first { $0["imageUrl"] != nil })
            let ideaID = try #require(withImage["id"] as? Int)
            let memberID = try #require(withImage["memberId"] as? Int)
            _ = try await client.api(.post, "/api/v1/activations/\(id)/ideas/\(ideaID)/moderation", key: world.keyA, json: #"{"decision":"approve"}"#)
            let voter = try await IdeaFixture.memberLink(world, email: "b@example.com")
            let early = try await client.raw(.post, "/api/v1/public/activations/fizz/idees/votes", headers: [.contentType: "application/json"],
                                             body: #"{"ideaId":\#(ideaID),"memberLink":"\#(voter)"}"#)
            #expect(early.json["code"] as? String == "voting_not_open")
            let imagePath = String(try #require(withImage["imageUrl"] as? String).dropFirst("http://relais.test".count))
            #expect(try await client.raw(.get, imagePath).headers[.contentType] == "image/webp")
            let export = try await client.api(.get, "/api/v1/members/\(memberID)/export", key: world.keyDPOA)
            #expect((export.json["ideas"] as? [[String: Any]])?.first?["title"] as? String == "Une grue solaire", "an access request gives the member's ideas")
            #expect(try await client.api(.delete, "/api/v1/members/\(memberID)", key: world.keyDPOA).status == .noContent)
            #expect(try await client.raw(.get, imagePath).status == .notFound)
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM idea_images") == 0)
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM activation_ideas WHERE status = 'erased' AND title = '' AND body = ''") == 1)
        }
    }
}
