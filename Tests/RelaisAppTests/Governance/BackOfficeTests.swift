import Foundation
import Testing
@testable import RelaisApp

@Suite("Back-office pages")
struct BackOfficeTests {
    @Test("Log-in: wrong password refused, then rate-limited; right password opens the members page")
    func logInAndThrottle() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            #expect(try await web.get("/members").status == .seeOther)
            let wrong = try await web.logIn(email: world.ownerEmail, password: "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(web.cookie == nil)
            for _ in 0..<4 { _ = try await web.logIn(email: world.ownerEmail, password: "nope nope nope") }
            let throttled = try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            #expect(throttled.status == .tooManyRequests, "five failures lock the e-mail for a while, even with the right password")
            #expect(web.cookie == nil)
        }
    }

    @Test("A logged-in owner sees members, switches brand only with the CSRF token, and issues an API key shown once")
    func ownerPages() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"zoe@example.com","firstName":"Zoé","lastName":"Martin"}"#)
            var web = WebClient(client: client)
            let login = try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            #expect(login.status == .seeOther)
            let members = try await web.get("/members?q=mart")
            #expect(members.status == .ok)
            #expect(members.text.contains("Zoé Martin"))
            let csrf = try #require(WebClient.csrf(in: members))

            #expect(try await web.post("/brand", form: ["brand": String(world.brandB.id)]).status == .forbidden)
            #expect(try await web.post("/brand", form: ["brand": String(world.brandB.id), "_csrf": csrf]).status == .seeOther)
            #expect(!(try await web.get("/members?q=mart")).text.contains("Zoé Martin"), "brand B does not list brand A's member")
            _ = try await web.post("/brand", form: ["brand": String(world.brandA.id), "_csrf": csrf])

            let issued = try await web.post("/api-keys", form: ["name": "Site web", "role": "community_manager", "_csrf": csrf])
            #expect(issued.status == .created)
            let secret = try #require(WebClient.inputValue(id: "new-key-secret", in: issued))
            #expect(secret.hasPrefix("rk_"))
            #expect(try await client.api(.get, "/api/v1/members", key: secret).status == .ok)
            let list = try await web.get("/api-keys")
            #expect(!list.text.contains(secret), "the secret is never shown again")

            let audit = try await web.get("/audit")
            #expect(audit.text.contains("api_key.issued"))
            #expect(audit.text.contains("member.created"))
        }
    }

    @Test("An owner invites a staff member who chooses a password through the one-time link")
    func invitation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var owner = WebClient(client: client)
            try await owner.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let page = try await owner.get("/staff")
            let csrf = try #require(WebClient.csrf(in: page))
            let refused = try await owner.post("/staff", form: ["name": "Unit", "email": "u@test.example", "role": "unit_contributor",
                                                                 "scope": "brand:\(world.brandA.id)", "_csrf": csrf])
            #expect(refused.status == .unprocessableContent)
            let invited = try await owner.post("/staff", form: ["name": "Agence Paris", "email": "paris@test.example", "role": "unit_contributor",
                                                                 "scope": "unit:\(world.unitA1.id)", "_csrf": csrf])
            #expect(invited.status == .created)
            let link = try #require(WebClient.inputValue(id: "invitation-link", in: invited))
            let path = String(link.dropFirst("http://relais.test".count))
            var newcomer = WebClient(client: client)
            #expect(try await newcomer.post(path, form: ["password": "short"]).status == .unprocessableContent)
            #expect(try await newcomer.post(path, form: ["password": "a long enough password"]).status == .seeOther)
            #expect(try await newcomer.get(path).status == .notFound, "the link works once")
            let login = try await newcomer.logIn(email: "paris@test.example", password: "a long enough password")
            #expect(login.status == .seeOther)
            #expect(try await newcomer.get("/members").status == .ok)
            #expect(try await newcomer.get("/staff").status == .forbidden)
            #expect(try await newcomer.get("/api-keys").status == .forbidden)
        }
    }

    @Test("Consent settings: a new purpose with its wordings, then a new version")
    func consentSettings() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let csrf = try #require(WebClient.csrf(in: try await web.get("/settings/consent")))
            let created = try await web.post("/settings/consent/purposes", form: ["key": "partners", "label": "Partenaires", "marketing": "1",
                                                                                  "wording_fr": "J'accepte les offres des partenaires.", "_csrf": csrf])
            #expect(created.status == .seeOther)
            let duplicate = try await web.post("/settings/consent/purposes", form: ["key": "partners", "label": "Again", "_csrf": csrf])
            #expect(duplicate.status == .conflict)
            #expect(try await web.post("/settings/consent/wordings", form: ["key": "partners", "language": "fr", "body": "Version 2.", "_csrf": csrf]).status == .seeOther)
            let purposes = try await client.api(.get, "/api/v1/consent-purposes", key: world.keyA)
            let list = try #require(try JSONSerialization.jsonObject(with: purposes.body) as? [[String: Any]])
            let partners = try #require(list.first { $0["key"] as? String == "partners" })
            let versions = (partners["wordings"] as? [[String: Any]] ?? []).compactMap { $0["version"] as? Int }
            #expect(versions.sorted() == [1, 2])
        }
    }
}
