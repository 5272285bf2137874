import Logging
import ServiceLifecycle

/// Brings the pre-aggregated figures up to date every few seconds, so that they are current
/// within a minute even when nobody opens the overview.
struct RollupService: Service {
    let rollups: Rollups
    let logger: Logger
    static let interval: Duration = .seconds(5)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let counted = try await rollups.catchUp()
                if counted > 0 { logger.debug("Rollups brought up to date", metadata: ["members": "\(counted)"]) }
            } catch {
                logger.error("Rollup job failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.interval) }
        }
    }
}
