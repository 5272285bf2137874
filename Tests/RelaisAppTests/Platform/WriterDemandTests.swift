import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

/// Background jobs space their batches out while people wait for the writer, and only then.
@Suite("Writer demand")
struct WriterDemandTests {
    @Test("A job keeps its own pause until a group is written, then waits longer")
    func pauses() {
        // A window far longer than any delay of a loaded test machine.
        let demand = WriterDemand(window: .seconds(3_600), peakPause: .seconds(1))
        #expect(!demand.inDemand)
        #expect(demand.pause(after: .milliseconds(25)) == .milliseconds(25))
        demand.groupWritten()
        #expect(demand.inDemand)
        #expect(demand.pause(after: .milliseconds(25)) == .seconds(1))
        #expect(demand.pause(after: .seconds(2)) == .seconds(2), "a longer pause of the job's own is kept")
        #expect(demand.pause(after: .zero) == .zero, "a job run without pauses (by hand, in tests) gets none")
    }

    @Test("Once no group was written for the window, the job's own pause is back")
    func quietAgain() async throws {
        let demand = WriterDemand(window: .milliseconds(50), peakPause: .seconds(1))
        demand.groupWritten()
        try await Task.sleep(for: .milliseconds(200))
        #expect(!demand.inDemand)
        #expect(demand.pause(after: .milliseconds(25)) == .milliseconds(25))
    }

    @Test("Writing a group of entries tells the background jobs")
    func groupsTell() async throws {
        try await Database.using(try await TestDatabase.fresh(), logger: Logger(label: "test")) { database in
            let demand = WriterDemand(window: .seconds(3_600))
            let groups = GroupedTransactions(database: database, label: "test", largestGroup: 8, demand: demand) { _ in false }
            #expect(!demand.inDemand)
            let one = try await groups.run { sql in try await sql.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self) }
            #expect(one == 1)
            #expect(demand.inDemand)
        }
    }

    @Test("A drain of ranges waits the longer pause after each range while the writer is in demand")
    func drainWaits() async throws {
        let demand = WriterDemand(window: .seconds(3_600), peakPause: .milliseconds(150))
        demand.groupWritten()
        var ranges = 0
        let started = ContinuousClock.now
        let total = try await JobProgress.drain(pause: .milliseconds(1), demand: demand) { () -> Int? in
            ranges += 1
            return ranges <= 2 ? 10 : nil
        }
        #expect(total == 20)
        #expect(ContinuousClock.now - started >= .milliseconds(300), "two ranges did work, each followed by the peak pause")
    }
}
