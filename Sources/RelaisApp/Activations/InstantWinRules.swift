/// The rules of an instant win that need no database. No I/O.
enum InstantWinRules {
    /// At most this many winning moments (prizes in all) per instant win.
    static let maximumMoments = 10_000

    /// Problems of an instant win's settings: prizes without alternates, a bounded number of moments, and no
    /// e-mail confirmation (the entrant learns at once whether they won; an entry that does not count cannot take a moment).
    static func problems(prizes: [Prize], confirmEmail: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, prize) in prizes.enumerated() where prize.alternates != 0 {
            errors.append(FieldError("prizes[\(index)].alternates", "an instant win has no alternates: a prize not won at its moment stays unwon"))
        }
        if prizes.reduce(0, { $0 + $1.quantity }) > maximumMoments {
            errors.append(FieldError("prizes", "an instant win has at most \(maximumMoments) prizes in all"))
        }
        if confirmEmail {
            errors.append(FieldError("confirmEmail", "an instant win tells the entrant at once whether they won, so it cannot wait for an e-mail confirmation"))
        }
        return errors
    }

    /// The identifier of an activation in its winning moments' stream (docs/DRAWS.md §9): its id, which never changes.
    static func streamID(_ activationID: Int64) -> String { String(activationID) }
}

/// A winning moment taken by an entry: what the entrant won.
struct TakenMoment: Sendable, Equatable {
    var momentID: Int64
    var position: Int
    var momentAt: Int64
    var prizeID: Int64
    var prizeName: String
}

/// A winning moment as the results show it (only moments already past, or all of them once closed).
struct MomentReport: Sendable, Equatable {
    var position: Int
    var momentAt: Int64
    var prizeID: Int64
    var prizeName: String
    var wonAt: Int64?
    var token: String?
}
