import Testing
@testable import RelaisApp

@Suite("Counting a batch of clicks")
struct ShareClickBatchTests {
    static func click(link: Int64 = 1, visitor: String? = "v1", bot: Bool = false, sharer: Int64 = 9, at: Int64) -> ShareClick {
        ShareClick(linkID: link, organisationID: 1, brandID: 2, sharerID: sharer, activationID: nil, visitorHash: visitor, bot: bot, at: at)
    }

    @Test("Repeats within 30 minutes count once, in the batch and against the database; bots and the sharer's own devices never count")
    func rules() {
        let minute: Int64 = 60_000
        let clicks = [
            Self.click(at: 0),                                  // counts: first ever
            Self.click(at: 10 * minute),                        // repeat within 30 min
            Self.click(at: 31 * minute),                        // counts again
            Self.click(link: 2, at: 5 * minute),                // counts, but the database saw one 10 min earlier
            Self.click(visitor: nil, bot: true, at: 0),         // bot
            Self.click(visitor: "mine", at: 0),                 // the sharer's own browser
            Self.click(link: 3, visitor: "v2", at: 0),          // counts
        ]
        let batch = ShareClickBatch(clicks, devices: [.init(brandID: 2, visitorHash: "mine", memberID: 9)],
                                    lastCounted: [.init(linkID: 2, visitorHash: "v1"): -5 * minute])
        #expect(batch.decisions.map(\.counted) == [true, false, true, false, false, false, true])
        #expect(batch.decisions.map(\.ownDevice) == [false, false, false, false, false, true, false])
        // One visit candidate per link and visitor, the first counted click.
        #expect(batch.visitCandidates.map { $0.click.at } == [0, 0])
        #expect(batch.visitCandidates.map { $0.click.linkID } == [1, 3])
    }

    @Test("A full queue makes the redirect wait for room instead of losing the click")
    func backPressure() async throws {
        let queue = ShareClickQueue(capacity: 1)
        #expect(await queue.admit(Self.click(at: 1)))
        let waiting = Task { await queue.admit(Self.click(at: 2)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(queue.count == 1, "the second click waits")
        #expect(queue.take(10).map(\.at) == [1])
        #expect(await waiting.value)
        #expect(queue.take(10).map(\.at) == [2])
        #expect(queue.takeDropped() == 0)
        // Only a writer stalled past the patience loses a click.
        #expect(await queue.admit(Self.click(at: 3)))
        #expect(await queue.admit(Self.click(at: 4), patience: .milliseconds(20)) == false)
        #expect(queue.takeDropped() == 1)
    }
}
