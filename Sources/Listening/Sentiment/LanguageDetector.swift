/// Tells French from English by counting frequent function words and French accents.
enum LanguageDetector {
    /// Frequent French function words (folded: no accents), none of them an English word.
    private static let frenchWords: Set<String> = [
        "le", "la", "les", "des", "du", "de", "et", "est", "un", "une", "je", "tu", "il", "elle", "nous", "vous",
        "ils", "elles", "pas", "que", "qui", "pour", "dans", "sur", "avec", "ce", "cette", "ces", "mais", "ou",
        "tres", "trop", "au", "aux", "ne", "ca", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses",
        "plus", "tout", "tous", "bien", "c", "j", "l", "d", "qu", "n", "m", "s", "t", "suis", "es", "sont",
        "ai", "avez", "avons", "ont", "etait", "fait", "faire", "comme", "quand", "aussi", "leur", "leurs",
        "notre", "votre", "vos", "nos", "y", "moi", "toi", "lui", "eux", "rien", "jamais", "encore", "deja",
        "chez", "sans", "sous", "vraiment", "mdr", "jsuis", "chui", "bcp", "pk", "pq", "tjrs", "cest", "jai",
        "oui", "non", "merci", "bonjour", "parce", "donc", "alors", "apres", "avant", "depuis", "ici",
    ]
    /// Frequent English function words, none of them a French word.
    private static let englishWords: Set<String> = [
        "the", "a", "an", "and", "is", "are", "was", "were", "of", "to", "in", "on", "for", "with", "it",
        "this", "that", "i", "you", "he", "she", "we", "they", "not", "but", "my", "your", "his", "her",
        "our", "their", "be", "been", "have", "has", "had", "do", "does", "did", "just", "so", "at", "by",
        "from", "what", "all", "me", "him", "them", "will", "would", "can", "could", "should", "there",
        "here", "about", "if", "or", "when", "who", "how", "why", "no", "yes", "don't", "i'm", "it's",
        "can't", "didn't", "isn't", "very", "really", "love", "like", "get", "got", "out", "up", "one",
        "thanks", "please", "lol", "omg", "today", "tomorrow", "going", "im", "dont", "u", "ur",
    ]

    private static let tokenizer = SentimentTokenizer(emoticons: [], splitsElisions: false)

    /// The language of `text`, or nil when neither list nor accents give a lead.
    static func detect(_ text: String) -> SentimentLanguage? {
        var french = 0.0
        var english = 0.0
        for token in tokenizer.tokens(in: text) where token.kind == .word {
            var key = token.key
            if let apostrophe = key.firstIndex(of: "'"), key.hasPrefix("j'") || key.hasPrefix("l'")
                || key.hasPrefix("d'") || key.hasPrefix("c'") || key.hasPrefix("n'") || key.hasPrefix("qu'")
                || key.hasPrefix("s'") || key.hasPrefix("m'")
            {
                french += 1
                key = String(key[key.index(after: apostrophe)...])
            }
            if frenchWords.contains(key) { french += 1 }
            if englishWords.contains(key) { english += 1 }
        }
        // Accented letters typical of French tip the balance (half a word each, at most two words' worth).
        let accents = text.unicodeScalars.reduce(0) { "éèêàùçâîôûëïœ".unicodeScalars.contains($1) ? $0 + 1 : $0 }
        french += min(2.0, Double(accents) * 0.5)
        if french == english { return nil }
        return french > english ? .french : .english
    }
}
