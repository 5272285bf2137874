import Foundation
import Logging
import Testing
@testable import RelaisApp

@Suite("Feed polling against a local server")
struct FeedPollerTests {
    /// Brand A's access with every permission, as an owner has.
    static func owner(_ world: TestWorld) -> BrandAccess {
        BrandAccess(organisationID: world.organisation.id, brandID: world.brandA.id, unitID: nil, permissions: Set(Permission.allCases),
                    actor: ActorRef(kind: "staff", id: nil, label: "Owner"))
    }

    /// Brand A's access as a brand manager.
    static func manager(_ world: TestWorld) -> BrandAccess {
        BrandAccess(organisationID: world.organisation.id, brandID: world.brandA.id, unitID: nil, permissions: Role.brandManager.permissions,
                    actor: ActorRef(kind: "staff", id: nil, label: "Manager"))
    }

    static func services(_ world: TestWorld, database: Database) async throws -> AppServices {
        AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                    linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
    }

    @Test("Loopback feeds are read only through the owner's override; posts are stored once, mentions get sentiment, the ETag gives a 304")
    func pollsThroughOverride() async throws {
        let world = try await TestWorld.make()
        let counters = FeedServer.Counters()
        try await FeedServer.run(counters) { base in
            try await world.withDatabase { database in
                let services = try await Self.services(world, database: database)
                let owner = Self.owner(world)
                let query = try await services.listening.createQuery(ListeningQueryChanges(name: "Malaxo", kind: "product", query: "malaxo"), access: owner)

                // Without the override, the same loopback feed is refused with a clear status, by address and by name.
                let plain = try await services.listening.createSource(FeedSourceChanges(url: "\(base)/feed.xml"), access: owner)
                let refused = await services.feedPoller.poll(plain)
                #expect(refused.outcome == "failed")
                #expect(refused.error?.contains("loopback") == true, "\(refused.error ?? "")")
                let byName = try await services.listening.createSource(FeedSourceChanges(url: base.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/feed.xml"), access: owner)
                #expect(await services.feedPoller.poll(byName).error?.contains("public addresses") == true)
                let stored = try await services.listening.source(plain.id, access: owner)
                #expect(stored.status == .failing)
                #expect(stored.consecutiveFailures == 1)
                #expect(stored.nextAttemptAt > Clock.nowMillis() + 60_000, "backs off")
                #expect(counters.feedRequests.load(ordering: .relaxed) == 0, "nothing reached the server")

                // A brand manager cannot turn the override on; the owner can.
                await #expect(throws: AppError.self) {
                    try await services.listening.createSource(FeedSourceChanges(url: "\(base)/feed.xml", allowPrivateNetwork: true), access: Self.manager(world))
                }
                let intranet = try await services.listening.createSource(FeedSourceChanges(url: "\(base)/feed.xml", allowPrivateNetwork: true), access: owner)
                let first = await services.feedPoller.poll(intranet)
                #expect(first.outcome == "fetched", "\(first)")
                #expect(first.newPosts == 3)
                #expect(first.newMentions == 2)
                let second = await services.feedPoller.poll(try await services.listening.source(intranet.id, access: owner))
                #expect(second.outcome == "not_modified")
                #expect(counters.notModified.load(ordering: .relaxed) == 1)

                // The same articles through another feed (https, www, tracking parameters) count once.
                let copy = try await services.listening.createSource(FeedSourceChanges(url: "\(base)/copy.xml", allowPrivateNetwork: true), access: owner)
                let copied = await services.feedPoller.poll(copy)
                #expect(copied.newPosts == 0)
                #expect(copied.duplicates == 3)

                // A redirect to the feed is followed; its articles are already known.
                let moved = try await services.listening.createSource(FeedSourceChanges(url: "\(base)/moved", allowPrivateNetwork: true), access: owner)
                #expect(await services.feedPoller.poll(moved).outcome == "fetched")

                let mentions = try await services.mentions.mentions(access: owner, filter: MentionFilter(), page: PageRequest(limit: 50, afterID: nil))
                #expect(mentions.items.count == 2)
                let negative = try #require(mentions.items.first { $0.title.contains("panne") })
                #expect(negative.sentiment == "negative")
                #expect(negative.language == "fr")
                #expect(negative.queryID == query.id)
                #expect(negative.highlights.contains { $0.field == "title" && $0.text == "Malaxo" })
                let positive = try #require(mentions.items.first { $0.title.contains("review") })
                #expect(positive.sentiment == "positive")
                #expect(positive.language == "en")
                let days = try await services.mentions.statistics(access: owner, queryID: nil, since: 0, until: Clock.nowMillis() + Clock.dayMillis)
                #expect(days.map(\.mentions).reduce(0, +) == 2)
                #expect(days.map(\.negative).reduce(0, +) == 1)
            }
        }
    }

    @Test("A redirect loop, an oversized body and an HTML page each leave a clear status and store nothing")
    func badFeeds() async throws {
        let world = try await TestWorld.make()
        try await FeedServer.run(FeedServer.Counters()) { base in
            try await world.withDatabase { database in
                let services = try await Self.services(world, database: database)
                let owner = Self.owner(world)
                for (path, expected) in [("loop", "redirected more than 5 times"), ("big.xml", "larger than 5 MiB"), ("page.html", "web page, not a feed")] {
                    let source = try await services.listening.createSource(FeedSourceChanges(url: "\(base)/\(path)", allowPrivateNetwork: true), access: owner)
                    let report = await services.feedPoller.poll(source)
                    #expect(report.outcome == "failed")
                    #expect(report.error?.contains(expected) == true, "\(path): \(report.error ?? "")")
                    let stored = try await services.listening.source(source.id, access: owner)
                    #expect(stored.status == .failing)
                    #expect(stored.lastError?.contains(expected) == true)
                }
                let posts = try await database.readOnly { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM listening_posts").first()?.decode(column: "n", as: Int.self) ?? -1
                }
                #expect(posts == 0)
            }
        }
    }

    @Test("A server slower than the time limit gives up the fetch with a clear message")
    func slowServer() async throws {
        try await FeedServer.run(FeedServer.Counters()) { base in
            // The product's limit is 10 s; one second keeps the test short and checks the same path.
            let fetcher = FeedFetcher(limits: FetchLimits(timeout: .seconds(1)))
            await #expect(throws: FetchFailure("timed_out", "The server did not send the feed within 1 seconds.")) {
                try await fetcher.fetch(URL(string: "\(base)/slow.xml")!, allowPrivateNetwork: true)
            }
            // Had it waited, the server would have answered after 3 s and nothing would have been thrown.
        }
    }

    @Test("The background round polls only due sources and writes nothing when none is due")
    func dueSources() async throws {
        let world = try await TestWorld.make()
        try await FeedServer.run(FeedServer.Counters()) { base in
            try await world.withDatabase { database in
                let services = try await Self.services(world, database: database)
                #expect(try await services.feedPoller.pollDue() == 0)
                let source = try await services.listening.createSource(FeedSourceChanges(url: "\(base)/feed.xml", allowPrivateNetwork: true), access: Self.owner(world))
                #expect(try await services.feedPoller.pollDue() == 1)
                #expect(try await services.feedPoller.pollDue() == 0, "the next attempt is an interval away")
                let polled = try await services.listening.source(source.id, access: Self.owner(world))
                #expect(polled.status == .ok)
                #expect(polled.postsRead == 3)
                #expect(polled.validators.etag == FeedServer.etag)
            }
        }
    }
}
