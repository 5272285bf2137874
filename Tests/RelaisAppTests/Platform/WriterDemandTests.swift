import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

/// Background jobs space their batches out while people wait for the writer, and only then.
@Suite("Writer demand")
struct WriterDemandTests {
    @Test("A job keeps its own pause until a group is written, then waits longer, and no longer once the writer is quiet again")
    func pauses() async throws {
        let demand = WriterDemand()
        #expect(!demand.inDemand)
        #expect(demand.pause(after: .milliseconds(25)) == .milliseconds(25))
        demand.groupWritten()
        #expect(demand.inDemand)
        #expect(demand.pause(after: .milliseconds(25)) == WriterDemand.peakPause)
        #expect(demand.pause(after: .seconds(2)) == .seconds(2), "a longer pause of the job's own is kept")
        #expect(demand.pause(after: .zero) == .zero, "a job run without pauses (by hand, in tests) gets none")
        try await Task.sleep(for: WriterDemand.window + .milliseconds(100))
        #expect(!demand.inDemand)
        #expect(demand.pause(after: .milliseconds(25)) == .milliseconds(25))
    }

    @Test("Writing a group of entries tells the background jobs")
    func groupsTell() async throws {
        try await Database.using(try await TestDatabase.fresh(), logger: Logger(label: "test")) { database in
            let demand = WriterDemand()
            let groups = GroupedTransactions(database: database, label: "test", largestGroup: 8, demand: demand) { _ in false }
            #expect(!demand.inDemand)
            let one = try await groups.run { sql in try await sql.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self) }
            #expect(one == 1)
            #expect(demand.inDemand)
        }
    }

    @Test("A drain of ranges waits the longer pause while the writer is in demand")
    func drainWaits() async throws {
        let demand = WriterDemand()
        demand.groupWritten()
        var ranges = 0
        let started = ContinuousClock.now
        let total = try await JobProgress.drain(pause: .milliseconds(1), demand: demand) { () -> Int? in
            ranges += 1
            return ranges <= 2 ? 10 : nil
        }
        #expect(total == 20)
        // Two ranges did work: the first waited the peak pause; the second came after the window had passed.
        #expect(ContinuousClock.now - started >= WriterDemand.peakPause)
    }
}
