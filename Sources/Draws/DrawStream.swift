import Crypto

/// What a stream is used for; the raw value is its domain-separation label.
public enum DrawPurpose: String, Sendable, CaseIterable {
    /// Winners and alternates of a sweepstake (docs/DRAWS.md §7).
    case sweepstake
    /// Tie-breaking in a quiz ranking (docs/DRAWS.md §8).
    case quiz
    /// Winning moments of an instant win (docs/DRAWS.md §9).
    case moments
}

/// Deterministic random words: HMAC-SHA256 in counter mode keyed on the seed (docs/DRAWS.md §5).
///
/// Block `i` is `HMAC-SHA256(key: seed, message: algorithm ‖ 0x00 ‖ purpose ‖ 0x00 ‖ context ‖ u64be(i))`;
/// the stream is block 0 ‖ block 1 ‖ …, read as consecutive big-endian 64-bit words.
public struct DrawStream: Sendable {
    // The seed bytes rather than a `SymmetricKey`, which swift-crypto 3 does not mark Sendable.
    private let key: [UInt8]
    private let prefix: [UInt8]
    private var counter: UInt64 = 0
    private var buffer: [UInt64] = []
    private var bufferIndex = 0
    /// Number of 64-bit words consumed so far (rejected ones included).
    public private(set) var wordsConsumed = 0

    /// A stream for `purpose`, bound to `context` bytes (pool hash, period, …).
    public init(seed: DrawSeed, algorithm: DrawAlgorithm = .v1, purpose: DrawPurpose, context: [UInt8]) {
        self.key = seed.bytes
        self.prefix = Array(algorithm.rawValue.utf8) + [0x00] + Array(purpose.rawValue.utf8) + [0x00] + context
    }

    /// The next 64-bit word of the stream.
    public mutating func nextWord() -> UInt64 {
        if bufferIndex == buffer.count { refill() }
        defer { bufferIndex += 1; wordsConsumed += 1 }
        return buffer[bufferIndex]
    }

    /// A uniform integer in `0..<bound` by rejection sampling; `bound` must be > 0.
    ///
    /// A word `w` is accepted iff `w < 2^64 - (2^64 mod bound)`, and then `w mod bound`
    /// is returned; otherwise the next word is tried. The accepted range is a whole
    /// multiple of `bound`, so every result is equally likely. Even `bound == 1`
    /// consumes one word, so that the word count never depends on a shortcut.
    public mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        // (2^64 - bound) mod bound == 2^64 mod bound, computed without overflow.
        let rejected = (0 &- bound) % bound
        let acceptBelow = 0 &- rejected   // 2^64 - rejected, wrapping to 0 when rejected == 0
        while true {
            let word = nextWord()
            if rejected == 0 || word < acceptBelow { return word % bound }
        }
    }

    /// `count` distinct picks from `0..<size`, in pick order: a partial Fisher–Yates shuffle.
    ///
    /// Over the virtual array `a = [0, 1, …, size-1]`, step `i` draws `j = i + uniform(size - i)`,
    /// swaps `a[i]` and `a[j]` and picks `a[i]`. Only moved cells are stored, so `size`
    /// may be as large as `UInt64.max` while memory stays proportional to `count`.
    /// `count` is clamped to `size`.
    public mutating func pick(_ count: Int, from size: UInt64) -> [UInt64] {
        let steps = min(UInt64(max(count, 0)), size)
        var moved: [UInt64: UInt64] = [:]
        var picks: [UInt64] = []
        picks.reserveCapacity(Int(steps))
        for step in 0..<steps {
            let other = step + uniform(below: size - step)
            let atStep = moved[step] ?? step
            let atOther = moved[other] ?? other
            moved[other] = atStep
            moved[step] = atOther
            picks.append(atOther)
        }
        return picks
    }

    private mutating func refill() {
        let block = HMAC<SHA256>.authenticationCode(for: prefix + DrawEncoding.bigEndian(counter), using: SymmetricKey(data: key))
        counter += 1
        let bytes = Array(block)
        buffer = (0..<4).map { word in
            bytes[(word * 8)..<(word * 8 + 8)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        bufferIndex = 0
    }
}
