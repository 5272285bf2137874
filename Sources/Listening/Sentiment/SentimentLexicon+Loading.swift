import Foundation

/// Errors raised while loading the bundled sentiment lexicons.
public enum SentimentLexiconError: Error, Equatable {
    /// A lexicon file is missing from the resources.
    case missingResource(String)
}

extension SentimentLexicon {
    /// Scale applied to Pattern polarities (-1...1) to bring them to VADER's -4...4 scale.
    static let patternScale = 3.0
    /// Pattern entries with a weaker polarity are left out: they fire on neutral text more than they help.
    static let patternMinimumPolarity = 0.3

    /// Loads and merges the lexicon files of `language` from `directory`.
    ///
    /// English: VADER lexicon, then `relais_en.tsv`. French: strong Pattern adjectives, then the French VADER
    /// lexicon, then `relais_fr.tsv`. Both: emoticons from both VADER lexicons, emoji valences from VADER's
    /// emoji descriptions scored with the English lexicon, then `relais_emoji.tsv`. Later files override earlier ones.
    static func load(_ language: SentimentLanguage, from directory: URL) throws -> SentimentLexicon {
        let grammar = SentimentGrammar.of(language)
        let keyTokenizer = SentimentTokenizer(emoticons: [], splitsElisions: grammar.splitsElisions)
        var builder = LexiconBuilder(tokenizer: keyTokenizer)
        let english = try LexiconFile.read("vader_en_lexicon.txt", in: directory, separator: "\t")

        switch language {
        case .english:
            for (entry, valence) in english { builder.add(entry, valence: valence) }
            for (entry, valence) in try LexiconFile.read("relais_en.tsv", in: directory, separator: "\t") {
                builder.add(entry, valence: valence, handWritten: true)
            }
        case .french:
            let pattern = try LexiconFile.read("pattern_fr_sentiment.tsv", in: directory, separator: "\t")
            let vaderFrench = try LexiconFile.read("vader_fr_lexicon.txt", in: directory, separator: "->")
            // Pattern covers adjectives the French VADER lexicon lacks; only its clear-cut ones are kept,
            // and French VADER wins where both have the word.
            for (entry, polarity) in pattern where abs(polarity) >= patternMinimumPolarity {
                builder.add(entry, valence: polarity * patternScale)
            }
            for (entry, valence) in vaderFrench { builder.add(entry, valence: valence) }
            for (entry, valence) in english where builder.isEmoticon(entry) { builder.add(entry, valence: valence) }
            for (entry, valence) in try LexiconFile.read("relais_fr.tsv", in: directory, separator: "\t") {
                builder.add(entry, valence: valence, handWritten: true)
            }
        }

        var lexicon = SentimentLexicon(language: language)
        lexicon.emoji = try emojiValences(in: directory, english: english, tokenizer: keyTokenizer)
        for (entry, valence) in try LexiconFile.read("relais_emoji.tsv", in: directory, separator: "\t") {
            if let key = emojiKey(entry) {
                lexicon.emoji[key] = valence
            } else {
                builder.add(entry, valence: valence, handWritten: true)
            }
        }
        for (key, valence) in builder.words { lexicon.words[key, default: .none].valence = valence }
        lexicon.emoticons = builder.emoticons
        lexicon.phrases = builder.phrases
        lexicon.apply(grammar, keyTokenizer: keyTokenizer)
        // Grammar words keep a valence of their own only when written by hand ("super", "grave", "no"):
        // imported values for function words ("tout", "n'") are noise.
        for (key, role) in lexicon.words where role.isModifier || !role.flags.isEmpty {
            if !builder.handWritten.contains(key) { lexicon.words[key]?.valence = 0 }
        }
        for word in grammar.neutralWords {
            let key = TextFolding.fold(word)
            if !builder.handWritten.contains(key) { lexicon.words[key]?.valence = 0 }
        }
        // Single letters are elision or initials ("l'", "d'", "J."), never sentiment.
        for key in lexicon.words.keys where key.unicodeScalars.count == 1 && !builder.handWritten.contains(key) {
            lexicon.words[key]?.valence = 0
        }
        for key in lexicon.phrases.keys {
            let words = key.split(separator: " ")
            lexicon.phraseLengthsByLastWord[String(words.last!), default: []].append(words.count)  // keys are never empty
        }
        for (key, lengths) in lexicon.phraseLengthsByLastWord {
            lexicon.phraseLengthsByLastWord[key] = Array(Set(lengths)).sorted(by: >)
            lexicon.words[key, default: .none].flags.insert(.endsPhrase)
        }
        for pair in lexicon.boosterPairs.keys {
            let last = String(pair.split(separator: " ").last!)  // pair keys always hold two words
            lexicon.words[last, default: .none].flags.insert(.endsBoosterPair)
        }
        return lexicon
    }

