import Logging
import ServiceLifecycle

/// Brings the pre-aggregated figures up to date every few seconds, so that they are current
/// within a minute even when nobody opens the overview.
struct RollupService: Service {
    let rollups: Rollups
    /// While people wait for the writer, batches are spaced out further (`WriterDemand`).
    let demand: WriterDemand
    let logger: Logger
    static let interval: Duration = .seconds(5)
    /// Left between two batches of a long catch-up (thousands of new members after an import or
    /// a campaign): the SQLite file is free during it, so that another process writing it (a
    /// `relais` command) gets its turn instead of waiting out its busy timeout behind batch after
    /// batch.
    static let pause: Duration = .milliseconds(25)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let counted = try await rollups.catchUp(pause: Self.pause, demand: demand)
                if counted > 0 { logger.debug("Rollups brought up to date", metadata: ["members": "\(counted)"]) }
            } catch {
                logger.error("Rollup job failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.interval) }
        }
    }
}
