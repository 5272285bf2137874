/// How often one member may enter an activation. No I/O.
///
/// Each entry carries a frequency key; the database holds at most one entry per member and key, so two
/// simultaneous submissions can never both count.
enum EntryFrequency: Equatable, Sendable {
    /// Once for the whole activation.
    case once
    /// Once per calendar day in the brand's time zone.
    case daily
    /// Once per window of `n` hours, windows counted from the opening instant.
    case everyHours(Int)

    /// The key of an entry made at `now`.
    func key(now: Int64, opensAt: Int64, timeZone: String) -> String {
        switch self {
        case .once: "once"
        case .daily: "d:" + LocalTime.day(now, timeZone: timeZone)
        case .everyHours(let hours): "h:" + String(max(0, now - opensAt) / (Int64(hours) * 3_600_000))
        }
    }

    /// When the same member may enter again after an entry at `now`; nil for `once`.
    func nextEntryAt(now: Int64, opensAt: Int64, timeZone: String) -> Int64? {
        switch self {
        case .once: return nil
        case .daily: return LocalTime.nextMidnight(after: now, timeZone: timeZone)
        case .everyHours(let hours):
            let window = Int64(hours) * 3_600_000
            return opensAt + (max(0, now - opensAt) / window + 1) * window
        }
    }

    /// Stored form: `once`, `daily` or `hours`, with the hours apart.
    var stored: (name: String, hours: Int?) {
        switch self {
        case .once: ("once", nil)
        case .daily: ("daily", nil)
        case .everyHours(let hours): ("hours", hours)
        }
    }

    /// The frequency of a stored or submitted pair; nil when invalid.
    init?(name: String, hours: Int?) {
        switch name {
        case "once": self = .once
        case "daily": self = .daily
        case "hours":
            guard let hours, (1...8760).contains(hours) else { return nil }
            self = .everyHours(hours)
        default: return nil
        }
    }
}
