/// The mechanics an activation can run.
public enum ActivationKind: String, Codable, Sendable, CaseIterable {
    case sweepstakes
    case instantWin = "instant_win"
    case quiz
    case poll
    case idea
    case leadForm = "lead_form"
    case referral

    /// Whether the kind ends with a provable draw among the entries (a quiz draws among the best scores).
    var hasDraw: Bool { self == .sweepstakes || self == .quiz }

    /// Whether the kind has prizes to win: by a draw, or at a winning moment.
    var hasPrizes: Bool { hasDraw || self == .instantWin }

    /// Whether a seed is committed when the activation is scheduled (draws and winning moments).
    var commitsSeed: Bool { hasPrizes }

    /// Whether the kind needs official rules (règlement) accepted by every entrant: every kind with prizes.
    var needsRules: Bool { hasPrizes }
}
