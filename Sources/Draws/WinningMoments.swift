/// The instant-win moments of one activation, derived from the committed seed (docs/DRAWS.md §9).
///
/// Moments are distinct Unix-epoch milliseconds in `[opensAt, closesAt)`, sorted ascending.
/// They depend only on what is published before opening (seed commitment, activation id,
/// period, count), never on entries, so they can be fixed in advance and checked afterwards.
public struct WinningMoments: Hashable, Sendable {
    /// The activation the moments belong to (domain separation between activations).
    public let activationID: String
    /// Start of the period, Unix epoch milliseconds, inclusive.
    public let opensAt: Int64
    /// End of the period, Unix epoch milliseconds, exclusive.
    public let closesAt: Int64
    /// The moments, ascending and distinct.
    public let moments: [Int64]
    /// The same moments in the order they were drawn, which gives each its prize (docs/DRAWS.md §9);
    /// empty for moments read back without their seed.
    public let drawOrder: [Int64]

    /// Derives `count` distinct moments uniformly among the milliseconds of `[opensAt, closesAt)`.
    public init(
        seed: DrawSeed,
        activationID: String,
        opensAt: Int64,
        closesAt: Int64,
        count: Int,
        algorithm: DrawAlgorithm = .v1
    ) throws(DrawError) {
        guard EntryPool.isValidToken(Array(activationID.utf8)) else { throw .invalidActivationID(activationID) }
        guard opensAt < closesAt else { throw .emptyPeriod }
        guard count >= 0 else { throw .negativeCount }
        // The true difference is below 2^64, so the wrapping subtraction read as unsigned is exact.
        let span = UInt64(bitPattern: closesAt &- opensAt)
        guard UInt64(count) <= span else { throw .tooManyMoments(requested: count, available: span) }
        var stream = DrawStream(
            seed: seed,
            algorithm: algorithm,
            purpose: .moments,
            context: DrawEncoding.bigEndian(opensAt) + DrawEncoding.bigEndian(closesAt) + Array(activationID.utf8)
        )
        self.activationID = activationID
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.drawOrder = stream.pick(count, from: span).map { opensAt &+ Int64(bitPattern: $0) }
        self.moments = drawOrder.sorted()
    }

    /// Moments as stored at commitment time; not checked against a seed (`DrawVerifier` does that).
    public init(activationID: String, opensAt: Int64, closesAt: Int64, moments: [Int64]) {
        self.activationID = activationID
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.moments = moments.sorted()
        self.drawOrder = []
    }

    /// The prize of each moment, aligned with `moments`: the i-th moment drawn goes to the i-th prize unit,
    /// the units being listed prize by prize (`quantities[0]` units of prize 0, then prize 1…).
    /// Nil when the quantities do not add up to the number of moments drawn.
    public func prizes(quantities: [Int]) -> [Int]? {
        guard quantities.allSatisfy({ $0 >= 0 }), quantities.reduce(0, +) == drawOrder.count, drawOrder.count == moments.count else { return nil }
        let units = quantities.enumerated().flatMap { prize, quantity in Array(repeating: prize, count: quantity) }
        let prizeOfMoment = Dictionary(uniqueKeysWithValues: zip(drawOrder, units))
        return moments.map { prizeOfMoment[$0] ?? 0 }
    }

    /// Matches entries to moments: each moment goes to the first entry at or after it not already a winner.
    ///
    /// `entries` must be the valid entries in the order the server accepted them (by time;
    /// same-millisecond entries in acceptance order). Each entry wins at most one moment;
    /// a moment with no entry after it stays unclaimed (`token == nil`).
    public func claims(for entries: [TimedEntry]) -> [MomentClaim] {
        var claims: [MomentClaim] = []
        var next = entries.startIndex
        for moment in moments {
            while next < entries.endIndex, entries[next].at < moment { next += 1 }
            if next < entries.endIndex, entries[next].at < closesAt {
                claims.append(MomentClaim(moment: moment, token: entries[next].token))
                next += 1
            } else {
                claims.append(MomentClaim(moment: moment, token: nil))
            }
        }
        return claims
    }
}

/// A valid instant-win entry: its token and when it was accepted (Unix epoch milliseconds).
public struct TimedEntry: Hashable, Sendable, Codable {
    /// The entry's pseudonymous token.
    public let token: String
    /// Acceptance time, Unix epoch milliseconds.
    public let at: Int64

    /// An entry as logged by the server.
    public init(token: String, at: Int64) {
        self.token = token
        self.at = at
    }
}

/// A winning moment and the token that won it, if any.
public struct MomentClaim: Hashable, Sendable, Codable {
    /// The moment, Unix epoch milliseconds.
    public let moment: Int64
    /// The winning entry's token, or nil when no entry came after the moment before closing.
    public let token: String?
}
