import Metrics

/// How busy a writer of grouped work is: the works it wrote (`relais_grouped_works_total`) and the
/// time it spent writing them (`relais_grouped_busy_seconds_total`, summed over its lanes), both
/// labelled by the kind of work. Near one second of writing per second, the writer is the bound:
/// whatever runs inside its transactions sets the throughput, however idle the cores are.
struct WriterMeter: Sendable {
    private let written: Counter
    private let busy: FloatingPointCounter
    /// Told of each group written, so that the background jobs give way.
    private let demand: WriterDemand?

    init(works label: String, demand: WriterDemand? = nil, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.demand = demand
        written = Counter(label: "relais_grouped_works_total", dimensions: [("works", label)], factory: metrics)
        busy = FloatingPointCounter(label: "relais_grouped_busy_seconds_total", dimensions: [("works", label)], factory: metrics)
    }

    /// Runs `write`, the writing of `works` works, and counts it.
    func measure<T>(works: Int, _ write: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        demand?.groupWritten()
        defer {
            let elapsed = ContinuousClock.now - started
            busy.increment(by: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            written.increment(by: works)
            demand?.groupWritten()
        }
        return try await write()
    }
}
