/// Where an activation is in its life: draft → scheduled → live → closed → results published → archived.
///
/// `live` and `closed` usually follow from the clock: a scheduled activation is live from its opening
/// instant and closed from its closing instant, without anyone pressing a button.
public enum ActivationStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case scheduled
    case live
    case closed
    case resultsPublished = "results_published"
    case archived

    /// The status at `now` of an activation stored with this status and these instants.
    func effective(opensAt: Int64, closesAt: Int64, now: Int64) -> ActivationStatus {
        switch self {
        case .scheduled, .live:
            if now >= closesAt { return .closed }
            if now >= opensAt { return .live }
            return .scheduled
        default:
            return self
        }
    }

    /// Whether entries are accepted in this status (the instants are checked separately).
    var acceptsEntries: Bool { self == .live }
}

/// A lifecycle change staff can ask for.
public enum LifecycleAction: String, Codable, Sendable, CaseIterable {
    /// Draft → scheduled: the activation is complete, its draw commitment is published.
    case schedule
    /// Scheduled (not yet open) → draft, to change it freely.
    case unschedule
    /// Live → closed now, before the planned closing.
    case close
    /// Closed → results published (after the draw for a sweepstakes).
    case publishResults = "publish_results"
    /// Draft, closed or results published → archived.
    case archive
}
