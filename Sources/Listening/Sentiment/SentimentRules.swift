/// VADER-style rules that turn tokens into valences: phrases, boosters and dampeners, negation
/// (including French "ne … pas" and postposed "pas"), capitals, elongation, contrast and punctuation.
struct SentimentRules: Sendable {
    /// The lexicon of the language being scored.
    let lexicon: SentimentLexicon

    /// How far back (in tokens) boosters and negators reach.
    private static let scopeLength = 3

    /// Applies every rule to `tokens`.
    func evidence(for tokens: [SentimentToken]) -> SentimentEvidence {
        let count = tokens.count
        var evidence = SentimentEvidence()
        evidence.valences = Array(repeating: 0, count: count)
        guard count > 0 else { return evidence }
        var roles = tokens.map(lexicon.role(of:))
        applyBoosterPairs(tokens, &roles)
        let phraseStarts = applyPhrases(tokens, &roles)
        let emphasisesCapitals = Self.hasCapitalsDifferential(tokens)

        for index in 0..<count where roles[index].valence != 0 && phraseStarts[index] >= 0 {
            if roles[index].isModifier && modifiesNextWord(index, tokens, roles) { continue }
            var valence = roles[index].valence
            let sign = valence > 0 ? 1.0 : -1.0
            if tokens[index].isAllCaps && emphasisesCapitals { valence += sign * SentimentConstants.capitalsIncrement }
            if tokens[index].isElongated { valence += sign * SentimentConstants.elongationIncrement }
            let scope = lookBack(from: phraseStarts[index], tokens, roles, emphasisesCapitals)
            valence += sign * scope.boost
            var negation = scope.negation
            if negation != nil && hasStrongTail(after: index, tokens) {
                negation = SentimentConstants.strongNegationScalar  // "pas bon du tout"
            }
            if negation == nil { negation = postposedNegation(after: index, tokens, roles) }
            if let negation { valence *= negation }
            evidence.valences[index] = valence
        }
        applyContrast(tokens, roles, &evidence.valences)
        evidence.punctuationEmphasis = Self.punctuationEmphasis(tokens)
        evidence.lexicalTokenCount = tokens.reduce(0) { $1.isLexical ? $0 + 1 : $0 }
        return evidence
    }

    /// "un peu", "kind of": the second word becomes a dampener; the first keeps only its negation role.
    private func applyBoosterPairs(_ tokens: [SentimentToken], _ roles: inout [SentimentWordRole]) {
        guard !lexicon.boosterPairs.isEmpty else { return }
        for index in 1..<max(1, tokens.count) where tokens[index].kind == .word && tokens[index - 1].kind == .word {
            guard roles[index].flags.contains(.endsBoosterPair) else { continue }
            if let increment = lexicon.boosterPairs[tokens[index - 1].key + " " + tokens[index].key] {
                roles[index] = SentimentWordRole(booster: increment)
                roles[index - 1] = SentimentWordRole(flags: roles[index - 1].flags.intersection(.negator))
            }
        }
    }

    /// Finds fixed phrases; returns, per token, the index where its phrase starts (itself when none),
    /// or -1 for the inner words of a phrase, whose roles are cleared.
    private func applyPhrases(_ tokens: [SentimentToken], _ roles: inout [SentimentWordRole]) -> [Int] {
        var starts = Array(0..<tokens.count)
        // Right to left, so a longer phrase ("not bad at all") wins over one inside it ("not bad").
        for index in tokens.indices.reversed()
        where starts[index] >= 0 && roles[index].flags.contains(.endsPhrase) && tokens[index].kind == .word {
            guard let lengths = lexicon.phraseLengthsByLastWord[tokens[index].key]
                ?? tokens[index].squeezedKey.flatMap({ lexicon.phraseLengthsByLastWord[$0] })
            else { continue }
            for length in lengths where length <= index + 1 {
                let first = index - length + 1
                guard tokens[first...index].allSatisfy({ $0.kind == .word }), starts[first...index].allSatisfy({ $0 >= 0 })
                else { continue }
                let key = tokens[first...index].lazy.map(\.key).joined(separator: " ")
                var found = lexicon.phrases[key]
                if found == nil && tokens[first...index].contains(where: \.isElongated) {
                    found = lexicon.phrases[tokens[first...index].lazy.map { $0.squeezedKey ?? $0.key }.joined(separator: " ")]
                }
                guard let valence = found else { continue }
                for inner in first..<index {
                    starts[inner] = -1
                    roles[inner] = .none
                }
                starts[index] = first
                roles[index] = SentimentWordRole(valence: valence)
                break
            }
        }
        return starts
    }

