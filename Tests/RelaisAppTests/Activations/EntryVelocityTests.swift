import Foundation
import Testing
@testable import RelaisApp

/// Per-address velocity: flagged rather than blocked (offices and mobile carriers share addresses).
@Suite("Entries from one address")
struct EntryVelocityTests {
    @Test("From the sixth entry within the hour, entries from one address are flagged, not refused, whether they come one by one or together")
    func addressVelocity() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client)
            // Every test request comes from 127.0.0.1: three one by one, then nine at once (written in groups).
            for n in 1...3 {
                let entered = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "one\(n)@example.com", birthDate: "1990-01-01"))
                #expect(entered.status == .created, "\(entered.text)")
            }
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for n in 1...9 {
                    tasks.addTask {
                        let entered = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "many\(n)@example.com", birthDate: "1990-01-01"))
                        #expect(entered.status == .created, "\(entered.text)")
                    }
                }
                try await tasks.waitForAll()
            }
            let entries = try await client.api(.get, "/api/v1/activations/\(id)/entries?limit=50", key: world.keyA)
            let items = try #require(entries.json["items"] as? [[String: Any]])
            #expect(items.count == 12)
            let flagged = items.filter { ($0["flags"] as? [String])?.contains("ip_velocity") == true }
            #expect(flagged.count == 12 - ActivationEntries.velocityLimit, "the first five from the address are not flagged")
            #expect(items.allSatisfy { $0["status"] as? String == "valid" }, "flagged entries still count")
        }
    }
}
