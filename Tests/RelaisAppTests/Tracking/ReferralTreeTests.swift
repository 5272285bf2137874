import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Referral trees and the public entry API")
struct ReferralTreeTests {
    @Test("A member's tree goes generation by generation, as deep as asked, and says when it was cut")
    func generations() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let alice = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
            // Alice brings Bruno through the public entry API, Bruno brings Chloé through the hosted page.
            let aliceCode = try await ShareFixture.code(client, world, member: alice, activation: activation)
            let brunoJar = ShareFixture.cookies(try await ShareFixture.follow(client, aliceCode))
            let entered = try await client.raw(.post, "/api/v1/public/activations/fizz/noel/entries",
                                               headers: [.contentType: "application/json", .cookie: brunoJar],
                                               body: ActivationFixture.entry(email: "bruno@example.com"))
            #expect(entered.status == .created, "\(entered.text)")
            let bruno = try await ShareFixture.scalar(world, "SELECT member_id AS n FROM share_attributions WHERE first_sharer_id = \(alice)")
            #expect(bruno > 0 && bruno != alice)
            let brunoCode = try await ShareFixture.code(client, world, member: bruno, activation: activation)
            let chloeJar = ShareFixture.cookies(try await ShareFixture.follow(client, brunoCode))
            #expect(try await ShareFixture.enter(client, email: "chloe@example.com", cookies: chloeJar).status == .created)

            let tree = try await client.api(.get, "/api/v1/members/\(alice)/referral-tree", key: world.keyA)
            #expect(tree.status == .ok, "\(tree.text)")
            let generations = try #require(tree.json["generations"] as? [[String: Any]])
            #expect(generations.map { $0["generation"] as? Int } == [1, 2])
            let second = try #require((generations.last?["members"] as? [[String: Any]])?.first)
            #expect(second["broughtBy"] as? Int == bruno)
            #expect(tree.json["total"] as? Int == 2 && tree.json["truncated"] as? Bool == false)

            let shallow = try await client.api(.get, "/api/v1/members/\(alice)/referral-tree?depth=1", key: world.keyA)
            #expect((shallow.json["generations"] as? [Any])?.count == 1)
            #expect(shallow.json["truncated"] as? Bool == true)
        }
    }

    @Test("Cookies are marked Secure when Relais is served over https")
    func secureCookies() async throws {
        let world = try await TestWorld.make()
        var configuration = world.configuration
        configuration.publicBaseURL = "https://relais.example"
        configuration.secureCookies = true
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let member = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
            let code = try await ShareFixture.code(client, world, member: member, activation: activation)
            let followed = try await ShareFixture.follow(client, code)
            #expect(followed.headers[.location]?.hasPrefix("https://relais.example/a/fizz/noel?") == true)
            let cookies = followed.headers[values: .setCookie]
            #expect(cookies.count == 2 && cookies.allSatisfy { $0.hasSuffix("; Secure") })
        }
    }
}
