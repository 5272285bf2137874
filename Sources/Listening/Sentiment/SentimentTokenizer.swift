/// Splits a post into sentiment tokens: words (folded, de-elongated), hashtags, emoji, emoticons and scope-ending punctuation.
///
/// URLs and @mentions are dropped. In French, elisions are split ("n'est" → "n", "est");
/// in English, contractions stay whole ("isn't").
struct SentimentTokenizer: Sendable {
    /// Known emoticons, matched on whole whitespace-separated chunks (raw and lower-cased).
    let emoticons: Set<String>
    /// Split words at apostrophes (French elision) instead of keeping contractions (English).
    let splitsElisions: Bool

    private static let apostrophes: Set<UInt32> = [0x27, 0x2019, 0x2018, 0x02BC, 0x60, 0xB4]
    private static let emoticonScalars: Set<UInt32> = Set(":;=<>()^_\\/|[]{}*".unicodeScalars.map(\.value))
    private static let trailingPunctuation: Set<UInt32> = Set(".,!?;…".unicodeScalars.map(\.value))

    /// The tokens of `text`, in order.
    func tokens(in text: String) -> [SentimentToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [SentimentToken] = []
        tokens.reserveCapacity(scalars.count / 4 + 4)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64)
        var index = 0
        while index < scalars.count {
            if TextFolding.isWhitespace(scalars[index]) {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count && !TextFolding.isWhitespace(scalars[end]) { end += 1 }
            appendChunk(scalars[index..<end], buffer: &buffer, to: &tokens)
            index = end
        }
        return tokens
    }

    /// Tokenises one whitespace-free chunk.
    private func appendChunk(
        _ chunk: ArraySlice<Unicode.Scalar>, buffer: inout [UInt8], to tokens: inout [SentimentToken]
    ) {
        if Self.isURLOrMention(chunk) { return }
        if let emoticon = emoticon(in: chunk) {
            tokens.append(SentimentToken(kind: .emoticon, key: emoticon.key))
            appendPunctuation(emoticon.trailing, to: &tokens)
            return
        }
        var index = chunk.startIndex
        while index < chunk.endIndex {
            let scalar = chunk[index]
            let startsHashtag = scalar == "#" && index + 1 < chunk.endIndex
                && TextFolding.isWordScalar(chunk[index + 1])
            if TextFolding.isWordScalar(scalar) || startsHashtag {
                index = appendWord(chunk, from: index, isHashtag: startsHashtag, buffer: &buffer, to: &tokens)
            } else if TextFolding.isEmoji(scalar) {
                if !TextFolding.isEmojiDecoration(scalar) {
                    tokens.append(SentimentToken(kind: .emoji, key: String(scalar)))
                }
                index += 1
            } else {
                appendPunctuation(chunk[index...index], to: &tokens)
                index += 1
            }
        }
    }

    /// Reads one word starting at `start`, appends it, and returns the index after it.
    private func appendWord(
        _ chunk: ArraySlice<Unicode.Scalar>, from start: Int, isHashtag: Bool, buffer key: inout [UInt8],
        to tokens: inout [SentimentToken]
    ) -> Int {
        var index = isHashtag ? start + 1 : start
        key.removeAll(keepingCapacity: true)
        var letters = 0
        var uppercase = 0
        var isElongated = false
        var run = 0
        while index < chunk.endIndex {
            let scalar = chunk[index]
            if TextFolding.isWordScalar(scalar) {
                if TextFolding.isUppercase(scalar) { uppercase += 1 }
                if scalar.value >= 0x80 || scalar.value >= 0x41 { letters += 1 }
                let before = key.count
                TextFolding.appendFolded(scalar, to: &key)
                // Cut runs of the same folded letter to two ("trooop" → "troop"): emphasis, not spelling.
                if key.count == before + 1, key[before] >= 0x61, key[before] <= 0x7A {
                    if before > 0 && key[before - 1] == key[before] {
                        run += 1
                        if run >= 3 {
                            key.removeLast()
                            isElongated = true
                        }
                    } else {
                        run = 1
                    }
                } else {
                    run = 0
                }
                index += 1
            } else if Self.apostrophes.contains(scalar.value), index + 1 < chunk.endIndex,
                TextFolding.isWordScalar(chunk[index + 1])
            {
                if splitsElisions {
                    index += 1
                    break
                }
                key.append(UInt8(ascii: "'"))
                run = 0
                index += 1
            } else {
                break
            }
        }
        var token = SentimentToken(kind: isHashtag ? .hashtag : .word, key: String(decoding: key, as: UTF8.self))
        token.isAllCaps = letters >= 2 && uppercase == letters
        token.isElongated = isElongated
        if isElongated { token.squeezedKey = Self.squeezed(key) }
        Self.normaliseLaughter(&token)
        tokens.append(token)
        return index
    }

