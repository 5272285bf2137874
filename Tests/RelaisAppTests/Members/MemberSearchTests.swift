import Foundation
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("Member search")
struct MemberSearchTests {
    /// Every page of a search, following `nextCursor`.
    static func allPages(_ client: any TestClientProtocol, query: String, key: String, limit: Int) async throws -> [[[String: Any]]] {
        var pages: [[[String: Any]]] = []
        var cursor: String? = nil
        repeat {
            let path = "/api/v1/members?limit=\(limit)&q=\(query)" + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = try await client.api(.get, path, key: key)
            #expect(response.status == .ok, "\(path): \(String(decoding: response.body, as: UTF8.self))")
            pages.append(try #require(response.json["items"] as? [[String: Any]]))
            cursor = response.json["nextCursor"] as? String
        } while cursor != nil && pages.count < 50
        return pages
    }

    @Test("A name prefix pages in name order, matching first or last names, each member once")
    func namePrefixPagesInOrder() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            // "Martin" as a first name and as a last name, and people who only share the letters later.
            let people = [("Martine", "Zola"), ("Paul", "Martin"), ("Martin", "Martin"), ("Élodie", "Martinez"),
                          ("Marc", "Petit"), ("Léa", "Amartin"), ("Martin", "Abel"), ("Zoé", "Martín")]
            for (index, (first, last)) in people.enumerated() {
                let body = #"{"email":"p\#(index)@example.com","firstName":"\#(first)","lastName":"\#(last)"}"#
                #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: body).status == .created)
            }
            let pages = try await Self.allPages(client, query: "mart", key: world.keyA, limit: 2)
            let names = pages.flatMap { $0 }.map { "\($0["firstName"] as? String ?? "") \($0["lastName"] as? String ?? "")" }
            // Ordered by the folded key that matched ("first last", else "last first"), byte by byte.
            #expect(names == ["Martin Abel", "Martin Martin", "Paul Martin", "Zoé Martín", "Martine Zola", "Élodie Martinez"])
            #expect(pages.count == 3 && pages.allSatisfy { $0.count <= 2 })
            #expect(Set(names).count == names.count)
        }
    }

    @Test("E-mail and phone searches page in key order and find an address by its Gmail variant")
    func identitySearches() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            for index in 0..<7 {
                let body = #"{"email":"x@team\#(index).example.com","phone":"06 11 22 33 4\#(index)"}"#
                #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: body).status == .created)
            }
            #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"jean.dupont@gmail.com"}"#).status == .created)

            let byName = try await Self.allPages(client, query: "team", key: world.keyA, limit: 3).flatMap { $0 }
            #expect(byName.isEmpty, "a text without @ is a name")
            let emails = try await Self.allPages(client, query: "X%40Team", key: world.keyA, limit: 3).flatMap { $0 }
            #expect(emails.compactMap { $0["email"] as? String } == (0..<7).map { "x@team\($0).example.com" })
            let phones = try await Self.allPages(client, query: "06%2011%2022", key: world.keyA, limit: 4).flatMap { $0 }
            #expect(phones.compactMap { $0["phone"] as? String } == (0..<7).map { "+3361122334\($0)" })
            let variant = try await client.api(.get, "/api/v1/members?q=Jean.Dupont%2Bnews%40googlemail.com", key: world.keyA)
            #expect((variant.json["items"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == ["jean.dupont@gmail.com"])
        }
    }

    @Test("A search never shows another brand's members, and a cursor of one list is refused by another")
    func isolationAndCursors() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            #expect(try await client.api(.post, "/api/v1/members", key: world.keyB, json: #"{"email":"other@example.com","firstName":"Martin"}"#).status == .created)
            #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"mine@example.com","firstName":"Martin"}"#).status == .created)
            #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"mine2@example.com","firstName":"Martina"}"#).status == .created)
            let page = try await client.api(.get, "/api/v1/members?q=martin&limit=1", key: world.keyA)
            #expect((page.json["items"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == ["mine@example.com"])
            let cursor = try #require(page.json["nextCursor"] as? String)
            let second = try await client.api(.get, "/api/v1/members?q=martin&limit=1&cursor=\(cursor)", key: world.keyA)
            #expect((second.json["items"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == ["mine2@example.com"])
            #expect(second.json["nextCursor"] == nil)
            // A keyed cursor on the plain list, an id cursor on a search, and garbage: 422 on the cursor.
            for path in ["/api/v1/members?cursor=\(cursor)", "/api/v1/members?q=martin&cursor=12", "/api/v1/members?q=martin&cursor=k12.%25%25"] {
                let refused = try await client.api(.get, path, key: world.keyA)
                #expect(refused.status == .unprocessableContent, "\(path)")
                #expect(String(decoding: refused.body, as: UTF8.self).contains("cursor"))
            }
        }
    }
}

@Suite("Member search plan")
struct MemberSearchPlanTests {
    @Test("Keyed cursors survive a round trip, whatever the key holds")
    func cursorRoundTrip() {
        for key in ["martin paul", "é ü ß 東京", "a+b/c=d", ""] {
            let cursor = KeyedCursor(key: key, id: 42)
            #expect(KeyedCursor(cursor.text) == cursor)
            #expect(cursor.text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) })
        }
        #expect(KeyedCursor("12") == nil)
        #expect(KeyedCursor("k0.YQ") == nil)
        #expect(KeyedCursor("kx.YQ") == nil)
    }

    @Test("A text is read as an e-mail, a phone number or a name")
    func plans() {
        #expect(MemberSearchPlan.plan(for: "Lea@Example.com", defaultCountry: "FR").streams
                == [.init(source: .identity(.email), range: .prefix("lea@example.com"))])
        #expect(MemberSearchPlan.plan(for: "06 12", defaultCountry: "FR").streams
                == [.init(source: .identity(.phone), range: .prefix("+33612"))])
        let name = MemberSearchPlan.plan(for: "  Éric  Dupont ", defaultCountry: "FR").streams
        #expect(name.map(\.source) == [.name, .alternateName])
        #expect(name.first?.range == .prefix("eric dupont"))
        #expect(MemberSearchPlan.precedes(("b", 1), ("é", 0)) && MemberSearchPlan.precedes(("a", 1), ("a", 2)))
    }
}
