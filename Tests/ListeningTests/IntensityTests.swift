import Testing
@testable import Listening

@Suite("Intensifiers, dampeners, contrast and emphasis")
struct IntensityTests {
    @Test("Boosters raise the magnitude", arguments: [
        ("bon", "très bon", SentimentLanguage.french),
        ("nul", "vraiment nul", .french),
        ("bien", "super bien", .french),
        ("déçu", "trop déçu", .french),
        ("good", "very good", .english),
        ("bad", "extremely bad", .english),
    ])
    func boostersRaiseMagnitude(base: String, boosted: String, language: SentimentLanguage) throws {
        let plain = try SharedAnalyzer.score(base, language)
        let strong = try SharedAnalyzer.score(boosted, language)
        #expect(plain != 0)
        #expect(abs(strong) > abs(plain))
        #expect((strong > 0) == (plain > 0))
    }

    @Test("Dampeners lower the magnitude", arguments: [
        ("déçu", "un peu déçu", SentimentLanguage.french),
        ("content", "plutôt content", .french),
        ("good", "kind of good", .english),
        ("annoying", "slightly annoying", .english),
    ])
    func dampenersLowerMagnitude(base: String, dampened: String, language: SentimentLanguage) throws {
        let plain = try SharedAnalyzer.score(base, language)
        let weak = try SharedAnalyzer.score(dampened, language)
        #expect(abs(weak) < abs(plain))
        #expect((weak > 0) == (plain > 0))
    }

    @Test("After \"mais\" / \"but\", the second clause wins")
    func contrast() throws {
        #expect(try SharedAnalyzer.label("Le design est joli mais la batterie est vraiment nulle", .french) == .negative)
        #expect(try SharedAnalyzer.label("Un peu cher mais franchement excellent", .french) == .positive)
        #expect(try SharedAnalyzer.label("The screen is nice but the battery is terrible", .english) == .negative)
    }

    @Test("Capitals, exclamation marks and elongated letters add emphasis")
    func emphasis() throws {
        let plain = try SharedAnalyzer.score("c'est génial", .french)
        #expect(try SharedAnalyzer.score("c'est GÉNIAL", .french) > plain)
        #expect(try SharedAnalyzer.score("c'est génial!!!", .french) > plain)
        #expect(try SharedAnalyzer.score("c'est géniaaaal", .french) > plain)
        #expect(try SharedAnalyzer.score("trooop bien", .french) >= SharedAnalyzer.score("trop bien", .french))
        #expect(try SharedAnalyzer.score("coooool", .english) > 0)
        #expect(try SharedAnalyzer.score("so baaaad", .english) < SharedAnalyzer.score("so bad", .english))
    }
}
