import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("Views of hosted pages and widgets")
struct ActivationViewsTests {
    static let site = "https://www.fizz.example"

    @Test("Page views and widget views are counted without bots, written in a batch, and set beside the declared impressions")
    func countedViews() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            #expect(try await client.api(.put, "/api/v1/brand/appearance", key: world.keyA,
                                         json: ##"{"timeZone":"Europe/Paris","primaryColor":"#1f5fbf","allowedOrigins":["https://www.fizz.example"]}"##).status == .ok)
            let activation = try await ActivationFixture.live(world, client: client)
            #expect(try await client.api(.post, "/api/v1/activations/\(activation)/declared-reach", key: world.keyA,
                                         json: #"{"source":"Instagram","impressions":20000}"#).status == .created)
            let visitor = "rv=" + String(repeating: "a", count: 22)
            // Two people (the first rendered, the second from the page cache; one with a visitor cookie), a bot, and the widget's iframe.
            #expect(try await client.raw(.get, "/a/fizz/noel", headers: [.userAgent: ShareFixture.phone]).status == .ok)
            #expect(try await client.raw(.get, "/a/fizz/noel", headers: [.userAgent: ShareFixture.phone, .cookie: visitor]).status == .ok)
            #expect(try await client.raw(.get, "/a/fizz/noel", headers: [.userAgent: "Mozilla/5.0 (compatible; bingbot/2.0)"]).status == .ok)
            #expect(try await client.raw(.get, "/a/fizz/noel?embed=1", headers: [.userAgent: ShareFixture.phone]).status == .ok)
            // The widget seen on the brand's site; refused from another site or without an origin; ignored for a bot.
            let beacon = "/api/v1/public/activations/fizz/noel/widget-views"
            let seen = try await client.raw(.post, beacon, headers: [.userAgent: ShareFixture.phone, .origin: Self.site])
            #expect(seen.status == .noContent && seen.headers[.accessControlAllowOrigin] == Self.site)
            #expect(try await client.raw(.post, beacon, headers: [.userAgent: ShareFixture.phone, .origin: "https://evil.example"]).status == .forbidden)
            #expect(try await client.raw(.post, beacon, headers: [.userAgent: ShareFixture.phone]).status == .forbidden)
            #expect(try await client.raw(.post, beacon, headers: [.userAgent: "curl/8.0", .origin: Self.site]).status == .noContent)
            #expect(try await client.raw(.post, "/api/v1/public/activations/fizz/nothing/widget-views", headers: [.origin: Self.site]).status == .notFound)

            // The counts reach the database within the writer's interval (about 10 seconds).
            var reach: [String: Any] = [:]
            for _ in 0..<60 {
                let report = try await client.api(.get, "/api/v1/activations/\(activation)/report", key: world.keyA)
                reach = report.json["reach"] as? [String: Any] ?? [:]
                if reach["pageViews"] as? Int ?? 0 > 0 && reach["widgetViews"] as? Int ?? 0 > 0 { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(reach["pageViews"] as? Int == 2 && reach["pageVisitors"] as? Int == 1 && reach["widgetViews"] as? Int == 1, "\(reach)")
            // 2 ÷ 20 000 = 0.0001; 1 ÷ 20 000 = 0.00005.
            #expect(reach["pageViewsPerImpression"] as? Double == 0.0001 && reach["widgetViewsPerImpression"] as? Double == 0.00005)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM activation_view_visitors WHERE visitor_hash = '\(String(repeating: "a", count: 22))'") == 0,
                    "only the hash of a visitor id is stored")
        }
    }

    @Test("The widget's loader reports once that it was seen, to the beacon of its activation")
    func loaderBeacon() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client)
            let loader = try await client.raw(.get, "/a/fizz/noel/widget.js")
            #expect(loader.text.contains("IntersectionObserver") && loader.text.contains(#""/api/v1/public/activations/fizz/noel/widget-views""#))
        }
    }

    @Test("Counting keeps views per activation, day and kind, and puts back a batch whose write failed")
    func counter() {
        let views = ActivationViews(capacity: 2)
        let key = ActivationViews.Key(brandSlug: "fizz", activationSlug: "noel", day: 20_000, kind: .page)
        views.add(key, visitor: "v1")
        views.add(key, visitor: "v1")
        views.add(ActivationViews.Key(brandSlug: "fizz", activationSlug: "noel", day: 20_000, kind: .widget), visitor: nil)
        views.add(ActivationViews.Key(brandSlug: "fizz", activationSlug: "ete", day: 20_000, kind: .page), visitor: nil)
        let batch = views.take()
        #expect(batch.views[key] == 2 && batch.visitors[key] == ["v1"] && batch.views.count == 2, "a third key is dropped at capacity")
        #expect(views.take().isEmpty)
        views.putBack(batch)
        views.add(key, visitor: "v2")
        #expect(views.take().views[key] == 3)
    }
}
