import Logging
import ServiceLifecycle

/// The listening work that is not polling, while Relais runs: every 15 seconds a batch of each
/// pending re-match and the due alert deliveries; every minute the alert evaluation. Each step
/// reads first and writes only when it has something to store.
struct ListeningJobsService: Service {
    let rematch: QueryRematch
    let evaluator: AlertEvaluator
    let deliveries: AlertDeliveries
    let logger: Logger

    func run() async throws {
        var lastEvaluation: Int64 = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(15)) }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            do {
                try await rematch.runDue()
                let now = Clock.nowMillis()
                if now - lastEvaluation >= 60_000 {
                    lastEvaluation = now
                    try await evaluator.evaluate(now: now)
                }
                try await deliveries.deliverDue()
            } catch {
                logger.error("Listening jobs failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
