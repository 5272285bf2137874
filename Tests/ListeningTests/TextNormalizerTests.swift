import Testing
@testable import Listening

@Suite("Text normaliser")
struct TextNormalizerTests {
    @Test("lower-cases and strips French diacritics")
    func stripsDiacritics() {
        #expect(TextNormalizer.words(in: "Bétonnière ÉLÉPHANT à Noël, garçon") == ["betonniere", "elephant", "a", "noel", "garcon"])
    }

    @Test("folds ligatures and sharp s: œ → oe, æ → ae, ß → ss")
    func foldsLigatures() {
        #expect(TextNormalizer.words(in: "Œuvre cœur Æther Straße ﬁn") == ["oeuvre", "coeur", "aether", "strasse", "fin"])
    }

    @Test("splits French elisions on straight and curly apostrophes")
    func splitsElisions() {
        #expect(TextNormalizer.words(in: "l'entreprise d’Orange aujourd'hui") == ["l", "entreprise", "d", "orange", "aujourd", "hui"])
    }

    @Test("drops # and @ so hashtags and mentions match their word")
    func hashtagsAndMentions() {
        #expect(TextNormalizer.words(in: "#Fail chez @Relais_App!!! 😡 #007") == ["fail", "chez", "relais", "app", "007"])
    }

    @Test("decomposed accents (e + U+0301) fold like precomposed ones")
    func decomposedAccents() {
        #expect(TextNormalizer.words(in: "cafe\u{301} CAFÉ") == ["cafe", "cafe"])
    }

    @Test("keeps non-Latin letters, lower-cased")
    func otherScripts() {
        #expect(TextNormalizer.words(in: "Привет ΑΘΗΝΑ 東京") == ["привет", "αθηνα", "東京"])
    }

    @Test("records UTF-8 ranges of each word in the original text")
    func ranges() {
        let text = "Été : #grue"
        let tokens = TextNormalizer.tokens(in: text)
        #expect(tokens.map(\.word) == ["ete", "grue"])
        let utf8 = Array(text.utf8)
        #expect(String(decoding: utf8[tokens[0].utf8Range], as: UTF8.self) == "Été")
        #expect(String(decoding: utf8[tokens[1].utf8Range], as: UTF8.self) == "grue")
    }
}
