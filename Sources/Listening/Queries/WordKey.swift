/// A normalised word (or prefix, or host) packed for hashing and comparison without touching its bytes again.
///
/// Normalised text never contains the byte 0, so the first 16 bytes, zero-padded into two integers, identify a
/// word of up to 16 bytes exactly; longer words are compared byte by byte after a hash match.
struct WordKey: Equatable, Sendable {
    /// Bytes 0 ..< 8, little-endian, zero-padded.
    var first: UInt64
    /// Bytes 8 ..< 16, little-endian, zero-padded.
    var second: UInt64
    /// Length in bytes.
    var length: Int

    /// Longest word packed exactly.
    static let packedLength = 16

    /// Packs `bytes[start ..< start + length]`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) {
        var first: UInt64 = 0
        var second: UInt64 = 0
        for offset in 0 ..< min(length, Self.packedLength) {
            let byte = UInt64(bytes[start + offset])
            if offset < 8 { first |= byte << UInt64(offset * 8) } else { second |= byte << UInt64((offset - 8) * 8) }
        }
        self.init(first: first, second: second, length: length)
    }

    /// Packs the UTF-8 bytes of `text`.
    init(_ text: String) {
        let bytes = Array(text.utf8)
        self = bytes.withUnsafeBufferPointer { WordKey($0, start: 0, length: $0.count) }
    }

    /// From already packed integers.
    init(first: UInt64, second: UInt64, length: Int) {
        self.first = first
        self.second = second
        self.length = length
    }

    /// The key of the first `length` bytes of this word (`length` ≤ `self.length`), as a prefix condition is stored.
    @inline(__always)
    func prefix(_ length: Int) -> WordKey {
        if length >= 16 { return WordKey(first: first, second: second, length: length) }
        if length >= 8 {
            let mask: UInt64 = length == 8 ? 0 : (1 << UInt64((length - 8) * 8)) - 1
            return WordKey(first: first, second: second & mask, length: length)
        }
        return WordKey(first: first & ((1 << UInt64(length * 8)) - 1), second: 0, length: length)
    }

    /// Whether the word is short enough for `first` and `second` to hold all of it.
    var isPacked: Bool { length <= Self.packedLength }

    /// Hash of a packed key (words up to 16 bytes).
    @inline(__always)
    var packedHash: UInt64 {
        var hash = first &* 0x9E37_79B9_7F4A_7C15
        hash ^= (second &+ UInt64(truncatingIfNeeded: length)) &* 0xC2B2_AE3D_27D4_EB4F
        return Self.finish(hash)
    }

    /// Hash of a word longer than 16 bytes, from all of its bytes.
    static func longHash(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for offset in start ..< start + length { hash = (hash ^ UInt64(bytes[offset])) &* 0x0000_0100_0000_01B3 }
        return finish(hash ^ UInt64(truncatingIfNeeded: length))
    }

    /// Hash of this key; `bytes` must hold the word at `start` when it is longer than 16 bytes.
    @inline(__always)
    func hash(_ bytes: UnsafeBufferPointer<UInt8>, start: Int) -> UInt64 {
        isPacked ? packedHash : Self.longHash(bytes, start: start, length: length)
    }

    /// Final avalanche (SplitMix64) so every bit of the hash depends on every input bit.
    @inline(__always)
    private static func finish(_ value: UInt64) -> UInt64 {
        var hash = value
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 31)
    }
}
