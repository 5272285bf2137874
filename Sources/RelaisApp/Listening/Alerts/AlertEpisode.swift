/// When an alert episode opens, stays open or closes. Pure.
///
/// An episode opens the first time its condition holds; while it is open, further evaluations
/// that hold only move its "last true" time forward (written at most every `refreshMillis`, so
/// that an open alert does not cost a write a minute); it closes at the first evaluation where the
/// condition is false and the last time it held is a cool-down (plus that refresh step) ago. So
/// one episode is one alert however long the condition lasts, and a condition that flickers
/// inside the cool-down does not open a second one.
enum AlertEpisode {
    /// How stale the stored "last true" time may be.
    static let refreshMillis: Int64 = 5 * 60_000

    /// What to do with a query's episode of one kind.
    enum Step: Equatable {
        /// Nothing to write.
        case none
        /// Open a new episode.
        case open
        /// Record that the condition still holds.
        case refresh
        /// Close the open episode.
        case close
    }

    /// The step for a condition evaluated `now`, given the open episode's stored last-true time (nil when none is open).
    static func step(condition: Bool, openLastTrueAt: Int64?, now: Int64, cooldownMillis: Int64) -> Step {
        guard let lastTrue = openLastTrueAt else { return condition ? .open : .none }
        if condition { return now - lastTrue >= refreshMillis ? .refresh : .none }
        return now - lastTrue >= cooldownMillis + refreshMillis ? .close : .none
    }
}
