/// An immutable open-addressing hash table from normalised words (or prefixes, or hosts) to conditions.
///
/// Built for the per-post hot loop, where most time goes into cache misses: a 32 KiB bit filter answers most
/// words of a post (in no query) from L1; a word that passes costs one more cache line, its slot, which holds
/// the packed key (compared in two instructions for words up to 16 bytes), the condition id and where the
/// condition's postings start — everything the matcher needs without another dependent load.
struct WordTable: Sendable {
    /// What a lookup returns: the condition and its postings (`CompiledQueries.postings` from `postingStart`).
    struct Entry: Sendable {
        var condition: Int32
        var postingStart: Int32
    }

    private struct Slot: Sendable {
        /// Packed key; for words longer than 16 bytes, `first` is the hash and `second` is `longMarker | length`.
        var first: UInt64 = 0
        var second: UInt64 = 0
        var entry = Entry(condition: -1, postingStart: 0)
    }

    /// Bytes 0xFF never occur in UTF-8, so no packed key has its top four bytes all set.
    private static let longMarker: UInt64 = 0xFFFF_FFFF_0000_0000

    private let slots: [Slot]
    private let mask: Int
    /// One bit per hash bucket of a 2^18-bit filter (32 KiB): most words of a post are in no query.
    private let filter: [UInt64]
    private static let filterBits = 1 << 18
    /// Bytes of keys longer than 16 bytes, by condition (`longKeys[condition]`); rare.
    private let longKeys: [Int32: [UInt8]]
    /// Whether the table is empty (lookups can be skipped).
    let isEmpty: Bool

    /// Builds the table; keys must be distinct and contain no byte 0 (normalised text never does).
    init(_ entries: [(key: String, entry: Entry)]) {
        var capacity = 16
        while capacity * 2 < entries.count * 3 { capacity *= 2 }
        var slots = [Slot](repeating: Slot(), count: capacity)
        var filter = [UInt64](repeating: 0, count: Self.filterBits / 64)
        var longKeys: [Int32: [UInt8]] = [:]
        for (key, entry) in entries {
            let bytes = Array(key.utf8)
            let (wordKey, hash) = bytes.withUnsafeBufferPointer { buffer in
                let wordKey = WordKey(buffer, start: 0, length: buffer.count)
                return (wordKey, wordKey.hash(buffer, start: 0))
            }
            var slot = Self.slotIndex(hash, mask: capacity - 1)
            while slots[slot].entry.condition >= 0 { slot = (slot + 1) & (capacity - 1) }
            if wordKey.isPacked {
                slots[slot] = Slot(first: wordKey.first, second: wordKey.second, entry: entry)
            } else {
                slots[slot] = Slot(first: hash, second: Self.longMarker | UInt64(bytes.count), entry: entry)
                longKeys[entry.condition] = bytes
            }
            let bit = Self.filterBit(hash)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = filter
        self.slots = slots
        self.mask = capacity - 1
        self.longKeys = longKeys
        self.isEmpty = entries.isEmpty
    }

    @inline(__always)
    private static func slotIndex(_ hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: hash) & mask
    }

    @inline(__always)
    private static func filterBit(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> 46)
    }

    /// Whether the bit filter lets a key with this hash through (false: certainly absent).
    @inline(__always)
    func mayContain(_ hash: UInt64) -> Bool {
        let bit = Self.filterBit(hash)
        return filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// The entry for `key`, whose bytes are `bytes[start ..< start + key.length]`, or nil.
    @inline(__always)
    func entry(_ key: WordKey, bytes: UnsafeBufferPointer<UInt8>, start: Int) -> Entry? {
        let hash = key.hash(bytes, start: start)
        guard mayContain(hash) else { return nil }
        return entry(key, hash: hash, bytes: bytes, start: start)
    }

    /// The entry for `key` whose hash is `hash`, skipping the filter (the caller tested `mayContain(hash)`).
    @inline(__always)
    func entry(_ key: WordKey, hash: UInt64, bytes: UnsafeBufferPointer<UInt8>, start: Int) -> Entry? {
        if key.isPacked {
            var slot = Self.slotIndex(hash, mask: mask)
            while true {
                let candidate = slots[slot]
                if candidate.entry.condition < 0 { return nil }
                if candidate.first == key.first, candidate.second == key.second { return candidate.entry }
                slot = (slot + 1) & mask
            }
        }
        return longEntry(hash: hash, bytes: bytes, start: start, length: key.length)
    }

    /// Lookup of a key longer than 16 bytes: hash match, then byte comparison.
    private func longEntry(hash: UInt64, bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> Entry? {
        var slot = Self.slotIndex(hash, mask: mask)
        while true {
            let candidate = slots[slot]
            if candidate.entry.condition < 0 { return nil }
            if candidate.first == hash, candidate.second == Self.longMarker | UInt64(length),
               let stored = longKeys[candidate.entry.condition],
               stored.elementsEqual(UnsafeBufferPointer(rebasing: bytes[start ..< start + length])) {
                return candidate.entry
            }
            slot = (slot + 1) & mask
        }
    }
}
