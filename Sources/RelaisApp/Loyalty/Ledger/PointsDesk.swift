import Synchronization

/// Takes the points movements asked through the API and posts them in groups.
///
/// A movement alone is a dozen statements, each a round trip to the database, so a ledger
/// written one transaction per movement tops out at a thousand movements a second. The desk
/// keeps one group in writing at a time; the movements that arrive meanwhile wait, and are
/// written together as the next group by a handful of multi-row statements in one transaction.
/// Each caller is answered once its group has committed. Under light load a group is one
/// movement and answers as fast as before; under heavy load groups grow by themselves.
final class PointsDesk: Sendable {
    /// Largest group written in one transaction.
    static let largestGroup = 256

    struct Waiting: Sendable {
        var request: PointsRequest
        var access: BrandAccess
        var continuation: CheckedContinuation<PointsPosting, any Error>
    }

    private struct Queue {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let writer: PointsGroupWriter
    private let queue = Mutex(Queue())
    private let meter: WriterMeter

    /// `demand` is told of each group written (see `WriterDemand`).
    init(writer: PointsGroupWriter, demand: WriterDemand? = nil) {
        self.writer = writer
        self.meter = WriterMeter(works: "points", demand: demand)
    }

    /// Posts `request`, with the caller's rights, and answers once it is written (or refused).
    func post(_ request: PointsRequest, access: BrandAccess) async throws -> PointsPosting {
        try await withCheckedThrowingContinuation { continuation in
            let startWriting = queue.withLock { queue in
                queue.waiting.append(Waiting(request: request, access: access, continuation: continuation))
                if queue.writing { return false }
                queue.writing = true
                return true
            }
            if startWriting {
                Task { await self.writeUntilEmpty() }
            }
        }
    }

    private func writeUntilEmpty() async {
        while true {
            let group: [Waiting] = queue.withLock { queue in
                guard !queue.waiting.isEmpty else {
                    queue.writing = false
                    return []
                }
                let count = min(queue.waiting.count, Self.largestGroup)
                let group = Array(queue.waiting.prefix(count))
                queue.waiting.removeFirst(count)
                return group
            }
            if group.isEmpty { return }
            let results = await meter.measure(works: group.count) { await writer.write(group.map { ($0.request, $0.access) }) }
            for (waiting, result) in zip(group, results) {
                waiting.continuation.resume(with: result)
            }
        }
    }
}
