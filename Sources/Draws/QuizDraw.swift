import Crypto

/// A quiz entry: its token, its score (higher is better) and its tie-break distance (lower is better).
public struct ScoredEntry: Hashable, Sendable, Codable {
    /// The entry's pseudonymous token.
    public let token: String
    /// Points scored; higher ranks first.
    public let score: Int64
    /// Distance to the tie-break answer (e.g. |guess - true count|); lower ranks first, 0 when unused.
    public let distance: UInt64

    /// An entry as frozen at closing.
    public init(token: String, score: Int64, distance: UInt64 = 0) {
        self.token = token
        self.score = score
        self.distance = distance
    }
}

/// The quiz entries frozen at closing, sorted by token bytes and hashed with their scores.
public struct ScoredEntryPool: Hashable, Sendable {
    /// Entries sorted by token bytes; a pick's index points into this array.
    public let entries: [ScoredEntry]
    /// SHA-256 of the lines `token SP score SP distance LF`, in token order (docs/DRAWS.md §4).
    public let hash: [UInt8]

    /// Validates, sorts and hashes `entries`.
    public init(entries: some Sequence<ScoredEntry>) throws(DrawError) {
        let entries = Array(entries)
        // Validates tokens (printable ASCII, unique) with the rules of EntryPool.
        _ = try EntryPool(tokens: entries.map(\.token))
        let sorted = entries.sorted { $0.token.utf8.lexicographicallyPrecedes($1.token.utf8) }
        var hasher = SHA256()
        for entry in sorted {
            hasher.update(data: Array("\(entry.token) \(entry.score) \(entry.distance)\n".utf8))
        }
        self.entries = sorted
        self.hash = Array(hasher.finalize())
    }

    /// Number of entries, published at closing.
    public var count: Int { entries.count }

    /// The pool hash as 64 lowercase hex digits, published at closing.
    public var hashHex: String { DrawEncoding.hex(hash) }
}

/// Everything a quiz draw depends on.
public struct QuizDrawRequest: Sendable {
    /// The committed seed, revealed after the draw.
    public let seed: DrawSeed
    /// Optional public value entered after closing.
    public let publicRandomness: PublicRandomness
    /// The scored entries frozen at closing.
    public let pool: ScoredEntryPool
    /// How many winners to rank.
    public let winners: Int
    /// How many alternates to rank after the winners.
    public let alternates: Int
    /// The algorithm version committed before opening.
    public let algorithm: DrawAlgorithm

    /// A request; counts must not be negative.
    public init(
        seed: DrawSeed,
        publicRandomness: PublicRandomness = .none,
        pool: ScoredEntryPool,
        winners: Int,
        alternates: Int = 0,
        algorithm: DrawAlgorithm = .v1
    ) throws(DrawError) {
        guard winners >= 0, alternates >= 0 else { throw .negativeCount }
        self.seed = seed
        self.publicRandomness = publicRandomness
        self.pool = pool
        self.winners = winners
        self.alternates = alternates
        self.algorithm = algorithm
    }
}

/// The quiz ranking of docs/DRAWS.md §8: best score, then smallest distance, then the provable draw.
public enum QuizDraw {
    /// Ranks the best `winners + alternates` entries; ties are ordered by a draw.
    ///
    /// Entries are grouped by (score descending, distance ascending). Groups are taken
    /// best first; inside each, a partial Fisher–Yates over the group's entries (in
    /// token order) picks as many as are still needed, all from one stream.
    public static func run(_ request: QuizDrawRequest) -> DrawResult {
        var stream = DrawStream(
            seed: request.seed,
            algorithm: request.algorithm,
            purpose: .quiz,
            context: Draw.context(poolHash: request.pool.hash, poolCount: UInt64(request.pool.count), publicRandomness: request.publicRandomness)
        )
        let groups = Dictionary(grouping: request.pool.entries.indices) { index in
            let entry = request.pool.entries[index]
            return RankKey(score: entry.score, distance: entry.distance)
        }
        var remaining = request.winners + request.alternates
        var picks: [DrawPick] = []
        for key in groups.keys.sorted() where remaining > 0 {
            // Safe: `key` comes from `groups.keys`. Indices within a group stay ascending (token order).
            let members = groups[key]!
            for position in stream.pick(remaining, from: UInt64(members.count)) {
                let index = members[Int(position)]
                picks.append(DrawPick(index: index, token: request.pool.entries[index].token))
            }
            remaining = request.winners + request.alternates - picks.count
        }
        return DrawResult(picks: picks, winners: request.winners)
    }

    /// Rank of a group: higher score first, then smaller distance.
    private struct RankKey: Hashable, Comparable {
        let score: Int64
        let distance: UInt64

        static func < (lhs: RankKey, rhs: RankKey) -> Bool {
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.distance < rhs.distance
        }
    }
}
