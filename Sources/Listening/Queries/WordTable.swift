/// An immutable open-addressing hash table from normalised words (UTF-8 bytes) to condition ids.
///
/// Lookups take a precomputed FNV-1a hash so a word and all its prefixes are hashed in one pass.
/// Slots are 8 bytes (hash fingerprint + entry) so that tens of thousands of words stay in L2 cache.
struct WordTable: Sendable {
    private struct Slot: Sendable {
        var fingerprint: UInt32 = 0
        /// Index into `values` / `keyStarts`, -1 for an empty slot.
        var entry: Int32 = -1
    }

    private let slots: [Slot]
    private let mask: Int
    /// One bit per hash bucket of a 2^18-bit filter (32 KiB, stays in L1): most words of a post are in no query,
    /// and the filter answers them without touching the larger slot array.
    private let filter: [UInt64]
    private static let filterBits = 1 << 18
    private let values: [Int32]
    private let keyBytes: [UInt8]
    private let keyStarts: [Int32]

    /// Builds the table; keys must be distinct.
    init(_ entries: [(key: String, value: Int32)]) {
        var capacity = 16
        while capacity * 2 < entries.count * 3 { capacity *= 2 }
        var slots = [Slot](repeating: Slot(), count: capacity)
        var filter = [UInt64](repeating: 0, count: Self.filterBits / 64)
        var keyBytes: [UInt8] = []
        var keyStarts: [Int32] = [0]
        for (index, entry) in entries.enumerated() {
            keyBytes.append(contentsOf: entry.key.utf8)
            keyStarts.append(Int32(keyBytes.count))
            let hash = Self.hash(Array(entry.key.utf8)[...])
            var slot = Self.slotIndex(hash, mask: capacity - 1)
            while slots[slot].entry >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Slot(fingerprint: Self.fingerprint(hash), entry: Int32(index))
            let bit = Self.filterBit(hash)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = filter
        self.slots = slots
        self.mask = capacity - 1
        self.values = entries.map(\.value)
        self.keyBytes = keyBytes
        self.keyStarts = keyStarts
    }

    /// FNV-1a offset basis.
    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    /// FNV-1a prime.
    static let hashPrime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a hash of `bytes`.
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash = hashSeed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* hashPrime }
        return hash
    }

    @inline(__always)
    private static func slotIndex(_ hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    }

    @inline(__always)
    private static func filterBit(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 46)
    }

    @inline(__always)
    private static func fingerprint(_ hash: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 32)
    }

    /// The value for the word `bytes[start ..< start + length]` whose hash is `hash`, or -1.
    @inline(__always)
    func value(hash: UInt64, bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> Int32 {
        let bit = Self.filterBit(hash)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return -1 }
        let fingerprint = Self.fingerprint(hash)
        var slot = Self.slotIndex(hash, mask: mask)
        while true {
            let candidate = slots[slot]
            if candidate.entry < 0 { return -1 }
            if candidate.fingerprint == fingerprint {
                let entry = Int(candidate.entry)
                let keyStart = Int(keyStarts[entry])
                if Int(keyStarts[entry + 1]) - keyStart == length {
                    var same = true
                    for offset in 0 ..< length where keyBytes[keyStart + offset] != bytes[start + offset] {
                        same = false
                        break
                    }
                    if same { return values[entry] }
                }
            }
            slot = (slot + 1) & mask
        }
    }
}
