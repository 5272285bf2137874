/// Why draw inputs were rejected: each case names the rule of docs/DRAWS.md that was broken.
public enum DrawError: Error, Equatable, Sendable {
    /// A seed must be exactly 32 bytes (64 hex digits).
    case invalidSeedLength(Int)
    /// A hex string held a character outside 0-9, a-f, A-F, or had odd length.
    case invalidHex
    /// A token must be 1...128 bytes of printable ASCII (0x21...0x7E).
    case invalidToken(String)
    /// A token appeared twice in one pool.
    case duplicateToken(String)
    /// The winning-moment period must satisfy opensAt < closesAt.
    case emptyPeriod
    /// More winning moments were asked for than there are milliseconds in the period.
    case tooManyMoments(requested: Int, available: UInt64)
    /// A count (winners, alternates, moments) was negative.
    case negativeCount
    /// Public randomness must be at most 1024 bytes of printable ASCII (0x20...0x7E).
    case invalidPublicRandomness
    /// An activation id must be 1...128 bytes of printable ASCII (0x21...0x7E).
    case invalidActivationID(String)
    /// The algorithm version is not one this code implements.
    case unsupportedAlgorithm(String)
}
