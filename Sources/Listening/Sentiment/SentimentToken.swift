/// One unit of a post as the sentiment rules see it: a normalised word, an emoji, an emoticon or a punctuation mark.
struct SentimentToken: Sendable, Equatable {
    /// What the token is; URLs and @mentions never become tokens.
    enum Kind: Sendable, Equatable {
        case word
        case hashtag
        case emoji
        case emoticon
        case exclamation
        case question
        /// `,` `;` `:` `(` `)`: ends a negation or booster scope.
        case clauseBreak
        /// `.` or `…`: also ends the scope of a contrast ("mais", "but").
        case sentenceBreak
    }

    /// What the token is.
    var kind: Kind
    /// Lexicon key: lower case, accents folded, letter runs of 3+ cut to 2 ("trooop" → "troop"); the raw text for emoticons.
    var key: String
    /// The key with every letter run cut to one ("troop" → "trop"), set only when the word was elongated.
    var squeezedKey: String?
    /// Written in capitals (2+ letters, all upper case).
    var isAllCaps: Bool = false
    /// Had a letter repeated 3+ times ("coooool").
    var isElongated: Bool = false

    /// True for tokens that can carry a valence.
    var isLexical: Bool {
        switch kind {
        case .word, .hashtag, .emoji, .emoticon: true
        default: false
        }
    }

    /// True for punctuation that ends a sentence, and so the scope of a contrast word.
    var endsSentence: Bool {
        switch kind {
        case .sentenceBreak, .exclamation, .question: true
        default: false
        }
    }

    /// True for punctuation that ends a negation or booster scope.
    var endsScope: Bool {
        switch kind {
        case .clauseBreak, .sentenceBreak, .exclamation, .question: true
        default: false
        }
    }
}
