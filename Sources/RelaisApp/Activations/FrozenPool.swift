import Draws

/// The entries of an activation frozen at closing: tokens for a sweepstakes, tokens with scores and tie-break
/// distances for a quiz (docs/DRAWS.md §4).
enum FrozenPool: Sendable {
    case tokens(EntryPool)
    case scored(ScoredEntryPool)

    /// Number of entries, published at closing.
    var count: Int {
        switch self {
        case .tokens(let pool): pool.count
        case .scored(let pool): pool.count
        }
    }

    /// The pool hash, published at closing.
    var hashHex: String {
        switch self {
        case .tokens(let pool): pool.hashHex
        case .scored(let pool): pool.hashHex
        }
    }

    /// The published lines: each token, or for a quiz each "token score distance" as hashed.
    var lines: [String] {
        switch self {
        case .tokens(let pool): pool.tokens
        case .scored(let pool): pool.entries.map { "\($0.token) \($0.score) \($0.distance)" }
        }
    }

    /// The quiz pool of entries with their scores and guesses: the distance is how far each guess is from the
    /// number of entries in the pool.
    static func quiz(_ entries: [(entryID: Int64, token: String, score: Int64, tieBreak: Int64?)]) throws -> ScoredEntryPool {
        try ScoredEntryPool(entries: entries.map {
            ScoredEntry(token: $0.token, score: $0.score, distance: QuizSettings.distance(guess: $0.tieBreak, entries: entries.count))
        })
    }
}