    /// Boost and negation from the words before `start`, within the scope and the clause.
    private func lookBack(
        from start: Int, _ tokens: [SentimentToken], _ roles: [SentimentWordRole], _ emphasisesCapitals: Bool
    ) -> (boost: Double, negation: Double?) {
        var boost = 0.0
        var negation: Double?
        var distance = 0
        var index = start - 1
        while index >= 0 && distance < Self.scopeLength && !tokens[index].endsScope {
            let role = roles[index]
            let negatesHere = role.flags.contains(.negator) || role.flags.contains(.negationParticle)
                || (role.flags.contains(.negatorAfterNe) && hasParticle(before: index, tokens, roles))
            if negatesHere {
                let strong = hasStrongTail(after: index, tokens)
                if negation == nil || strong {
                    negation = strong ? SentimentConstants.strongNegationScalar : SentimentConstants.negationScalar
                }
            } else if role.booster != 0 {
                var increment = role.booster * SentimentConstants.boosterDecay[distance]
                let emphasis = (tokens[index].isAllCaps && emphasisesCapitals ? SentimentConstants.capitalsIncrement : 0)
                    + (tokens[index].isElongated ? SentimentConstants.elongationIncrement : 0)
                increment += role.booster > 0 ? emphasis : -emphasis
                boost += increment
            }
            distance += 1
            index -= 1
        }
        return (boost, negation)
    }

    /// Informal French negation after the word: "j'aime pas", "ça me plaît pas du tout".
    private func postposedNegation(after index: Int, _ tokens: [SentimentToken], _ roles: [SentimentWordRole]) -> Double? {
        let next = index + 1
        guard next < tokens.count, roles[next].flags.contains(.postposedNegator) else { return nil }
        return hasStrongTail(after: next, tokens)
            ? SentimentConstants.strongNegationScalar : SentimentConstants.negationScalar
    }

    /// True when a "ne" particle appears in the clause shortly before `index` ("ne … plus").
    private func hasParticle(before index: Int, _ tokens: [SentimentToken], _ roles: [SentimentWordRole]) -> Bool {
        var cursor = index - 1
        while cursor >= 0 && cursor >= index - 4 && !tokens[cursor].endsScope {
            if roles[cursor].flags.contains(.negationParticle) { return true }
            cursor -= 1
        }
        return false
    }

    /// True when the negator at `index` is followed by a strengthening tail ("du tout", "at all").
    private func hasStrongTail(after index: Int, _ tokens: [SentimentToken]) -> Bool {
        lexicon.strongNegationTails.contains { tail in
            index + tail.count < tokens.count
                && tail.indices.allSatisfy { tokens[index + 1 + $0].key == tail[$0] }
        }
    }

    /// True when the next lexical token in the clause carries a valence, so a dual-role word
    /// ("super", "grave", "no") acts on it instead of counting on its own.
    private func modifiesNextWord(_ index: Int, _ tokens: [SentimentToken], _ roles: [SentimentWordRole]) -> Bool {
        var next = index + 1
        while next < tokens.count && next <= index + 2 && !tokens[next].endsScope {
            if roles[next].valence != 0 { return true }
            if roles[next].booster == 0 { return false }
            next += 1
        }
        return false
    }

    /// Within each sentence, valences before the first contrast word count less and those after count more.
    private func applyContrast(_ tokens: [SentimentToken], _ roles: [SentimentWordRole], _ valences: inout [Double]) {
        var sentenceStart = 0
        var contrast: Int?
        for index in 0...tokens.count {
            let endsSentence = index == tokens.count || tokens[index].endsSentence
            if endsSentence {
                if let contrast {
                    for inner in sentenceStart..<contrast { valences[inner] *= SentimentConstants.beforeContrastWeight }
                    for inner in (contrast + 1)..<index { valences[inner] *= SentimentConstants.afterContrastWeight }
                }
                sentenceStart = index + 1
                contrast = nil
            } else if contrast == nil && roles[index].flags.contains(.contrast) {
                contrast = index
            }
        }
    }

    /// True when some, but not all, words are in capitals (so capitals mean emphasis, not shouting everything).
    private static func hasCapitalsDifferential(_ tokens: [SentimentToken]) -> Bool {
        var words = 0
        var capitals = 0
        for token in tokens where token.kind == .word {
            words += 1
            if token.isAllCaps { capitals += 1 }
        }
        return capitals > 0 && capitals < words
    }

    /// Emphasis from "!" (0.292 each, at most 4) and "?" (0.18 each when 2 or more, at most 0.96).
    private static func punctuationEmphasis(_ tokens: [SentimentToken]) -> Double {
        var exclamations = 0
        var questions = 0
        for token in tokens {
            if token.kind == .exclamation { exclamations += 1 } else if token.kind == .question { questions += 1 }
        }
        var emphasis = Double(min(exclamations, 4)) * SentimentConstants.exclamationIncrement
        if questions > 1 {
            emphasis += questions <= 3 ? Double(questions) * SentimentConstants.questionIncrement : SentimentConstants.questionCap
        }
        return emphasis
    }
}
