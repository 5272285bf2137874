import SQLKit

extension IdeaSettings {
    /// The settings stored on an activation row.
    init(row: any SQLRow) throws {
        self.init(winners: IdeaWinnerMode(rawValue: try row.decode(column: "idea_winners", as: String.self)) ?? .votes,
                  winnerCount: try row.decode(column: "idea_winner_count", as: Int.self),
                  votingOpensAt: try row.optional("voting_opens_at"), votingOpensLocal: try row.optional("voting_opens_local"))
    }
}

extension ActivationStore {
    /// Stores the settings of an idea contest (kept apart from the common columns of every activation).
    func saveIdeaSettings(_ settings: IdeaSettings, activationID: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE activations SET idea_winners = \(bind: settings.winners.rawValue), idea_winner_count = \(bind: settings.winnerCount),
                voting_opens_local = \(bind: settings.votingOpensLocal), voting_opens_at = \(bind: settings.votingOpensAt)
            WHERE id = \(bind: activationID)
            """).run()
    }
}

extension ActivationInput {
    /// The settings of an idea contest as written, with their problems added to `errors`; nil for other kinds.
    func ideaSettings(kind: ActivationKind, zone: String, opens: Int64?, closes: Int64?, errors: inout [FieldError]) -> IdeaSettings? {
        let voting = votingOpensAt?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        guard kind == .idea else {
            if ideaWinners != nil || ideaWinnerCount != nil || voting != nil {
                errors.append(FieldError("ideaWinners", "only an idea contest has winners by votes or jury and a voting period"))
            }
            return nil
        }
        let votingAt = voting.flatMap { LocalTime.instant($0, timeZone: zone) }
        errors += IdeaSettings.problems(winners: ideaWinners, winnerCount: ideaWinnerCount, votingOpensAt: votingAt,
                                        votingWritten: voting != nil, opensAt: opens, closesAt: closes)
        return IdeaSettings(winners: ideaWinners.flatMap(IdeaWinnerMode.init(rawValue:)) ?? .votes, winnerCount: ideaWinnerCount ?? 3,
                            votingOpensAt: votingAt, votingOpensLocal: votingAt == nil ? nil : voting)
    }
}
