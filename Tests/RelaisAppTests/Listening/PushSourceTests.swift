import Foundation
import HTTPTypes
import Testing
@testable import RelaisApp

@Suite("Push sources")
struct PushSourceTests {
    /// Headers of a push signed at `time` (unix seconds).
    static func signed(_ body: String, secret: String, at time: Int64 = Clock.nowMillis() / 1_000) -> HTTPFields {
        [.contentType: "application/x-ndjson", HTTPField.Name("Relais-Signature")!: PushSignature.sign(Data(body.utf8), secret: secret, timestamp: time)]
    }

    @Test("Signed posts are stored once and matched; a missing, wrong or stale signature is a 401; a feed or unknown id a 404; a disabled source a 409")
    func push() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Malaxo","query":"malaxo"}"#)
            #expect(try await client.api(.post, "/api/v1/listening/sources", key: world.keyAnalystA, json: #"{"kind":"push"}"#).status == .forbidden)
            #expect(try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"kind":"push","url":"https://x.example"}"#).status
                    == .unprocessableContent)
            let created = try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"kind":"push","label":"Zapier"}"#)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? Int)
            let secret = try #require(created.json["pushSecret"] as? String)
            let path = try #require(created.json["pushUrl"] as? String)
            #expect(path == "/api/v1/listening/sources/\(id)/push")
            #expect(try await client.api(.get, "/api/v1/listening/sources/\(id)", key: world.keyA).json["pushSecret"] == nil, "shown once")
            #expect(try await client.api(.post, "/api/v1/listening/sources/\(id)/poll", key: world.keyA).status == .conflict)

            let body = """
                {"url":"https://forum.example/t/9?utm_source=x","title":"Malaxo en panne","text":"<p>Ma bétonnière Malaxo ne démarre plus.</p>"}
                {"id":"tw-42","text":"Malaxo au top","author":"@beton_pro"}
                {"text":"sans identifiant"}
                """
            let first = try await client.raw(.post, path, headers: Self.signed(body, secret: secret), body: body)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["newPosts"] as? Int == 2 && first.json["newMentions"] as? Int == 2)
            #expect((first.json["errors"] as? [[String: Any]])?.first?["line"] as? Int == 3)
            // The same push again (a retry by the sender): nothing new, counted as duplicates.
            let again = try await client.raw(.post, path, headers: Self.signed(body, secret: secret), body: body)
            #expect(again.json["newPosts"] as? Int == 0 && again.json["duplicates"] as? Int == 2, "\(again.text)")

            let unsigned = try await client.raw(.post, path, headers: [.contentType: "application/x-ndjson"], body: body)
            #expect(unsigned.status == .unauthorized)
            #expect(unsigned.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(unsigned.text.contains("Relais-Signature header is missing"))
            let wrong = try await client.raw(.post, path, headers: Self.signed(body, secret: "whsec_wrong"), body: body)
            #expect(wrong.status == .unauthorized)
            let stale = try await client.raw(.post, path, headers: Self.signed(body, secret: secret, at: Clock.nowMillis() / 1_000 - 301), body: body)
            #expect(stale.status == .unauthorized)
            #expect(stale.text.contains("at most 300"))
            let tampered = try await client.raw(.post, path, headers: Self.signed(body, secret: secret), body: body + "\n{\"id\":\"x\",\"text\":\"Malaxo\"}")
            #expect(tampered.status == .unauthorized)

            let feed = try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"url":"https://example.com/feed","enabled":false}"#)
            let feedID = try #require(feed.json["id"] as? Int)
            #expect(try await client.raw(.post, "/api/v1/listening/sources/\(feedID)/push", headers: Self.signed(body, secret: secret), body: body).status == .notFound)
            #expect(try await client.raw(.post, "/api/v1/listening/sources/999999/push", headers: Self.signed(body, secret: secret), body: body).status == .notFound)

            _ = try await client.api(.patch, "/api/v1/listening/sources/\(id)", key: world.keyA, json: #"{"enabled":false}"#)
            #expect(try await client.raw(.post, path, headers: Self.signed(body, secret: secret), body: body).status == .conflict)
            let source = try await client.api(.get, "/api/v1/listening/sources/\(id)", key: world.keyA)
            #expect(source.json["postsRead"] as? Int == 2 && source.json["status"] as? String == "ok", "\(source.text)")
        }
    }
}

@Suite("Listening page editing")
struct ListeningPageEditingTests {
    @Test("Staff edit and delete sources and queries from the page; a query that does not parse keeps its row's form open with the message")
    func editAndDelete() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let query = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Grues","kind":"brand","query":"grue"}"#)
            let queryID = try #require(query.json["id"] as? Int)
            let source = try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"url":"https://example.com/feed","label":"Blog","enabled":false}"#)
            let sourceID = try #require(source.json["id"] as? Int)
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let page = try await web.get("/listening")
            let csrf = try #require(WebClient.csrf(in: page))
            #expect(page.text.contains("id=\"edit-query-form-\(queryID)\""))

            let bad = try await web.post("/listening/queries/\(queryID)", form: ["_csrf": csrf, "name": "Grues", "kind": "crisis", "query": "grue AND (panne"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("at character 10") || bad.text.contains("caractère 10"), "the parser's position is shown")
            let good = try await web.post("/listening/queries/\(queryID)", form: ["_csrf": csrf, "name": "Grues en panne", "kind": "crisis", "query": "grue panne"])
            #expect(good.status == .seeOther)
            let stored = try await client.api(.get, "/api/v1/listening/queries/\(queryID)", key: world.keyA)
            #expect(stored.json["name"] as? String == "Grues en panne" && stored.json["kind"] as? String == "crisis")

            let renamed = try await web.post("/listening/sources/\(sourceID)", form: ["_csrf": csrf, "url": "https://example.com/feed", "label": "Le blog", "interval": "30"])
            #expect(renamed.status == .seeOther)
            let after = try await client.api(.get, "/api/v1/listening/sources/\(sourceID)", key: world.keyA)
            #expect(after.json["label"] as? String == "Le blog" && after.json["pollIntervalMinutes"] as? Int == 30 && after.json["enabled"] as? Bool == false)
            let badInterval = try await web.post("/listening/sources/\(sourceID)", form: ["_csrf": csrf, "label": "x", "interval": "2"])
            #expect(badInterval.status == .unprocessableContent)

            #expect(try await web.post("/listening/queries/\(queryID)/delete", form: ["_csrf": csrf]).status == .seeOther)
            #expect(try await web.post("/listening/sources/\(sourceID)/delete", form: ["_csrf": csrf]).status == .seeOther)
            #expect(try await client.api(.get, "/api/v1/listening/queries/\(queryID)", key: world.keyA).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/listening/sources/\(sourceID)", key: world.keyA).status == .notFound)
            #expect(try await web.post("/listening/sources/\(sourceID)/delete", form: ["_csrf": "wrong"]).status != .seeOther)

            let push = try await web.post("/listening/sources", form: ["_csrf": csrf, "kind": "push", "label": "Zapier"])
            #expect(push.status == .created)
            #expect(WebClient.inputValue(id: "push-secret", in: push)?.hasPrefix("whsec_") == true)
        }
    }
}
