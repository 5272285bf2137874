import Logging
import Metrics
import ServiceLifecycle

/// Writes queued clicks every ~200 ms while Relais runs, and drains the queue on graceful
/// shutdown, before the database closes (it is listed after `DatabaseService`, so it stops first).
struct ShareClickService: Service {
    let queue: ShareClickQueue
    let writer: ShareClickWriter
    let logger: Logger
    /// Pause between two flushes.
    var interval: Duration = .milliseconds(200)
    /// Clicks written per transaction: the larger the transaction, the fewer times each hot page
    /// (a popular link's counters, the rightmost pages of each table) goes to the write-ahead log.
    static let batchSize = 2_000
    /// Clicks taken by redirects and not written yet, as of the last batch
    /// (`relais_share_clicks_waiting`): a figure that keeps growing means the database cannot follow.
    let waiting = Gauge(label: "relais_share_clicks_waiting")

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
        }
        await flush()
        if queue.count > 0 {
            logger.error("Clicks could not be written before shutdown", metadata: ["clicks": "\(queue.count)"])
        }
    }

    /// Writes every queued click, batch by batch; a failed batch goes back to the queue and ends this flush.
    func flush() async {
        let dropped = queue.takeDropped()
        if dropped > 0 { logger.warning("Share clicks dropped: the queue was full", metadata: ["clicks": "\(dropped)"]) }
        while true {
            let batch = queue.take(Self.batchSize)
            waiting.record(queue.count + batch.count)
            guard !batch.isEmpty else { return }
            do {
                _ = try await writer.write(batch)
            } catch {
                queue.putBack(batch)
                logger.error("Share clicks could not be written", metadata: ["clicks": "\(batch.count)", "error": "\(error)"])
                return
            }
        }
    }
}
