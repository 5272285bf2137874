/// Per-language thresholds that turn the compound score into a label.
///
/// Tuned on the development training sets (see docs/SENTIMENT.md): only these numbers come from data.
struct SentimentCalibration: Sendable, Equatable {
    /// At or below this compound score, a post is negative.
    let negativeThreshold: Double
    /// At or above this compound score, a post is positive.
    let positiveThreshold: Double

    /// The label of a compound score.
    func label(for compound: Double) -> SentimentLabel {
        if compound >= positiveThreshold { return .positive }
        if compound <= negativeThreshold { return .negative }
        return .neutral
    }

    /// The calibration of `language`.
    static func of(_ language: SentimentLanguage) -> SentimentCalibration {
        switch language {
        case .french: SentimentCalibration(negativeThreshold: -0.05, positiveThreshold: 0.05)
        case .english: SentimentCalibration(negativeThreshold: -0.05, positiveThreshold: 0.4)
        }
    }
}
