import Foundation
import Logging
import ServiceLifecycle
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Share click service")
struct ShareClickServiceTests {
    @Test("Clicks queued before a graceful shutdown are in the database after it")
    func drainsOnShutdown() async throws {
        let world = try await TestWorld.make()
        try await ShareFixture.sharersLink(world)
        let logger = Logger(label: "test")
        let database = try await Database.open(world.configuration.database, logger: logger)
        let link = try await ShareFixture.onlyLink(database)
        let queue = ShareClickQueue()
        // A flush interval far longer than the test: only the drain on shutdown can write the clicks.
        let service = ShareClickService(queue: queue, writer: ShareClickWriter(database: database, timeline: Timeline()), logger: logger,
                                        interval: .seconds(3600))
        let group = ServiceGroup(configuration: .init(services: [DatabaseService(database: database), service], gracefulShutdownSignals: [], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))
            let now = Clock.nowMillis()
            for index in 0..<1_200 {
                queue.enqueue(ShareClick(linkID: link.id, organisationID: world.organisation.id, brandID: world.brandA.id, sharerID: link.memberID,
                                         activationID: nil, visitorHash: "visitor-\(index % 300)", bot: false, at: now + Int64(index)))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(queue.count == 0)
        #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks") == 1_200)
        #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks WHERE counted = 1") == 300)
    }

    @Test("Clicks on share links just before the whole application stops gracefully are all written")
    func wholeApplicationStops() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let sharer = try await LoyaltyFixture.member(client, world, email: "partage@example.com")
            let code = try await ShareFixture.code(client, world, member: sharer, activation: activation)
            for _ in 0..<300 {
                #expect(try await ShareFixture.follow(client, code).status == .found)
            }
            // The server stops right after the last redirect, well within the writer's 200 ms between two batches.
        }
        #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_clicks") == 300)
        #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_visits") == 300, "300 new visitors")
    }

    @Test("The queue is bounded: clicks beyond its capacity are dropped and counted, and failed batches go back first")
    func boundedQueue() {
        let queue = ShareClickQueue(capacity: 3)
        let click = ShareClick(linkID: 1, organisationID: 1, brandID: 1, sharerID: 1, activationID: nil, visitorHash: "v", bot: false, at: 1)
        #expect((0..<5).map { _ in queue.enqueue(click) } == [true, true, true, false, false])
        #expect(queue.takeDropped() == 2)
        #expect(queue.takeDropped() == 0)
        let batch = queue.take(2)
        #expect(batch.count == 2 && queue.count == 1)
        queue.putBack(batch)
        #expect(queue.count == 3)
    }
}
