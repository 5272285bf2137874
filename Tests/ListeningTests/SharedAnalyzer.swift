@testable import Listening

/// One analyser for the whole test run: loading the lexicons takes a few hundred milliseconds.
enum SharedAnalyzer {
    private static let loaded = Result { try SentimentAnalyzer() }

    /// The shared analyser, or the loading error.
    static func get() throws -> SentimentAnalyzer { try loaded.get() }

    /// Compound score of `text` in `language`.
    static func score(_ text: String, _ language: SentimentLanguage) throws -> Double {
        try get().score(text: text, language: language).score
    }

    /// Label of `text` in `language`.
    static func label(_ text: String, _ language: SentimentLanguage) throws -> SentimentLabel {
        try get().score(text: text, language: language).label
    }
}
