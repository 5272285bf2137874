import Foundation
import Testing
@testable import RelaisApp

@Suite("Listening page")
struct ListeningPageTests {
    @Test("The page shows the mention stream with highlights, the volume chart, the sources with their status and the queries")
    func page() async throws {
        let world = try await TestWorld.make()
        try await FeedServer.run(FeedServer.Counters()) { base in
            try await world.withDatabase { database in
                let services = try await FeedPollerTests.services(world, database: database)
                let owner = FeedPollerTests.owner(world)
                _ = try await services.listening.createQuery(ListeningQueryChanges(name: "Malaxo", kind: "product", query: "malaxo"), access: owner)
                let source = try await services.listening.createSource(FeedSourceChanges(url: "\(base)/feed.xml", label: "Chantiers", allowPrivateNetwork: true),
                                                                       access: owner)
                _ = await services.feedPoller.poll(source)
                let broken = try await services.listening.createSource(FeedSourceChanges(url: "\(base)/page.html", label: "Blog"), access: owner)
                _ = await services.feedPoller.poll(broken)
            }
            try await world.withServer { client in
                var web = WebClient(client: client)
                try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
                let page = try await web.get("/listening")
                #expect(page.status == .ok)
                #expect(page.text.contains("<mark>Malaxo</mark>"))
                #expect(page.text.contains("id=\"listening-volume\""))
                #expect(page.text.contains("Chantiers"))
                #expect(page.text.contains("public addresses"), "the refused source shows why")
                #expect(page.text.contains("href=\"/listening\""), "the navigation links the page")
                let negative = try await web.get("/listening?sentiment=negative")
                #expect(negative.text.components(separatedBy: "class=\"mention ").count == 2)
            }
        }
    }
}

@Suite("Listening page forms")
struct ListeningPageFormTests {
    @Test("Staff add a source and a query from the page; a query that does not parse is shown again with its position")
    func forms() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let page = try await web.get("/listening")
            let csrf = try #require(WebClient.csrf(in: page))
            let bad = try await web.post("/listening/queries", form: ["_csrf": csrf, "name": "Grues", "kind": "crisis", "query": "grue AND (panne"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("at character 10"))
            #expect(bad.text.contains("value=\"grue AND (panne\""), "what was typed is kept")
            let good = try await web.post("/listening/queries", form: ["_csrf": csrf, "name": "Grues", "kind": "crisis", "query": "grue panne"])
            #expect(good.status == .seeOther)
            let source = try await web.post("/listening/sources", form: ["_csrf": csrf, "url": "http://127.0.0.1:9/feed", "label": "Blog", "interval": ""])
            #expect(source.status == .seeOther)
            let after = try await web.get("/listening")
            #expect(after.text.contains("grue panne"))
            #expect(after.text.contains("http://127.0.0.1:9/feed"))
            // A loopback address: if the background round polls it, it is refused before any connection.
            let stored = try await world.withDatabase { database in
                try await database.readOnly { sql in try await sql.raw("SELECT id FROM listening_sources").all().count }
            }
            #expect(stored == 1)
            let refused = try await web.post("/listening/sources", form: ["_csrf": csrf, "url": "ftp://example.com/feed"])
            #expect(refused.status == .unprocessableContent)
        }
    }
}
