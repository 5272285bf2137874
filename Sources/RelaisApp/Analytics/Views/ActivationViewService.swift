import Logging
import ServiceLifecycle

/// Writes the views counted in memory every ~10 seconds while Relais runs, and once more on
/// graceful shutdown, before the database closes (listed after `DatabaseService`, it stops first).
struct ActivationViewService: Service {
    let views: ActivationViews
    let writer: ActivationViewWriter
    let logger: Logger
    /// Pause between two writes: reports are current within about this long.
    var interval: Duration = .seconds(10)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
        }
        await flush()
    }

    /// Writes what was counted; a failed write puts the counts back for the next try.
    func flush() async {
        let batch = views.take()
        guard !batch.isEmpty else { return }
        do {
            try await writer.write(batch)
        } catch {
            views.putBack(batch)
            logger.error("Activation views could not be written", metadata: ["keys": "\(batch.views.count)", "error": "\(error)"])
        }
    }
}
