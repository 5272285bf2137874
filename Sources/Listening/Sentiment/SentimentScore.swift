/// Language a post is scored in; each has its own lexicon and rules.
public enum SentimentLanguage: String, Sendable, CaseIterable, Codable {
    case french = "fr"
    case english = "en"
}

/// Polarity class of a post.
public enum SentimentLabel: String, Sendable, CaseIterable, Codable {
    case negative
    case neutral
    case positive
}

/// Sentiment of one post: a label and a compound score in -1...1.
public struct SentimentScore: Sendable, Equatable, Codable {
    /// Negative, neutral or positive, from the score and the language's calibrated thresholds.
    public let label: SentimentLabel
    /// Compound polarity in -1...1 (VADER-style normalised sum of valences); 0 when nothing was found.
    public let score: Double

    /// Creates a score; `score` is clamped to -1...1.
    public init(label: SentimentLabel, score: Double) {
        self.label = label
        self.score = min(1, max(-1, score))
    }

    /// The score of a text with no sentiment-bearing token (empty, URL-only, ...).
    public static let neutral = SentimentScore(label: .neutral, score: 0)
}
