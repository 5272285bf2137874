import Crypto

/// The eligible entries frozen at closing: unique pseudonymous tokens, sorted bytewise.
public struct EntryPool: Hashable, Sendable {
    /// Tokens sorted by their bytes (ASCII order); a draw index points into this array.
    public let tokens: [String]
    /// SHA-256 of every sorted token followed by "\n" (docs/DRAWS.md §4).
    public let hash: [UInt8]

    /// Validates, sorts and hashes `tokens`; order of the input does not matter.
    public init(tokens: some Sequence<String>) throws(DrawError) {
        var sorted: [[UInt8]] = []
        for token in tokens {
            let bytes = Array(token.utf8)
            guard Self.isValidToken(bytes) else { throw .invalidToken(token) }
            sorted.append(bytes)
        }
        // Sort by bytes, never by `String` comparison: Swift compares strings by
        // Unicode canonical equivalence, which an independent verifier would not.
        sorted.sort { $0.lexicographicallyPrecedes($1) }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous == next {
            throw .duplicateToken(String(decoding: next, as: UTF8.self))
        }
        var hasher = SHA256()
        for bytes in sorted {
            hasher.update(data: bytes)
            hasher.update(data: [0x0A])
        }
        self.tokens = sorted.map { String(decoding: $0, as: UTF8.self) }
        self.hash = Array(hasher.finalize())
    }

    /// Number of eligible entries, published at closing.
    public var count: Int { tokens.count }

    /// The pool hash as 64 lowercase hex digits, published at closing.
    public var hashHex: String { DrawEncoding.hex(hash) }

    /// Whether `token` is in the pool (what an entrant checks on the public list).
    public func contains(_ token: String) -> Bool {
        index(of: token) != nil
    }

    /// Position of `token` in the sorted pool, found by binary search.
    public func index(of token: String) -> Int? {
        let target = Array(token.utf8)
        var low = 0
        var high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            let probe = Array(tokens[mid].utf8)
            if probe == target { return mid }
            if probe.lexicographicallyPrecedes(target) { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// A token is 1...128 bytes, each printable ASCII 0x21...0x7E (no space, no newline).
    public static func isValidToken(_ bytes: [UInt8]) -> Bool {
        (1...128).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
