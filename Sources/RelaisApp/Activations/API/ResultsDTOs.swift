/// A quiz's results: valid entries per score, best first, and the right answers once closed.
struct QuizResultsDTO: Codable, Sendable {
    /// Entries with one score.
    struct Score: Codable, Sendable {
        var score: Int
        var entries: Int
    }
    var total: Int
    var questions: Int
    var scores: [Score]

    init(_ distribution: [(score: Int, entries: Int)], questions: Int) {
        scores = distribution.map { Score(score: $0.score, entries: $0.entries) }
        total = distribution.reduce(0) { $0 + $1.entries }
        self.questions = questions
    }
}

/// An instant win's results: its winning moments, those already past while it runs, all once closed;
/// a moment nobody took is a prize not won.
struct InstantWinResultsDTO: Codable, Sendable {
    /// One winning moment.
    struct Moment: Codable, Sendable {
        var moment: String
        var prizeId: Int64
        var prize: String
        var won: Bool
        var wonAt: String?
        var token: String?
    }
    var momentsCount: Int
    var won: Int
    var moments: [Moment]

    init(_ reports: [MomentReport], momentsCount: Int) {
        moments = reports.map {
            Moment(moment: Clock.iso($0.momentAt), prizeId: $0.prizeID, prize: $0.prizeName, won: $0.wonAt != nil,
                   wonAt: $0.wonAt.map(Clock.iso), token: $0.token)
        }
        won = reports.filter { $0.wonAt != nil }.count
        self.momentsCount = momentsCount
    }
}
