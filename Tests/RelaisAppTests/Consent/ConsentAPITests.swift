import Foundation
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Consent ledger through the API")
struct ConsentAPITests {
    @Test("An e-mail consent waits for the confirmation link, then is granted with its proof")
    func doubleOptIn() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let created = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"email":"lea@example.com","birthDate":"1995-04-02","language":"fr",
                 "consents":[{"purpose":"newsletter","channel":"email","granted":true}]}
                """)
            #expect(created.status == .created)
            let id = try #require((created.json["member"] as? [String: Any])?["id"] as? Int)
            var consents = try await client.api(.get, "/api/v1/members/\(id)/consents", key: world.keyA)
            #expect(((consents.json["current"] as? [[String: Any]])?.first?["status"] as? String) == "pending")

            let body = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT body FROM outbox_messages WHERE purpose = 'double_opt_in'").first()!.decode(column: "body", as: String.self)
                }
            }
            let link = try #require(body.split(separator: "\n").first { $0.hasPrefix("http://relais.test/c/") })
            let path = String(link.dropFirst("http://relais.test".count))
            let page = try await client.raw(.get, path)
            #expect(page.status == .ok)
            #expect(try await client.raw(.get, path).status == .ok, "following the link twice is harmless")

            consents = try await client.api(.get, "/api/v1/members/\(id)/consents", key: world.keyA)
            let current = try #require(consents.json["current"] as? [[String: Any]])
            #expect(current.first?["status"] as? String == "granted")
            let history = try #require(consents.json["history"] as? [[String: Any]])
            #expect(history.map { $0["status"] as? String } == ["pending", "granted"])
            #expect(history[0]["wordingSha256"] as? String == Secrets.sha256Hex("Texte newsletter de Fizz"))
            #expect(history[0]["wordingLanguage"] as? String == "fr")
            #expect(history[1]["source"] as? String == "double_opt_in")
            #expect(history[1]["confirmedAt"] != nil)
        }
    }

    @Test("Withdrawing is appended to the ledger; the history keeps every record")
    func withdraw() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let created = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"phone":"+33611111111","consents":[{"purpose":"newsletter","channel":"sms","granted":true}]}
                """)
            let id = try #require((created.json["member"] as? [String: Any])?["id"] as? Int)
            let withdrawn = try await client.api(.post, "/api/v1/members/\(id)/consents", key: world.keyA,
                                                 json: #"{"purpose":"newsletter","channel":"sms","granted":false}"#)
            #expect(withdrawn.status == .created)
            let consents = try await client.api(.get, "/api/v1/members/\(id)/consents", key: world.keyA)
            #expect(((consents.json["current"] as? [[String: Any]])?.first?["status"] as? String) == "withdrawn")
            #expect((consents.json["history"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test("No marketing consent under the brand's minimum age; parental consent between it and 15 in France")
    func minors() async throws {
        let world = try await TestWorld.make()
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        try await world.withServer { client in
            let child = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"phone":"+33622222222","birthDate":"\(year - 10)-01-01","consents":[{"purpose":"newsletter","channel":"sms","granted":true}]}
                """)
            #expect(child.status == .unprocessableContent)
            #expect(child.json["code"] as? String == "too_young")

            let teen = """
                {"phone":"+33633333333","birthDate":"\(year - 14)-01-01","country":"FR","consents":[{"purpose":"newsletter","channel":"sms","granted":true%@}]}
                """
            let refused = try await client.api(.post, "/api/v1/members", key: world.keyA, json: teen.replacingOccurrences(of: "%@", with: ""))
            #expect(refused.json["code"] as? String == "parental_consent_required")
            let accepted = try await client.api(.post, "/api/v1/members", key: world.keyA,
                                                json: teen.replacingOccurrences(of: "%@", with: #","parentalConsent":true"#))
            #expect(accepted.status == .created)

            let service = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"phone":"+33644444444","birthDate":"\(year - 10)-01-01","consents":[{"purpose":"service","channel":"sms","granted":true}]}
                """)
            #expect(service.status == .created, "a non-marketing purpose is not blocked by the marketing age")
        }
        // Nothing of the refused child was written.
        let count = try await world.withDatabase { database in
            try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM member_identities WHERE value = '+33622222222'").first()!.decode(column: "n", as: Int.self)
            }
        }
        #expect(count == 0)
    }

    @Test("An unknown purpose or an unpublished wording is refused clearly")
    func unknownPurpose() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let response = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"email":"x@example.com","consents":[{"purpose":"lottery","channel":"email","granted":true}]}
                """)
            #expect(response.status == .unprocessableContent)
            let version = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"email":"y@example.com","consents":[{"purpose":"newsletter","channel":"email","granted":true,"wordingVersion":9}]}
                """)
            #expect(version.status == .unprocessableContent)
        }
    }
}
