/// One chosen entry: its index in the sorted pool and its token.
public struct DrawPick: Hashable, Sendable, Codable {
    /// Zero-based index in the pool sorted bytewise.
    public let index: Int
    /// The entry's pseudonymous token.
    public let token: String

    /// A pick as computed or as published.
    public init(index: Int, token: String) {
        self.index = index
        self.token = token
    }
}

/// Everything a sweepstake draw depends on.
public struct DrawRequest: Sendable {
    /// The committed seed, revealed after the draw.
    public let seed: DrawSeed
    /// Optional public value (drand round, lottery result) entered after closing.
    public let publicRandomness: PublicRandomness
    /// The eligible entries frozen at closing.
    public let pool: EntryPool
    /// How many winners to pick.
    public let winners: Int
    /// How many alternates to pick after the winners.
    public let alternates: Int
    /// The algorithm version committed before opening.
    public let algorithm: DrawAlgorithm

    /// A request; counts must not be negative.
    public init(
        seed: DrawSeed,
        publicRandomness: PublicRandomness = .none,
        pool: EntryPool,
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

/// The outcome of a draw: winners, then alternates, each in the order they were drawn.
public struct DrawResult: Hashable, Sendable, Codable {
    /// Winners in draw order (first prize first).
    public let winners: [DrawPick]
    /// Alternates in draw order, called on when a winner is disqualified or unreachable.
    public let alternates: [DrawPick]

    /// A result from its two ordered lists.
    public init(winners: [DrawPick], alternates: [DrawPick]) {
        self.winners = winners
        self.alternates = alternates
    }

    /// Splits an ordered list of picks: the first `winners` are winners, the rest alternates.
    init(picks: [DrawPick], winners: Int) {
        self.winners = Array(picks.prefix(winners))
        self.alternates = Array(picks.dropFirst(winners))
    }
}

/// The sweepstake draw of docs/DRAWS.md §7.
public enum Draw {
    /// Picks `winners + alternates` distinct entries (all of them, ordered, if the pool is smaller).
    ///
    /// The picks are prefix-stable: asking for more alternates later keeps every earlier pick.
    public static func run(_ request: DrawRequest) -> DrawResult {
        var stream = DrawStream(
            seed: request.seed,
            algorithm: request.algorithm,
            purpose: .sweepstake,
            context: context(poolHash: request.pool.hash, poolCount: UInt64(request.pool.count), publicRandomness: request.publicRandomness)
        )
        let picks = stream.pick(request.winners + request.alternates, from: UInt64(request.pool.count))
            .map { DrawPick(index: Int($0), token: request.pool.tokens[Int($0)]) }
        return DrawResult(picks: picks, winners: request.winners)
    }

    /// Picks indices only, from a pool known by its 32-byte hash and its count ≥ 0 (when tokens are not published).
    public static func indices(
        seed: DrawSeed,
        publicRandomness: PublicRandomness = .none,
        poolHash: [UInt8],
        poolCount: Int,
        count: Int,
        algorithm: DrawAlgorithm = .v1
    ) -> [Int] {
        precondition(poolCount >= 0, "a pool count cannot be negative")
        var stream = DrawStream(
            seed: seed,
            algorithm: algorithm,
            purpose: .sweepstake,
            context: context(poolHash: poolHash, poolCount: UInt64(poolCount), publicRandomness: publicRandomness)
        )
        return stream.pick(count, from: UInt64(poolCount)).map { Int($0) }
    }

    /// Stream context shared by sweepstakes and quizzes: pool hash ‖ u64be(count) ‖ public randomness.
    static func context(poolHash: [UInt8], poolCount: UInt64, publicRandomness: PublicRandomness) -> [UInt8] {
        poolHash + DrawEncoding.bigEndian(poolCount) + Array(publicRandomness.value.utf8)
    }
}
