/// The closed-class words of a language that change the valence of their neighbours
/// (boosters, dampeners, negators, contrast words) and its fixed sentiment phrases.
///
/// Words are written as they are spelled; they are folded (lower case, no accents) when the lexicon is built.
struct SentimentGrammar: Sendable {
    /// Words that raise (positive value) or lower (negative value) the magnitude of a following sentiment word.
    let boosters: [String: Double]
    /// Two-word modifiers ("un peu", "kind of") keyed "first second", applied to the second word.
    let boosterPairs: [String: Double]
    /// Words that negate a following sentiment word within the same clause ("pas", "not", "n't" forms).
    let negators: Set<String>
    /// Words that negate a following sentiment word only when a `ne` particle came before ("plus" in "ne … plus").
    let negatorsAfterNe: Set<String>
    /// Particles that open a French negation ("ne", "n'"); they negate what follows within the scope.
    let negationParticles: Set<String>
    /// Words that negate the word just before them in informal French ("j'aime pas").
    let postposedNegators: Set<String>
    /// Word sequences that make a negation stronger ("du tout" after "pas", "at all" after "not").
    let strongNegationTails: [[String]]
    /// Contrast conjunctions: what follows counts more, what precedes less ("mais", "but").
    let contrastWords: Set<String>
    /// Fixed phrases with their own valence, overriding their words and negation ("pas mal", "yeah right").
    let phrases: [String: Double]
    /// Function words that never carry a valence of their own, even when an accented lexicon word folds
    /// to them ("sûr" → "sur") or an imported lexicon gives them one.
    let neutralWords: Set<String>
    /// Split words at apostrophes (French elision) instead of keeping contractions (English).
    let splitsElisions: Bool
    /// Tokens ending with this suffix are negators ("isn't", "don't"); empty when unused.
    let negatorSuffix: String
}

/// Constants shared by both languages; they come from VADER (Hutto & Gilbert 2014), where they were measured.
enum SentimentConstants {
    /// Magnitude added by a booster word.
    static let boosterIncrement = 0.293
    /// Magnitude added when a word is in capitals among lower-case words.
    static let capitalsIncrement = 0.733
    /// Magnitude added when a word is elongated ("coooool"); our choice, same size as a booster.
    static let elongationIncrement = 0.293
    /// Factor applied to a negated valence.
    static let negationScalar = -0.74
    /// Factor applied to a valence under a strong negation ("pas du tout", "not at all").
    static let strongNegationScalar = -1.0
    /// Weight of valences before a contrast word, and after it.
    static let beforeContrastWeight = 0.5
    static let afterContrastWeight = 1.5
    /// Booster weight by distance (1, 2, 3 words before the sentiment word).
    static let boosterDecay: [Double] = [1.0, 0.95, 0.9]
    /// Normalisation constant of the compound score: sum / sqrt(sum² + alpha).
    static let normalisationAlpha = 15.0
    /// Added per "!" (at most 4) and per "?" (at most 3, when 2 or more) in the direction of the sum.
    static let exclamationIncrement = 0.292
    static let questionIncrement = 0.18
    static let questionCap = 0.96
}
