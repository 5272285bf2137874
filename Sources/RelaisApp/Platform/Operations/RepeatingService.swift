import Logging
import ServiceLifecycle

/// A job run over and over while Relais runs: `round` after `firstDelay`, then every `interval`.
/// A failed round is logged and the next one comes as usual; graceful shutdown ends the wait
/// and the loop.
struct RepeatingService: Service {
    /// The job's name in the log ("Activation clock failed").
    let name: String
    let logger: Logger
    var firstDelay: Duration = .zero
    let interval: Duration
    let round: @Sendable () async throws -> Void

    func run() async throws {
        if firstDelay > .zero {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: firstDelay) }
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await round()
            } catch {
                logger.error("\(name) failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
