/// What one lexicon entry does: its own valence and how it modifies its neighbours.
struct SentimentWordRole: Sendable, Equatable {
    /// Grammatical roles a word can play besides carrying a valence.
    struct Flags: OptionSet, Sendable, Equatable {
        let rawValue: UInt8
        /// Negates a following sentiment word in its scope ("pas", "not").
        static let negator = Flags(rawValue: 1 << 0)
        /// Negates only after a `ne` particle ("plus", "point").
        static let negatorAfterNe = Flags(rawValue: 1 << 1)
        /// French negation particle ("ne", "n'").
        static let negationParticle = Flags(rawValue: 1 << 2)
        /// Negates the word just before it ("j'aime pas").
        static let postposedNegator = Flags(rawValue: 1 << 3)
        /// Contrast conjunction ("mais", "but").
        static let contrast = Flags(rawValue: 1 << 4)
        /// Last word of a fixed phrase, so phrase look-ups run only where one can end.
        static let endsPhrase = Flags(rawValue: 1 << 5)
        /// Second word of a two-word modifier ("peu" in "un peu").
        static let endsBoosterPair = Flags(rawValue: 1 << 6)
    }

    /// Own valence on VADER's -4...4 scale; 0 when the word carries none.
    var valence: Double = 0
    /// Booster (> 0) or dampener (< 0) increment applied to a following sentiment word.
    var booster: Double = 0
    /// Grammatical roles.
    var flags: Flags = []

    /// A word with no valence and no role.
    static let none = SentimentWordRole()

    /// True when the word modifies its neighbours (so a valence of its own may be set aside).
    var isModifier: Bool { booster != 0 || flags.contains(.negator) }
}
