import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("Embeddable widget and CORS")
struct ActivationWidgetTests {
    static let site = "https://www.fizz.example"

    @Test("Only the brand's allowed origins may frame the activation and call the public entry endpoint")
    func allowedOrigins() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let invalid = try await client.api(.put, "/api/v1/brand/appearance", key: world.keyA,
                                               json: ##"{"timeZone":"Europe/Paris","primaryColor":"#1f5fbf","allowedOrigins":["https://www.fizz.example/page"]}"##)
            #expect(invalid.status == .unprocessableContent)
            let set = try await client.api(.put, "/api/v1/brand/appearance", key: world.keyA,
                                           json: ##"{"timeZone":"Europe/Paris","primaryColor":"#1f5fbf","allowedOrigins":["https://www.fizz.example"]}"##)
            #expect(set.status == .ok)
            #expect(set.json["allowedOrigins"] as? [String] == [Self.site])
            _ = try await ActivationFixture.live(world, client: client)

            let loader = try await client.raw(.get, "/a/fizz/noel/widget.js")
            #expect(loader.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(loader.text.contains(#""/a/fizz/noel?embed=1""#))
            #expect(loader.text.contains("event.origin !== origin"))
            let embedded = try await client.raw(.get, "/a/fizz/noel?embed=1")
            #expect(embedded.headers[.contentSecurityPolicy]?.contains("frame-ancestors https://www.fizz.example;") == true)
            #expect(embedded.text.contains(#"<script src="/static/activation-embed.js" defer></script>"#))
            #expect(embedded.text.contains(#"action="/a/fizz/noel?embed=1""#))
            let plain = try await client.raw(.get, "/a/fizz/noel")
            #expect(plain.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(try await client.raw(.get, "/static/activation-embed.js").text.contains("relaisHeight"))

            let path = "/api/v1/public/activations/fizz/noel/entries"
            let preflight = try await client.raw(.options, path, headers: [.origin: Self.site, .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.site)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Idempotency-Key") == true)
            let foreignPreflight = try await client.raw(.options, path, headers: [.origin: "https://evil.example"])
            #expect(foreignPreflight.headers[.accessControlAllowOrigin] == nil)
            let headers: HTTPFields = [.origin: Self.site, .contentType: "application/json"]
            let entered = try await client.raw(.post, path, headers: headers, body: ActivationFixture.entry(email: "site@example.com"))
            #expect(entered.status == .created)
            #expect(entered.headers[.accessControlAllowOrigin] == Self.site)
            let twice = try await client.raw(.post, path, headers: headers, body: ActivationFixture.entry(email: "site@example.com"))
            #expect(twice.status == .conflict)
            #expect(twice.headers[.accessControlAllowOrigin] == Self.site, "a refusal is readable by the brand's page")
            let foreign = try await client.raw(.post, path, headers: [.origin: "https://evil.example", .contentType: "application/json"],
                                               body: ActivationFixture.entry(email: "evil@example.com"))
            #expect(foreign.status == .forbidden)
        }
    }
}
