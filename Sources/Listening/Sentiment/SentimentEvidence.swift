/// What the rules found in a post: the valence of each token after negation, boosters and contrast, and emphasis.
struct SentimentEvidence: Sendable, Equatable {
    /// Valence of each token after the rules (0 for tokens without sentiment).
    var valences: [Double] = []
    /// Extra magnitude from "!" and "?" (always ≥ 0), added in the direction of the sum.
    var punctuationEmphasis = 0.0
    /// Number of words, hashtags, emoji and emoticons in the post.
    var lexicalTokenCount = 0

    /// Sum of the token valences.
    var sum: Double { valences.reduce(0, +) }
    /// Sum of the positive valences.
    var positiveSum: Double { valences.reduce(0) { $1 > 0 ? $0 + $1 : $0 } }
    /// Sum of the magnitudes of the negative valences.
    var negativeSum: Double { valences.reduce(0) { $1 < 0 ? $0 - $1 : $0 } }

    /// VADER's compound: the emphasised sum mapped to -1...1 by x / sqrt(x² + alpha).
    var compound: Double {
        var total = sum
        guard total != 0 else { return 0 }
        total += total > 0 ? punctuationEmphasis : -punctuationEmphasis
        let normalised = total / (total * total + SentimentConstants.normalisationAlpha).squareRoot()
        return min(1, max(-1, normalised))
    }
}
