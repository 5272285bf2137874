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
