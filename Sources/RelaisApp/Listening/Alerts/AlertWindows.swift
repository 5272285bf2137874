/// A query's mentions per minute before an evaluation, cut into the window and its baseline
/// windows, and the two tests run on them. Pure.
struct AlertWindows: Sendable, Equatable {
    /// Mentions and negative mentions per minute; the last element is the minute just before the evaluation.
    var mentions: [Int]
    var negative: [Int]

    /// Counts of the minutes `[end − length, end)`.
    private func sum(_ values: [Int], end: Int, length: Int) -> Int {
        let start = max(0, end - length)
        guard end > start, end <= values.count else { return 0 }
        return values[start..<end].reduce(0, +)
    }

    /// The outcomes of the spike and negative-share tests under `settings`.
    func outcomes(_ settings: AlertSettings) -> [ListeningAlertKind: AlertStatistics.Outcome] {
        let w = settings.windowMinutes
        let end = mentions.count
        let current = sum(mentions, end: end, length: w)
        let currentNegative = sum(negative, end: end, length: w)
        let baseline = (1...settings.baselineWindows).map { sum(mentions, end: end - $0 * w, length: w) }
        let baselineNegative = (1...settings.baselineWindows).map { sum(negative, end: end - $0 * w, length: w) }.reduce(0, +)
        return [
            .volumeSpike: AlertStatistics.volumeSpike(current: current, baseline: baseline, minCount: settings.spikeMinCount, threshold: settings.spikeZ),
            .negativeShare: AlertStatistics.negativeShare(current: current, currentNegative: currentNegative, baseline: baseline.reduce(0, +),
                                                          baselineNegative: baselineNegative, minCount: settings.negativeMinCount,
                                                          threshold: settings.negativeZ),
        ]
    }

    /// Minutes an evaluation must read for `settings`: the window and every baseline window.
    static func span(_ settings: AlertSettings) -> Int { settings.windowMinutes * (settings.baselineWindows + 1) }
}
