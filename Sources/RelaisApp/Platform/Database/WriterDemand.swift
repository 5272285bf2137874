import Synchronization

/// When people last waited for the database writer, so that the background jobs give way to them.
///
/// Entries and points movements are written in groups by the one writer (`GroupedTransactions`,
/// `PointsDesk`), and the background jobs — badges, points earned under the brands' rules, the
/// pre-aggregated figures — take the same writer between their batches. Each batch of a job is
/// small, but during a campaign's peak a job with a backlog takes the writer every few tens of
/// milliseconds: measured on an entry load, the jobs took a fifth of the entries' throughput.
/// While groups are being written, the jobs space their batches out (`pause(after:)`): they
/// still make progress, and catch up at their own pace as soon as the peak is over.
final class WriterDemand: Sendable {
    /// How recently a group must have been written (begun or ended) for the writer to count as in demand.
    let window: Duration
    /// The pause between two batches of a background job while the writer is in demand.
    let peakPause: Duration

    private let origin = ContinuousClock.now
    /// Nanoseconds from `origin` to the last group begun or ended; 0 before any.
    private let lastGroup = Atomic<Int64>(0)

    init(window: Duration = .milliseconds(250), peakPause: Duration = .seconds(1)) {
        self.window = window
        self.peakPause = peakPause
    }

    /// A group of works people wait for is being written: called as it begins and as it ends.
    func groupWritten() {
        lastGroup.store(nanoseconds(ContinuousClock.now - origin), ordering: .relaxed)
    }

    /// Whether a group was written within `window`.
    var inDemand: Bool {
        let last = lastGroup.load(ordering: .relaxed)
        return last > 0 && nanoseconds(ContinuousClock.now - origin) - last < nanoseconds(window)
    }

    /// The pause a background job takes before its next batch: `normal` when nobody waited for the
    /// writer lately, at least `peakPause` when they did. A job asked for no pause (tests, a command
    /// run by hand) gets none.
    func pause(after normal: Duration) -> Duration {
        guard normal > .zero, inDemand else { return normal }
        return max(normal, peakPause)
    }

    private func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
