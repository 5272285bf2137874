/// An approved idea with its votes, as ranked on the results page.
struct RankedIdea: Sendable, Equatable {
    var ideaID: Int64
    var votes: Int
    var createdAt: Int64
    var juryRank: Int?
}

/// Ranks approved ideas and picks the winners. No I/O.
enum IdeaRanking {
    /// Most votes first; an equal number of votes goes to the idea submitted first, then the lower id.
    static func byVotes(_ ideas: [RankedIdea]) -> [RankedIdea] {
        ideas.sorted { ($0.votes, -$0.createdAt, -$0.ideaID) > ($1.votes, -$1.createdAt, -$1.ideaID) }
    }

    /// The winners under `settings`: the top `winnerCount` by votes, or the jury's picks in their order.
    static func winners(_ ideas: [RankedIdea], settings: IdeaSettings) -> [RankedIdea] {
        switch settings.winners {
        case .votes:
            return Array(byVotes(ideas).filter { $0.votes > 0 }.prefix(settings.winnerCount))
        case .jury:
            return ideas.filter { $0.juryRank != nil }.sorted { ($0.juryRank ?? 0, $0.ideaID) < ($1.juryRank ?? 0, $1.ideaID) }
        }
    }
}
