import Crypto

/// Versions of the draw algorithm; the raw value is published with the commitment.
public enum DrawAlgorithm: String, Sendable, Codable, CaseIterable {
    /// The algorithm specified in docs/DRAWS.md.
    case v1 = "relais-draw-v1"
}

/// What is published before opening: the algorithm version and SHA-256 of the seed.
public struct DrawCommitment: Hashable, Sendable, Codable {
    /// The algorithm that will be used, e.g. "relais-draw-v1".
    public let algorithm: DrawAlgorithm
    /// Lowercase hex SHA-256 of the 32 raw seed bytes.
    public let seedHash: String

    /// The commitment to `seed` under `algorithm`.
    public init(seed: DrawSeed, algorithm: DrawAlgorithm = .v1) {
        self.algorithm = algorithm
        self.seedHash = DrawEncoding.hex(SHA256.hash(data: seed.bytes))
    }

    /// A commitment as published (e.g. read back from the database).
    public init(algorithm: DrawAlgorithm, seedHash: String) {
        self.algorithm = algorithm
        self.seedHash = seedHash.lowercased()
    }

    /// Whether a revealed seed is the one that was committed.
    public func isOpened(by seed: DrawSeed) -> Bool {
        DrawCommitment(seed: seed, algorithm: algorithm).seedHash == seedHash
    }
}
