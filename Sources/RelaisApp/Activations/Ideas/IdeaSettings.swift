/// How the winners of an idea contest are chosen.
enum IdeaWinnerMode: String, Codable, Sendable, CaseIterable {
    /// The `count` approved ideas with the most votes.
    case votes
    /// The ideas staff pick (the jury), in the order picked.
    case jury
}

/// The settings of an idea contest: when votes open and how winners are chosen. No I/O.
struct IdeaSettings: Sendable, Equatable {
    var winners: IdeaWinnerMode = .votes
    /// How many winners (1 to 50).
    var winnerCount: Int = 3
    /// Votes are taken from this instant (epoch ms) until closing; nil: from the opening.
    var votingOpensAt: Int64? = nil
    /// The same instant as written, in the activation's time zone.
    var votingOpensLocal: String? = nil

    /// The voting period of an activation opening at `opensAt` and closing at `closesAt`.
    func votingPeriod(opensAt: Int64, closesAt: Int64) -> Range<Int64> {
        let start = min(max(votingOpensAt ?? opensAt, opensAt), closesAt)
        return start..<closesAt
    }

    /// Problems of the settings as written.
    static func problems(winners: String?, winnerCount: Int?, votingOpensAt: Int64?, votingWritten: Bool, opensAt: Int64?, closesAt: Int64?) -> [FieldError] {
        var errors: [FieldError] = []
        if let winners, IdeaWinnerMode(rawValue: winners) == nil { errors.append(FieldError("ideaWinners", "must be votes or jury")) }
        if let winnerCount, !(1...50).contains(winnerCount) { errors.append(FieldError("ideaWinnerCount", "must be from 1 to 50")) }
        if votingWritten && votingOpensAt == nil {
            errors.append(FieldError("votingOpensAt", "must be a local time written YYYY-MM-DDTHH:MM"))
        }
        if let votingOpensAt, let opensAt, let closesAt, !(opensAt..<closesAt).contains(votingOpensAt) {
            errors.append(FieldError("votingOpensAt", "must be between the opening and the closing"))
        }
        return errors
    }
}