    /// Adds the grammar's roles and phrases to the word table.
    private mutating func apply(_ grammar: SentimentGrammar, keyTokenizer: SentimentTokenizer) {
        func key(_ text: String) -> String {
            keyTokenizer.tokens(in: text).map(\.key).joined(separator: " ")
        }
        for (word, increment) in grammar.boosters { words[key(word), default: .none].booster = increment }
        let flagged: [(Set<String>, SentimentWordRole.Flags)] = [
            (grammar.negators, .negator), (grammar.negatorsAfterNe, .negatorAfterNe),
            (grammar.negationParticles, .negationParticle), (grammar.postposedNegators, .postposedNegator),
            (grammar.contrastWords, .contrast),
        ]
        for (set, flag) in flagged {
            for word in set { words[key(word), default: .none].flags.insert(flag) }
        }
        for (pair, increment) in grammar.boosterPairs { boosterPairs[key(pair)] = increment }
        for (phrase, valence) in grammar.phrases {
            let phraseKey = key(phrase)
            if phraseKey.contains(" ") { phrases[phraseKey] = valence } else { words[phraseKey, default: .none].valence = valence }
        }
        negatorSuffix = grammar.negatorSuffix
        strongNegationTails = grammar.strongNegationTails.map { $0.map(key) }
    }

    /// Emoji valences: VADER's emoji descriptions scored word by word with the English lexicon.
    private static func emojiValences(
        in directory: URL, english: [(String, Double)], tokenizer: SentimentTokenizer
    ) throws -> [String: Double] {
        var englishWords: [String: Double] = [:]
        for (entry, valence) in english { englishWords[TextFolding.fold(entry)] = valence }
        var valences: [String: Double] = [:]
        for line in try LexiconFile.lines("vader_emoji_descriptions.txt", in: directory) {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, let key = emojiKey(String(fields[0])) else { continue }
            let sum = tokenizer.tokens(in: String(fields[1])).reduce(0.0) { $0 + (englishWords[$1.key] ?? 0) }
            if sum != 0 { valences[key] = min(3, max(-3, sum)) }
        }
        return valences
    }

    /// The key of a single emoji (its first pictographic scalar), or nil if `text` is not one emoji.
    static func emojiKey(_ text: String) -> String? {
        let core = text.unicodeScalars.filter { !TextFolding.isEmojiDecoration($0) }
        guard core.count == 1, let scalar = core.first, TextFolding.isEmoji(scalar) else { return nil }
        return String(scalar)
    }
}

/// Accumulates lexicon entries into words, phrases and emoticons, keyed as the tokenizer will see them.
private struct LexiconBuilder {
    let tokenizer: SentimentTokenizer
    var words: [String: Double] = [:]
    var phrases: [String: Double] = [:]
    var emoticons: [String: Double] = [:]
    /// Word keys set by the hand-written Relais files.
    var handWritten: Set<String> = []

    /// True when `entry` is not made of words only (":)", "<3").
    func isEmoticon(_ entry: String) -> Bool {
        !entry.contains(" ") && SentimentTokenizer.mayBeEmoticon(entry.unicodeScalars)
    }

    /// Adds one entry, replacing any earlier value of the same key.
    mutating func add(_ entry: String, valence: Double, handWritten isHandWritten: Bool = false) {
        let tokens = tokenizer.tokens(in: entry)
        if isEmoticon(entry) || tokens.isEmpty || tokens.contains(where: { $0.kind != .word }) {
            emoticons[entry] = valence
            emoticons[entry.lowercased()] = emoticons[entry.lowercased()] ?? valence
        } else if tokens.count == 1 {
            let key = tokens[0].key
            // Number slang ("143", "1337") misfires on prices and dates.
            guard !key.unicodeScalars.contains(where: { $0.properties.numericType != nil }) else { return }
            words[key] = valence
            if isHandWritten { handWritten.insert(key) }
        } else {
            phrases[tokens.map(\.key).joined(separator: " ")] = valence
        }
    }
}

/// Reading of the bundled text lexicons.
enum LexiconFile {
    /// The non-empty, non-comment lines of a resource file.
    static func lines(_ name: String, in directory: URL) throws -> [Substring] {
        let url = directory.appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SentimentLexiconError.missingResource(name)
        }
        return text.split(whereSeparator: \.isNewline).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// (entry, valence) pairs of a two-column file; extra columns are ignored.
    static func read(_ name: String, in directory: URL, separator: String) throws -> [(String, Double)] {
        try lines(name, in: directory).compactMap { line in
            let fields = line.components(separatedBy: separator)
            guard fields.count >= 2, let valence = Double(fields[1].trimmingCharacters(in: .whitespaces)) else {
                return nil
            }
            return (fields[0].trimmingCharacters(in: .whitespaces), valence)
        }
    }
}
