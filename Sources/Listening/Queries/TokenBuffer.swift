/// Normalised words of the fields of one post in flat arrays, reused from post to post to avoid allocations.
struct TokenBuffer {
    /// Where one word is.
    struct Word {
        /// End of the word in `bytes`; it starts where the previous word ends.
        var byteEnd: Int32 = 0
        /// UTF-8 offsets of the word in its original field text.
        var sourceStart: Int32 = 0
        var sourceEnd: Int32 = 0
        /// Field bit (`TextField.bit`).
        var field: UInt8 = 0
    }

    /// Normalised bytes of all words, concatenated.
    var bytes: [UInt8] = []
    /// The words, in order.
    var words: [Word] = []

    /// Number of words.
    var count: Int { words.count }

    /// Bytes of word `index` in `bytes`.
    func byteRange(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(words[index - 1].byteEnd)) ..< Int(words[index].byteEnd)
    }

    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
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

    /// Grows the arrays to their worst case, then runs the normalisation loop on raw pointers and trims them.
    ///
    /// Worst cases: a word takes at least one byte plus a separator; a scalar folds to at most 3 bytes per
    /// input byte (checked by `CharacterFoldingTable`, and guarded for scalars outside it).
    private mutating func appendUTF8(_ source: UnsafeBufferPointer<UInt8>, field: UInt8) {
        guard source.count > 0 else { return }
        var byteCount = bytes.count
        var wordCount = words.count
        bytes.append(contentsOf: repeatElement(0, count: source.count * 3))
        words.append(contentsOf: repeatElement(Word(), count: source.count / 2 + 1))
        bytes.withUnsafeMutableBufferPointer { output in
            words.withUnsafeMutableBufferPointer { wordsOutput in
                Self.normalize(source, field: field, bytes: output, byteCount: &byteCount, words: wordsOutput, wordCount: &wordCount)
            }
        }
        bytes.removeLast(bytes.count - byteCount)
        words.removeLast(words.count - wordCount)
    }

    /// The normalisation loop over valid UTF-8 (ASCII inline, other scalars through the folding table).
    private static func normalize(
        _ source: UnsafeBufferPointer<UInt8>, field: UInt8,
        bytes: UnsafeMutableBufferPointer<UInt8>, byteCount: inout Int,
        words: UnsafeMutableBufferPointer<Word>, wordCount: inout Int
    ) {
        let table = CharacterFoldingTable.shared
        let count = source.count
        var out = byteCount
        var index = 0
        var wordStart = -1

        @inline(__always)
        func endWord(_ end: Int) {
            words[wordCount] = Word(byteEnd: Int32(out), sourceStart: Int32(wordStart), sourceEnd: Int32(end), field: field)
            wordCount += 1
            wordStart = -1
        }

        while index < count {
            let byte = source[index]
            if byte < 0x80 {
                var folded = byte
                if byte &- 65 < 26 { folded = byte | 0x20 }
                if folded &- 97 < 26 || byte &- 48 < 10 {
                    if wordStart < 0 { wordStart = index }
                    bytes[out] = folded
                    out += 1
                } else if wordStart >= 0 {
                    endWord(index)
                }
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(source, at: index)
            let fold: ScalarFold
            if scalar < CharacterFoldingTable.limit {
                switch table.kinds[Int(scalar)] {
                case 2:
                    if wordStart < 0 { wordStart = index }
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
                if wordStart < 0 { wordStart = index }
                // Guard for exotic case mappings; never hit by the scripts we know (3 bytes out per byte in).
                for letter in letters where out < bytes.count {
                    bytes[out] = letter
                    out += 1
                }
            case .ignored:
                break
            case .separator:
                if wordStart >= 0 { endWord(index) }
            }
            index += length
        }
        if wordStart >= 0 { endWord(count) }
        byteCount = out
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
