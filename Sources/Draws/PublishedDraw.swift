/// The data published for one draw, as served on the verification page and read by `verify_draw.py`.
///
/// One JSON object whose `kind` says which fields apply (docs/DRAWS.md §11):
/// sweepstake and quiz use the pool, counts and picks; instant-win uses the period and moments.
public struct PublishedDraw: Hashable, Sendable, Codable {
    /// Which kind of activation the draw belongs to.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Winners and alternates drawn from a pool.
        case sweepstake
        /// Best scores first, ties broken by a draw.
        case quiz
        /// Winning moments fixed before opening.
        case instantWin = "instant-win"
    }

    /// The frozen pool as published at closing.
    public struct Pool: Hashable, Sendable, Codable {
        /// Number of eligible entries.
        public var count: Int
        /// Lowercase hex pool hash.
        public var hash: String
        /// Sorted tokens (sweepstake), when published; without them only indices can be checked.
        public var tokens: [String]?
        /// Scored entries (quiz); required to check a quiz ranking.
        public var entries: [ScoredEntry]?

        /// A pool as published.
        public init(count: Int, hash: String, tokens: [String]? = nil, entries: [ScoredEntry]? = nil) {
            self.count = count
            self.hash = hash
            self.tokens = tokens
            self.entries = entries
        }
    }

    /// Algorithm version string, e.g. "relais-draw-v1".
    public var algorithm: String
    /// Kind of draw.
    public var kind: Kind
    /// Lowercase hex SHA-256 of the seed, published before opening.
    public var commitment: String
    /// The revealed seed, 64 hex digits.
    public var seed: String
    /// Public randomness entered after closing ("" when none); sweepstake and quiz.
    public var publicRandomness: String?
    /// The frozen pool; sweepstake and quiz.
    public var pool: Pool?
    /// Number of winners asked for; sweepstake and quiz.
    public var winnersCount: Int?
    /// Number of alternates asked for; sweepstake and quiz.
    public var alternatesCount: Int?
    /// Claimed winners in draw order; sweepstake and quiz.
    public var winners: [DrawPick]?
    /// Claimed alternates in draw order; sweepstake and quiz.
    public var alternates: [DrawPick]?
    /// Activation id; instant-win.
    public var activationID: String?
    /// Period start, Unix epoch milliseconds; instant-win.
    public var opensAt: Int64?
    /// Period end (exclusive), Unix epoch milliseconds; instant-win.
    public var closesAt: Int64?
    /// Number of moments; instant-win.
    public var momentsCount: Int?
    /// Claimed moments, ascending; instant-win.
    public var moments: [Int64]?
    /// The prizes the moments give, in order; instant-win (optional).
    public var prizes: [PublishedPrize]?
    /// Each moment with its prize and the entry that took it, ascending; instant-win (optional, with `prizes`).
    public var claims: [PublishedMomentClaim]?

    private enum CodingKeys: String, CodingKey {
        case algorithm, kind, commitment, seed, publicRandomness, pool, winnersCount, alternatesCount
        case winners, alternates, activationID = "activationId", opensAt, closesAt, momentsCount, moments, prizes, claims
    }

    /// Published data with every optional field empty; prefer the factories below.
    public init(algorithm: String, kind: Kind, commitment: String, seed: String) {
        self.algorithm = algorithm
        self.kind = kind
        self.commitment = commitment
        self.seed = seed
    }

    /// What to publish after a sweepstake draw; `includeTokens: false` publishes only hash and count.
    public static func sweepstake(_ request: DrawRequest, result: DrawResult, includeTokens: Bool = true) -> PublishedDraw {
        var published = PublishedDraw(
            algorithm: request.algorithm.rawValue,
            kind: .sweepstake,
            commitment: DrawCommitment(seed: request.seed, algorithm: request.algorithm).seedHash,
            seed: request.seed.hex
        )
        published.publicRandomness = request.publicRandomness.value
        published.pool = Pool(count: request.pool.count, hash: request.pool.hashHex, tokens: includeTokens ? request.pool.tokens : nil)
        published.winnersCount = request.winners
        published.alternatesCount = request.alternates
        published.winners = result.winners
        published.alternates = result.alternates
        return published
    }

    /// What to publish after a quiz draw (scores and distances included: the ranking depends on them).
    public static func quiz(_ request: QuizDrawRequest, result: DrawResult) -> PublishedDraw {
        var published = PublishedDraw(
            algorithm: request.algorithm.rawValue,
            kind: .quiz,
            commitment: DrawCommitment(seed: request.seed, algorithm: request.algorithm).seedHash,
            seed: request.seed.hex
        )
        published.publicRandomness = request.publicRandomness.value
        published.pool = Pool(count: request.pool.count, hash: request.pool.hashHex, entries: request.pool.entries)
        published.winnersCount = request.winners
        published.alternatesCount = request.alternates
        published.winners = result.winners
        published.alternates = result.alternates
        return published
    }

    /// What to publish after an instant win closes, once the seed may be revealed.
    /// `prizes` and `claims` are published when the server knows them (after closing).
    public static func instantWin(_ moments: WinningMoments, seed: DrawSeed, algorithm: DrawAlgorithm = .v1,
                                  prizes: [PublishedPrize]? = nil, claims: [PublishedMomentClaim]? = nil) -> PublishedDraw {
        var published = PublishedDraw(
            algorithm: algorithm.rawValue,
            kind: .instantWin,
            commitment: DrawCommitment(seed: seed, algorithm: algorithm).seedHash,
            seed: seed.hex
        )
        published.activationID = moments.activationID
        published.opensAt = moments.opensAt
        published.closesAt = moments.closesAt
        published.momentsCount = moments.moments.count
        published.moments = moments.moments
        published.prizes = prizes
        published.claims = claims
        return published
    }
}
