import Testing
@testable import Listening

@Suite("Emoji, informal French, hashtags, URLs")
struct TokenTests {
    @Test("Emoji and emoticons carry sentiment", arguments: [
        ("😍", SentimentLabel.positive), ("👍", .positive), ("❤️", .positive), (":)", .positive), (":-D", .positive),
        ("<3", .positive), ("😡", .negative), ("👎", .negative), (":(", .negative), (":'(", .negative),
    ])
    func emoji(text: String, expected: SentimentLabel) throws {
        #expect(try SharedAnalyzer.label(text, .french) == expected)
        #expect(try SharedAnalyzer.label("Livraison reçue \(text)", .french) == expected)
    }

    @Test("Skin tones and variation selectors do not hide an emoji")
    func emojiDecorations() throws {
        #expect(try SharedAnalyzer.score("👍🏽", .english) == SharedAnalyzer.score("👍", .english))
    }

    @Test("Informal French spellings", arguments: [
        ("mdr trop drôle", SentimentLabel.positive),
        ("ptdr jpp", .positive),
        ("je kiffe grave", .positive),
        ("c'est ouf", .positive),
        ("trop bien", .positive),
        ("tro bien", .positive),
        ("c nul", .negative),
        ("chui dég", .negative),
        ("jsuis vénère", .negative),
        ("pas ouf", .negative),
        ("c'est relou", .negative),
        ("bof", .negative),
        ("jpp de ce service", .negative),
    ])
    func informalFrench(text: String, expected: SentimentLabel) throws {
        #expect(try SharedAnalyzer.label(text, .french) == expected)
    }

    @Test("Accents are optional")
    func accentsOptional() throws {
        let accented = try SharedAnalyzer.score("très déçu", .french)
        #expect(accented < 0)
        #expect(try SharedAnalyzer.score("tres decu", .french) == accented)
        #expect(try SharedAnalyzer.score("TRÈS DÉÇU", .french) == accented)
        #expect(try SharedAnalyzer.score("tres deçu", .french) == accented)
    }

    @Test("Hashtags are read as words")
    func hashtags() throws {
        #expect(try SharedAnalyzer.label("Nouvelle appli #fail", .french) == .negative)
        #expect(try SharedAnalyzer.label("New app #fail", .english) == .negative)
        #expect(try SharedAnalyzer.label("#génial", .french) == .positive)
    }

    @Test("Empty, URL-only and mention-only posts are neutral", arguments: [
        "", "   ", "http://nul.example.com/horrible", "https://t.co/xyz", "@nul @horrible", "www.mauvais.fr",
    ])
    func neutralWithoutWords(text: String) throws {
        for language in SentimentLanguage.allCases {
            #expect(try SharedAnalyzer.get().score(text: text, language: language) == .neutral)
        }
    }

    @Test("Tokenizer splits French elisions and keeps English contractions")
    func tokenizer() {
        let french = SentimentTokenizer(emoticons: [], splitsElisions: true)
        #expect(french.tokens(in: "N'est-ce pas GÉNIAL ?").map(\.key) == ["n", "est", "ce", "pas", "genial", "?"])
        let english = SentimentTokenizer(emoticons: [], splitsElisions: false)
        #expect(english.tokens(in: "It isn’t sooooo bad").map(\.key) == ["it", "isn't", "soo", "bad"])
        #expect(english.tokens(in: "sooooo").first?.squeezedKey == "so")
        #expect(english.tokens(in: "hahahaha").first?.key == "haha")
    }
}
