import Testing
@testable import Listening

@Suite("Negation")
struct NegationTests {
    @Test("French negation flips a positive word", arguments: [
        ("C'est bon", "C'est pas bon"),
        ("Ce produit est bien", "Ce produit n'est pas bien"),
        ("J'aime ce goût", "J'aime pas ce goût"),
        ("Je l'ai aimé", "Je ne l'ai jamais aimé"),
        ("Le service est top", "Le service n'est plus top"),
    ])
    func frenchNegationFlips(plain: String, negated: String) throws {
        #expect(try SharedAnalyzer.score(plain, .french) > 0)
        #expect(try SharedAnalyzer.score(negated, .french) < 0)
    }

    @Test("French negation of a negative word turns positive")
    func frenchNegatedNegative() throws {
        #expect(try SharedAnalyzer.score("Je suis déçu", .french) < 0)
        #expect(try SharedAnalyzer.score("Je n'ai jamais été déçu", .french) > 0)
        #expect(try SharedAnalyzer.score("Aucun problème avec la livraison", .french) > 0)
    }

    @Test("\"pas du tout\" negates more strongly than \"pas\"")
    func strongNegation() throws {
        let plain = try SharedAnalyzer.score("Ce n'est pas bon", .french)
        let strong = try SharedAnalyzer.score("Ce n'est pas du tout bon", .french)
        let trailing = try SharedAnalyzer.score("Ce n'est pas bon du tout", .french)
        #expect(strong < plain)
        #expect(trailing < plain)
    }

    @Test("\"ne … plus\" negates but comparative \"plus\" does not")
    func plusNeedsNe() throws {
        #expect(try SharedAnalyzer.score("Ce n'est plus drôle", .french) < 0)
        #expect(try SharedAnalyzer.score("Encore plus drôle que le premier", .french) > 0)
    }

    @Test("English negation flips", arguments: [
        ("This is good", "This is not good"),
        ("It is great", "It isn't great"),
        ("They are helpful", "They are never helpful"),
        ("I like it", "I don't like it"),
    ])
    func englishNegationFlips(plain: String, negated: String) throws {
        #expect(try SharedAnalyzer.score(plain, .english) > 0)
        #expect(try SharedAnalyzer.score(negated, .english) < 0)
    }

    @Test("Negation stops at a comma")
    func negationScopeEndsAtPunctuation() throws {
        #expect(try SharedAnalyzer.score("Pas de doute, excellent", .french) > 0.3)
    }

    @Test("Idioms override negation: \"pas mal\" is positive, \"pas terrible\" negative")
    func idioms() throws {
        #expect(try SharedAnalyzer.label("Pas mal du tout ce nouveau parfum", .french) == .positive)
        #expect(try SharedAnalyzer.label("Franchement pas terrible", .french) == .negative)
        #expect(try SharedAnalyzer.label("not bad at all", .english) == .positive)
    }
}
