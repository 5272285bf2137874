/// The valences and grammatical roles of one language, merged from the bundled lexicon files and its grammar.
struct SentimentLexicon: Sendable {
    /// Language the lexicon is for.
    let language: SentimentLanguage
    /// Folded word → role (valence, booster, negation, contrast).
    var words: [String: SentimentWordRole] = [:]
    /// Folded multi-word phrase ("pas mal") → valence, words joined by one space.
    var phrases: [String: Double] = [:]
    /// Last word of each phrase → the phrase lengths (in words) ending with it, to avoid useless look-ups.
    var phraseLengthsByLastWord: [String: [Int]] = [:]
    /// Two-word modifiers ("un peu") keyed "first second" → booster increment.
    var boosterPairs: [String: Double] = [:]
    /// Emoji (base scalar, no skin tone or variation selector) → valence.
    var emoji: [String: Double] = [:]
    /// Emoticon as written (and lower-cased) → valence.
    var emoticons: [String: Double] = [:]
    /// Suffix that makes a word a negator ("n't"); empty when unused.
    var negatorSuffix = ""
    /// Word sequences that strengthen a negation right after the negator.
    var strongNegationTails: [[String]] = []

    /// The tokenizer matching this lexicon's keys.
    var tokenizer: SentimentTokenizer {
        SentimentTokenizer(
            emoticons: Set(emoticons.keys), splitsElisions: SentimentGrammar.of(language).splitsElisions)
    }

    /// The role of a token: lexicon entry, then its de-elongated form, then the negator suffix rule.
    func role(of token: SentimentToken) -> SentimentWordRole {
        switch token.kind {
        case .emoji:
            return SentimentWordRole(valence: emoji[token.key] ?? 0)
        case .emoticon:
            return SentimentWordRole(valence: emoticons[token.key] ?? 0)
        case .word, .hashtag:
            if let role = words[token.key] { return role }
            if let squeezed = token.squeezedKey, let role = words[squeezed] { return role }
            if !negatorSuffix.isEmpty && token.key.hasSuffix(negatorSuffix) {
                return SentimentWordRole(flags: .negator)
            }
            return .none
        default:
            return .none
        }
    }
}

extension SentimentGrammar {
    /// The grammar of `language`.
    static func of(_ language: SentimentLanguage) -> SentimentGrammar {
        switch language {
        case .french: .french
        case .english: .english
        }
    }
}
