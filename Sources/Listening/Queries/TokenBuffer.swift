/// Normalised words of the fields of one post in flat arrays, reused from post to post to avoid allocations.
///
/// The arrays only grow: `count` and `byteCount` say how much of them holds the current post, so starting a
/// new post costs nothing and no per-post memory is filled or freed.
struct TokenBuffer {
    /// Where one word is.
    struct Word {
        /// The word's first 16 bytes, packed (`WordKey`), computed while normalising.
        var first: UInt64 = 0
        var second: UInt64 = 0
        /// End of the word in `bytes`; it starts where the previous word ends.
        var byteEnd: Int32 = 0
        /// UTF-8 offsets of the word in its original field text.
        var sourceStart: Int32 = 0
        var sourceEnd: Int32 = 0
        /// Field bit (`TextField.bit`).
        var field: UInt8 = 0
    }

    /// Normalised bytes of all words, concatenated; valid up to `byteCount`.
    private(set) var bytes: [UInt8] = []
    /// The words, in order; valid up to `count`.
    private(set) var words: [Word] = []
    /// Number of words.
    private(set) var count = 0
    /// Number of valid bytes in `bytes`.
    private(set) var byteCount = 0

    /// Start of word `index` in `bytes`.
    @inline(__always)
    func byteStart(of index: Int) -> Int {
        index == 0 ? 0 : Int(words[index - 1].byteEnd)
    }

    /// Bytes of word `index` in `bytes`.
    func byteRange(of index: Int) -> Range<Int> {
        byteStart(of: index) ..< Int(words[index].byteEnd)
    }

    /// The packed key of word `index`.
    @inline(__always)
    func key(of index: Int) -> WordKey {
        let word = words[index]
        return WordKey(first: word.first, second: word.second, length: Int(word.byteEnd) - byteStart(of: index))
    }

    /// Empties the buffer, keeping its memory.
    mutating func removeAll() {
        count = 0
        byteCount = 0
    }

