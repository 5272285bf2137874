import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("Share links API")
struct ShareLinkAPITests {
    @Test("A member has one link per activation or address: asked again, the same link comes back")
    func oneLinkPerTarget() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let member = try await LoyaltyFixture.member(client, world, email: "ambassadrice@example.com")
            let made = try await ShareFixture.link(client, world, member: member, activation: activation)
            #expect(made.status == .created, "\(made.text)")
            let code = try #require(made.json["code"] as? String)
            #expect(ShareCode.isWellFormed(code))
            #expect(made.json["shareUrl"] as? String == "http://relais.test/r/\(code)")
            #expect(made.json["targetUrl"] as? String == "http://relais.test/a/fizz/noel")
            let again = try await ShareFixture.link(client, world, member: member, activation: activation)
            #expect(again.status == .ok)
            #expect(again.json["code"] as? String == code)

            let page = try await client.api(.post, "/api/v1/members/\(member)/share-links", key: world.keyA, json: #"{"url":"https://shop.example/mixer?ref=7"}"#)
            #expect(page.status == .created, "\(page.text)")
            #expect(page.json["activationId"] == nil)
            let list = try await client.api(.get, "/api/v1/members/\(member)/share-links", key: world.keyA)
            #expect(list.status == .ok)
            #expect((list.json["items"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test("Wrong bodies get field messages; other brands' members and activations are not found")
    func refusals() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let member = try await LoyaltyFixture.member(client, world, email: "camille@example.com")
            let path = "/api/v1/members/\(member)/share-links"
            for (body, field) in [("{}", "activationId"), (#"{"url":"javascript:alert(1)"}"#, "url"), (#"{"activationId":-4}"#, "activationId"),
                                  (#"{"activationId":\#(activation),"url":"https://a.example"}"#, "url"), (#"{"target":"x"}"#, "target"),
                                  (#"{"activationId":"seven"}"#, "activationId")] {
                let response = try await client.api(.post, path, key: world.keyA, json: body)
                #expect(response.status == .unprocessableContent, "\(body) → \(response.status)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                #expect(fields.contains(field), "\(body) → \(response.text)")
            }
            #expect(try await client.api(.post, path, key: world.keyA, json: #"{"activationId":999999}"#).status == .notFound)
            #expect(try await client.api(.post, path, key: world.keyB, json: #"{"activationId":\#(activation)}"#).status == .notFound)
            #expect(try await client.api(.get, path, key: world.keyB).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/activations/\(activation)/share-funnel", key: world.keyB).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/members/\(member)/referral-tree", key: world.keyB).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/members/\(member)/referral-tree?depth=0", key: world.keyA).status == .unprocessableContent)
            #expect(try await client.api(.post, path, key: world.keyAnalystA, json: #"{"activationId":\#(activation)}"#).status == .forbidden)
        }
    }
}
