/// One normalised word of a text, with its place in the original string.
public struct NormalizedToken: Hashable, Sendable {
    /// The word: lower-cased, without diacritics (`Éléphant` → `elephant`).
    public var word: String
    /// UTF-8 offsets of the word in the original text.
    public var utf8Range: Range<Int>
}

/// The single text normaliser for queries and posts: lower-case, strip diacritics, split on anything not a letter or digit.
///
/// Apostrophes, hyphens, `#` and `@` separate words: `l'entreprise` → `l`, `entreprise`; `#fail` → `fail`.
public enum TextNormalizer {
    /// Normalised words of `text`, in order.
    public static func words(in text: String) -> [String] {
        tokens(in: text).map(\.word)
    }

    /// Normalised words of `text` with their UTF-8 ranges in `text`.
    public static func tokens(in text: String) -> [NormalizedToken] {
        var buffer = TokenBuffer()
        buffer.append(text, field: 0)
        return (0 ..< buffer.count).map { index in
            let bytes = buffer.bytes[buffer.byteRange(of: index)]
            return NormalizedToken(
                word: String(decoding: bytes, as: UTF8.self),
                utf8Range: Int(buffer.words[index].sourceStart) ..< Int(buffer.words[index].sourceEnd)
            )
        }
    }
}
