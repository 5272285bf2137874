import Foundation
import HTTPTypes
import Testing
@testable import RelaisApp

@Suite("Idea contest and referral pages")
struct IdeaPageTests {
    @Test("The hosted idea form is multipart; a refused image is explained beside its field in the page's language")
    func hostedForm() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: IdeaFixture.contest())
            let page = try await client.raw(.get, "/a/fizz/idees")
            #expect(page.text.contains(#"enctype="multipart/form-data""#))
            #expect(page.text.contains(#"<label for="f-image">"#))
            #expect(page.text.contains(#"id="send-code""#), "returning members may ask for a code")
            let fields = [("email", "nora@example.com"), ("firstName", "Nora"), ("ideaTitle", "Une grue solaire"),
                          ("ideaText", "Des panneaux sur la flèche."), ("formToken", "t1")]
            let refused = IdeaFixture.multipart(fields, image: ("photo.png", "image/png", IdeaFixture.gif))
            let answer = try await client.bytes(.post, "/a/fizz/idees", headers: [.contentType: refused.contentType], body: refused.body)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.contains(#"id="err-image""#))
            #expect(answer.text.contains("Seules les images JPEG, PNG ou WebP sont acceptées."))
            #expect(answer.text.contains(#"value="Une grue solaire""#), "what was typed is kept")
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM activation_ideas") == 0)
            let accepted = IdeaFixture.multipart(fields, image: ("photo.jpg", "image/jpeg", IdeaFixture.jpeg))
            let thanks = try await client.bytes(.post, "/a/fizz/idees", headers: [.contentType: accepted.contentType], body: accepted.body)
            #expect(thanks.status == .created)
            #expect(thanks.text.contains(#"id="idea-pending""#))
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM idea_images WHERE content_type = 'image/jpeg'") == 1)
        }
    }

    @Test("Staff moderate in the back office: a rejection needs a reason, an approval is logged, the ranking and referrals show in the editor")
    func backOffice() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: IdeaFixture.contest())
            #expect(try await IdeaFixture.submit(client, email: "nora@example.com", image: ("a.png", "image/png", IdeaFixture.png)).status == .created)
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let queue = try await web.get("/activations/\(id)/ideas")
            #expect(queue.status == .ok)
            #expect(queue.text.contains("Une grue solaire"))
            let csrf = try #require(WebClient.csrf(in: queue))
            let ideaID = try #require(try await client.api(.get, "/api/v1/activations/\(id)/ideas", key: world.keyA).json["items"]
                .flatMap { ($0 as? [[String: Any]])?.first?["id"] as? Int })
            let image = try await web.get("/activations/\(id)/ideas/\(ideaID)/image")
            #expect(image.body == IdeaFixture.png, "staff see a pending idea's image")
            let noReason = try await web.post("/activations/\(id)/ideas/\(ideaID)/moderate", form: ["_csrf": csrf, "decision": "reject"])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains(#"id="moderation-error""#))
            let approved = try await web.post("/activations/\(id)/ideas/\(ideaID)/moderate", form: ["_csrf": csrf, "decision": "approve"])
            #expect(approved.status == .seeOther)
            #expect(try await web.get("/activations/\(id)/ideas?status=approved").text.contains(#"id="idea-\#(ideaID)""#))
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'activation.idea_approved' AND actor_kind = 'staff'") == 1)
            #expect(try await web.get("/activations/\(id)").text.contains(#"id="idea-ranking""#))

            let referral = try await ActivationFixture.live(world, client: client, body: IdeaFixture.referral())
            #expect(try await ActivationFixture.enter(client, slug: "parrainage", body: ActivationFixture.entry(email: "a@example.com")).status == .created)
            let invitation = try #require(try await IdeaFixture.lastOutboxLink(world, email: "a@example.com", parameter: "r"))
            _ = try await ActivationFixture.enter(client, slug: "parrainage", body: #"{"email":"b@example.com","firstName":"Bastien","referralLink":"\#(invitation)"}"#)
            let editor = try await web.get("/activations/\(referral)")
            #expect(editor.text.contains(#"<strong id="referrals-total">1</strong>"#))
            #expect(editor.text.contains("Bastien"))
        }
    }
}