    /// Normalises `text` and appends its words, tagged with `field`.
    mutating func append(_ text: String, field: UInt8) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { source in
            appendUTF8(source, field: field)
        }
        if done == nil {
            Array(text.utf8).withUnsafeBufferPointer { appendUTF8($0, field: field) }
        }
    }

    /// Makes room for the worst case, then runs the normalisation loop on raw pointers.
    ///
    /// Worst cases: a word takes at least one byte plus a separator; a scalar folds to at most 3 bytes per
    /// input byte (checked by `CharacterFoldingTable`, and guarded for scalars outside it).
    private mutating func appendUTF8(_ source: UnsafeBufferPointer<UInt8>, field: UInt8) {
        guard source.count > 0 else { return }
        // 16 spare bytes: a word's key is read back as two 8-byte loads from where the word starts.
        let neededBytes = byteCount + source.count * 3 + WordKey.packedLength
        if bytes.count < neededBytes { bytes.append(contentsOf: repeatElement(0, count: neededBytes - bytes.count)) }
        let neededWords = count + source.count / 2 + 1
        if words.count < neededWords { words.append(contentsOf: repeatElement(Word(), count: neededWords - words.count)) }
        var byteCount = byteCount
        var wordCount = count
        bytes.withUnsafeMutableBufferPointer { output in
            words.withUnsafeMutableBufferPointer { wordsOutput in
                Self.normalize(source, field: field, bytes: output, byteCount: &byteCount, words: wordsOutput, wordCount: &wordCount)
            }
        }
        self.byteCount = byteCount
        count = wordCount
    }

    /// The normalisation loop over valid UTF-8: ASCII without branches on letters versus separators (their
    /// alternation is unpredictable), other scalars through the folding table; then each word's key is packed.
    private static func normalize(
        _ source: UnsafeBufferPointer<UInt8>, field: UInt8,
        bytes: UnsafeMutableBufferPointer<UInt8>, byteCount: inout Int,
        words: UnsafeMutableBufferPointer<Word>, wordCount wordCountResult: inout Int
    ) {
        let table = CharacterFoldingTable.shared
        let count = source.count
        // A local counter (not the inout) so it stays in a register through the loop.
        var wordCount = wordCountResult
        let firstWord = wordCount
        let firstByte = byteCount
        var out = byteCount
        var index = 0
        var wordStart = 0
        var inWord = false
        // Writes stop 16 bytes before the end so the key loads below stay inside the buffer.
        let writeLimit = bytes.count - WordKey.packedLength

        while index < count {
            let byte = source[index]
            if byte < 0x80 {
                // Every byte is stored and every word record rewritten; only the counters decide what stays.
                // `| 0x20` lower-cases A–Z and leaves digits as they are.
                let lower = byte | 0x20
                let isLetter = (lower &- 97 < 26) || (byte &- 48 < 10)
                let folded = isLetter ? lower : 0
                bytes[out] = folded
                out &+= isLetter ? 1 : 0
                // Only the fields that change; keys and field bits are filled in after the loop.
                words[wordCount].byteEnd = Int32(truncatingIfNeeded: out)
                words[wordCount].sourceStart = Int32(truncatingIfNeeded: wordStart)
                words[wordCount].sourceEnd = Int32(truncatingIfNeeded: index)
                wordCount &+= inWord && !isLetter ? 1 : 0
                wordStart = isLetter && !inWord ? index : wordStart
                inWord = isLetter
                index &+= 1
                continue
            }
            let (scalar, length) = decodeScalar(source, at: index)
            let fold: ScalarFold
            if scalar < CharacterFoldingTable.limit {
                switch table.kinds[Int(scalar)] {
                case 2:
                    if !inWord { wordStart = index; inWord = true }
                    for letter in Int(table.starts[Int(scalar)]) ..< Int(table.starts[Int(scalar) + 1]) {
                        bytes[out] = table.bytes[letter]
                        out += 1
                    }
                    index += length
                    continue
                case 1: fold = .ignored
                default: fold = .separator
                }
            } else {
                // Safe: decodeScalar only yields values of valid UTF-8, which are Unicode scalars.
                fold = ScalarFold.compute(Unicode.Scalar(scalar)!)
            }
            switch fold {
            case .letters(let letters):
                if !inWord { wordStart = index; inWord = true }
                // Guard for exotic case mappings; never hit by the scripts we know (3 bytes out per byte in).
                for letter in letters where out < writeLimit {
                    bytes[out] = letter
                    out += 1
                }
            case .ignored:
                break
            case .separator:
                if inWord {
                    words[wordCount] = Word(byteEnd: Int32(out), sourceStart: Int32(wordStart), sourceEnd: Int32(index), field: field)
                    wordCount += 1
                    inWord = false
                }
            }
            index += length
        }
        if inWord {
            words[wordCount] = Word(byteEnd: Int32(out), sourceStart: Int32(wordStart), sourceEnd: Int32(count), field: field)
            wordCount += 1
        }
        byteCount = out
        // Keys: the first 16 bytes of each word, read back in two loads (the buffer has 16 spare bytes) and masked.
        let raw = UnsafeRawBufferPointer(bytes)
        var start = firstByte
        for word in firstWord ..< wordCount {
            let end = Int(words[word].byteEnd)
            let key = WordKey(
                first: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt64.self)),
                second: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self)),
                length: WordKey.packedLength
            ).prefix(end - start)
            words[word].first = key.first
            words[word].second = key.second
            words[word].field = field
            start = end
        }
        wordCountResult = wordCount
    }

    /// Decodes the multi-byte scalar starting at `index` (the string is valid UTF-8, guaranteed by `String`).
    private static func decodeScalar(_ source: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(source[index])
        if lead < 0xE0 {
            return (((lead & 0x1F) << 6) | (UInt32(source[index + 1]) & 0x3F), 2)
        }
        if lead < 0xF0 {
            return (((lead & 0x0F) << 12) | ((UInt32(source[index + 1]) & 0x3F) << 6)
                | (UInt32(source[index + 2]) & 0x3F), 3)
        }
        return (((lead & 0x07) << 18) | ((UInt32(source[index + 1]) & 0x3F) << 12)
            | ((UInt32(source[index + 2]) & 0x3F) << 6) | (UInt32(source[index + 3]) & 0x3F), 4)
    }
}
