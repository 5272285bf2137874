import Testing
@testable import Listening

@Suite("Language detection")
struct LanguageDetectionTests {
    @Test("French posts", arguments: [
        "Je suis trop content de ma commande, merci !",
        "c'est pas ouf ce nouveau goût",
        "Le magasin de Lyon ouvre samedi",
        "jsuis dég, la livraison est en retard",
        "Très déçu",
    ])
    func french(text: String) throws {
        #expect(try SharedAnalyzer.get().detectLanguage(text: text) == .french)
    }

    @Test("English posts", arguments: [
        "I love the new flavour, thanks!",
        "This is the worst customer service ever",
        "the store opens on Saturday",
        "can't wait for the launch",
    ])
    func english(text: String) throws {
        #expect(try SharedAnalyzer.get().detectLanguage(text: text) == .english)
    }

    @Test("No evidence gives no language", arguments: ["", "😍😍", "http://example.com", "Relais 2024"])
    func undecided(text: String) throws {
        #expect(try SharedAnalyzer.get().detectLanguage(text: text) == nil)
    }

    @Test("score(text:) uses the detected language")
    func scoreWithDetection() throws {
        let analyzer = try SharedAnalyzer.get()
        #expect(analyzer.score(text: "Je ne suis pas content du tout") == analyzer.score(
            text: "Je ne suis pas content du tout", language: .french))
        #expect(analyzer.score(text: "I am not happy at all") == analyzer.score(
            text: "I am not happy at all", language: .english))
    }
}
