import Foundation

/// Scores the sentiment of French and English posts with lexicons and rules; load once, share freely.
public struct SentimentAnalyzer: Sendable {
    let french: SentimentLanguageModel
    let english: SentimentLanguageModel

    /// Loads the lexicons bundled with the module.
    public init() throws {
        try self.init(lexiconDirectory: Self.bundledLexiconDirectory())
    }

    /// Loads the lexicons from `lexiconDirectory` (a copy of `Resources/sentiment`).
    public init(lexiconDirectory: URL) throws {
        french = SentimentLanguageModel(lexicon: try SentimentLexicon.load(.french, from: lexiconDirectory))
        english = SentimentLanguageModel(lexicon: try SentimentLexicon.load(.english, from: lexiconDirectory))
    }

    /// The sentiment of `text` read as `language`.
    public func score(text: String, language: SentimentLanguage) -> SentimentScore {
        let compound = evidence(text: text, language: language).compound
        return SentimentScore(label: SentimentCalibration.of(language).label(for: compound), score: compound)
    }

    /// The sentiment of `text` in its detected language (French when undecided).
    public func score(text: String) -> SentimentScore {
        score(text: text, language: detectLanguage(text: text) ?? .french)
    }

    /// French or English from stop words; nil when the text gives no evidence either way.
    public func detectLanguage(text: String) -> SentimentLanguage? {
        LanguageDetector.detect(text)
    }

    /// The rules' findings for `text`, for evaluation and tests.
    func evidence(text: String, language: SentimentLanguage) -> SentimentEvidence {
        let model = language == .french ? french : english
        return model.rules.evidence(for: model.tokenizer.tokens(in: text))
    }

    /// The folder holding the bundled lexicon files.
    static func bundledLexiconDirectory() throws -> URL {
        guard let url = Bundle.module.url(
            forResource: "vader_en_lexicon", withExtension: "txt", subdirectory: "Resources/sentiment")
        else { throw SentimentLexiconError.missingResource("Resources/sentiment/vader_en_lexicon.txt") }
        return url.deletingLastPathComponent()
    }
}

/// The tokenizer and rules of one language, built once from its lexicon.
struct SentimentLanguageModel: Sendable {
    /// Splits posts into tokens this lexicon understands.
    let tokenizer: SentimentTokenizer
    /// Turns tokens into valences.
    let rules: SentimentRules

    /// Builds the tokenizer and rules for `lexicon`.
    init(lexicon: SentimentLexicon) {
        tokenizer = lexicon.tokenizer
        rules = SentimentRules(lexicon: lexicon)
    }
}

/// One token's part in a score, to show why a mention was labelled as it was.
public struct SentimentContribution: Sendable, Equatable {
    /// The token's normalised key ("decu", "😍", ":)").
    public let token: String
    /// Its valence after the rules, on VADER's -4...4 scale.
    public let valence: Double
}

extension SentimentAnalyzer {
    /// The tokens of `text` that carry sentiment, with their valence after the rules.
    public func contributions(text: String, language: SentimentLanguage) -> [SentimentContribution] {
        let model = language == .french ? french : english
        let tokens = model.tokenizer.tokens(in: text)
        let evidence = model.rules.evidence(for: tokens)
        return zip(tokens, evidence.valences).compactMap { token, valence in
            valence == 0 ? nil : SentimentContribution(token: token.key, valence: valence)
        }
    }

    /// Numeric features of `text` for evaluation tools: positive sum, negative sum, lexical tokens, punctuation emphasis.
    public func features(text: String, language: SentimentLanguage) -> [Double] {
        let evidence = evidence(text: text, language: language)
        return [evidence.positiveSum, evidence.negativeSum, Double(evidence.lexicalTokenCount), evidence.punctuationEmphasis]
    }
}
