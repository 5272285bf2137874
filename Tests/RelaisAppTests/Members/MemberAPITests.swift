import Foundation
import Testing
@testable import RelaisApp

@Suite("Members API")
struct MemberAPITests {
    @Test("Upsert creates, then recognises the same person by a Gmail variant and fills the profile")
    func upsertDeduplicates() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let created = try await client.api(.post, "/api/v1/members", key: world.keyA,
                                               json: #"{"email":"Jean.Dupont+promo@GoogleMail.com","firstName":"Jean"}"#)
            #expect(created.status == .created)
            let member = try #require(created.json["member"] as? [String: Any])
            let id = try #require(member["id"] as? Int)

            let again = try await client.api(.post, "/api/v1/members", key: world.keyA,
                                             json: #"{"email":"jeandupont@gmail.com","lastName":"Dupont","phone":"06 12 34 56 78"}"#)
            #expect(again.status == .ok)
            #expect(again.json["created"] as? Bool == false)
            let updated = try #require(again.json["member"] as? [String: Any])
            #expect(updated["id"] as? Int == id)
            #expect(updated["firstName"] as? String == "Jean")
            #expect(updated["lastName"] as? String == "Dupont")
            let identities = try #require(updated["identities"] as? [[String: Any]])
            #expect(identities.compactMap { $0["value"] as? String }.sorted() ==
                    ["+33612345678", "Jean.Dupont+promo@GoogleMail.com", "jeandupont@gmail.com"])

            let search = try await client.api(.get, "/api/v1/members?q=06%2012%2034", key: world.keyA)
            let items = try #require(search.json["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? Int } == [id])
            let byName = try await client.api(.get, "/api/v1/members?q=dup", key: world.keyA)
            #expect((byName.json["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("Keys held by two different members are refused as ambiguous; keys of one member find it whichever key is known")
    func ambiguousIdentities() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let first = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"ana@example.com"}"#)
            let second = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"phone":"06 11 22 33 44"}"#)
            #expect(first.status == .created && second.status == .created)
            let both = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"ana@example.com","phone":"0611223344"}"#)
            #expect(both.status == .conflict, "\(both.text)")
            #expect(both.json["code"] as? String == "ambiguous_identity")
            let known = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"new@example.com","phone":"0611223344"}"#)
            #expect(known.status == .ok, "\(known.text)")
            #expect((known.json["member"] as? [String: Any])?["id"] as? Int == (second.json["member"] as? [String: Any])?["id"] as? Int)
        }
    }

    @Test("Bad input gets field-level problem details, never a 500", arguments: [
        (#"{"email":"not-an-email"}"#, 422, "email"),
        (#"{"email":"a@example.com","unknown":1}"#, 422, "unknown"),
        (#"{"email":"a@example.com","birthDate":"2001-02-30"}"#, 422, "birthDate"),
        (#"{"email":"a@example.com","country":"France"}"#, 422, "country"),
        (#"{"firstName":"Only a name"}"#, 422, "email"),
        (#"{"email":42}"#, 422, "email"),
        (#"{"email":"a@example.com""#, 400, ""),
        (#"["a@example.com"]"#, 400, ""),
    ])
    func badInput(body: String, status: Int, field: String) async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let response = try await client.api(.post, "/api/v1/members", key: world.keyA, json: body)
            #expect(Int(response.status.code) == status)
            #expect(response.headers[.contentType] == "application/problem+json")
            if !field.isEmpty {
                let errors = try #require(response.json["errors"] as? [[String: Any]])
                #expect(errors.contains { ($0["field"] as? String) == field })
            }
        }
    }

    @Test("Wrong media type, missing and unknown keys are refused")
    func authenticationAndMediaType() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            #expect(try await client.api(.get, "/api/v1/members", key: nil).status == .unauthorized)
            #expect(try await client.api(.get, "/api/v1/members", key: "rk_unknown").status == .unauthorized)
            let wrongType = try await client.api(.post, "/api/v1/members", key: world.keyA, json: "email=a@example.com", contentType: "application/x-www-form-urlencoded")
            #expect(wrongType.status == .unsupportedMediaType)
            #expect(try await client.api(.get, "/api/v1/members?limit=0", key: world.keyA).status == .unprocessableContent)
        }
    }

    @Test("An analyst key reads but cannot write")
    func analystIsReadOnly() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            #expect(try await client.api(.get, "/api/v1/members", key: world.keyAnalystA).status == .ok)
            let write = try await client.api(.post, "/api/v1/members", key: world.keyAnalystA, json: #"{"email":"a@example.com"}"#)
            #expect(write.status == .forbidden)
        }
    }

    @Test("Lists are paginated with a cursor and no member appears twice")
    func pagination() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            for index in 0..<7 {
                _ = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"p\#(index)@example.com"}"#)
            }
            var seen: [Int] = []
            var cursor: String? = nil
            repeat {
                let path = "/api/v1/members?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.api(.get, path, key: world.keyA)
                seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(Set(seen).count == 7)
            #expect(seen == seen.sorted(by: >))
        }
    }
}