    /// Appends `!`, `?` and scope breaks found in `scalars`; other symbols are ignored.
    private func appendPunctuation(_ scalars: ArraySlice<Unicode.Scalar>, to tokens: inout [SentimentToken]) {
        for scalar in scalars {
            switch scalar {
            case "!": tokens.append(SentimentToken(kind: .exclamation, key: "!"))
            case "?": tokens.append(SentimentToken(kind: .question, key: "?"))
            case ".", "…":
                if tokens.last?.kind != .sentenceBreak { tokens.append(SentimentToken(kind: .sentenceBreak, key: ".")) }
            case ",", ";", ":", "(", ")", "–", "—":
                if tokens.last?.endsScope != true { tokens.append(SentimentToken(kind: .clauseBreak, key: ",")) }
            default: break
            }
        }
    }

    /// The emoticon a chunk is (possibly followed by `.`, `,`, `!`...), with that trailing punctuation.
    private func emoticon(in chunk: ArraySlice<Unicode.Scalar>) -> (key: String, trailing: ArraySlice<Unicode.Scalar>)? {
        guard Self.mayBeEmoticon(chunk) else { return nil }
        var end = chunk.endIndex
        while true {
            let candidate = String(String.UnicodeScalarView(chunk[chunk.startIndex..<end]))
            if emoticons.contains(candidate) { return (candidate, chunk[end...]) }
            if candidate.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
                let lowered = candidate.lowercased()
                if emoticons.contains(lowered) { return (lowered, chunk[end...]) }
            }
            guard end - chunk.startIndex > 2, Self.trailingPunctuation.contains(chunk[end - 1].value) else { return nil }
            end -= 1
        }
    }

    /// True when a chunk is short and mostly symbols, as emoticons are (a quick test run on every chunk).
    static func mayBeEmoticon<Scalars: Collection<Unicode.Scalar>>(_ chunk: Scalars) -> Bool {
        chunk.count <= 12 && chunk.contains(where: { emoticonScalars.contains($0.value) })
            && chunk.reduce(0, { $1.properties.isAlphabetic ? $0 + 1 : $0 }) <= 3
    }

    /// URLs ("http…", "www.…", "…://…") and @mentions carry no sentiment about the brand.
    private static func isURLOrMention(_ chunk: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = chunk.first else { return true }
        if first == "@" { return chunk.count > 1 }
        if "hHwWpP".unicodeScalars.contains(first) {
            let head = String(String.UnicodeScalarView(chunk.prefix(8))).lowercased()
            if head.hasPrefix("http") || head.hasPrefix("www.") || head.hasPrefix("pic.twit") { return true }
        }
        var previous: Unicode.Scalar = " "
        var beforePrevious: Unicode.Scalar = " "
        for scalar in chunk {
            if beforePrevious == ":" && previous == "/" && scalar == "/" { return true }
            beforePrevious = previous
            previous = scalar
        }
        return false
    }

    /// `key` with every run of a repeated letter cut to one.
    private static func squeezed(_ key: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(key.count)
        for byte in key where byte != output.last { output.append(byte) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Maps "hahaha", "ahahah", "hihihi" to one key each so the lexicon needs one entry.
    private static func normaliseLaughter(_ token: inout SentimentToken) {
        let key = token.key.utf8
        guard key.count >= 4, key.contains(UInt8(ascii: "h")) else { return }
        if key.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "a") }) {
            token.key = "haha"
        } else if key.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "i") }) {
            token.key = "hihi"
        } else {
            return
        }
        token.squeezedKey = nil
    }
}
