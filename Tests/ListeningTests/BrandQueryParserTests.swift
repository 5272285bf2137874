import Testing
@testable import Listening

@Suite("Brand query parser")
struct BrandQueryParserTests {
    let parser = BrandQueryParser()

    func parse(_ text: String) throws -> BrandQuery { try parser.parse(text) }

    @Test("juxtaposed words are ANDed")
    func implicitAnd() throws {
        #expect(try parse("grue  béton") == .and([.term("grue"), .term("beton")]))
        #expect(try parse("grue AND béton") == .and([.term("grue"), .term("beton")]))
    }

    @Test("AND binds tighter than OR")
    func andOverOr() throws {
        #expect(try parse("a1 OR b1 c1") == .or([.term("a1"), .and([.term("b1"), .term("c1")])]))
        #expect(try parse("a1 b1 OR c1") == .or([.and([.term("a1"), .term("b1")]), .term("c1")]))
    }

    @Test("NOT binds tighter than NEAR, NEAR tighter than AND")
    func notNearAnd() throws {
        #expect(try parse("x1 NOT y1") == .and([.term("x1"), .not(.term("y1"))]))
        #expect(try parse("a1 b1 NEAR/3 c1") == .and([.term("a1"), .near(.term("b1"), .term("c1"), distance: 3)]))
        #expect(try parse("z1 NOT (a1 NEAR/3 c1)") == .and([.term("z1"), .not(.near(.term("a1"), .term("c1"), distance: 3))]))
    }

    @Test("lower-case and/or/not are ordinary words")
    func lowercaseKeywords() throws {
        #expect(try parse("rock and roll") == .and([.term("rock"), .term("and"), .term("roll")]))
    }

    @Test("a leading minus means NOT; a hyphen inside a word makes a phrase")
    func minusAndHyphen() throws {
        #expect(try parse("coca -zero") == .and([.term("coca"), .not(.term("zero"))]))
        #expect(try parse("coca -(zero OR light)") == .and([.term("coca"), .not(.or([.term("zero"), .term("light")]))]))
        #expect(try parse("e-mail") == .phrase([.word("e"), .word("mail")]))
    }

    @Test("quoted phrases, elisions and prefixes")
    func phrases() throws {
        #expect(try parse("\"Service Client\"") == .phrase([.word("service"), .word("client")]))
        #expect(try parse("« service client »") == .phrase([.word("service"), .word("client")]))
        #expect(try parse("\"grue\"") == .term("grue"))
        #expect(try parse("l'entreprise") == .phrase([.word("l"), .word("entreprise")]))
        #expect(try parse("\"bétonnière élec*\"") == .phrase([.word("betonniere"), .prefix("elec")]))
        #expect(try parse("Béton*") == .prefix("beton"))
    }

    @Test("NEAR takes words, phrases and OR groups")
    func near() throws {
        #expect(try parse("grue NEAR/5 \"en panne\"") == .near(.term("grue"), .phrase([.word("en"), .word("panne")]), distance: 5))
        #expect(try parse("(grue OR pelle) NEAR/2 panne") == .near(.or([.term("grue"), .term("pelle")]), .term("panne"), distance: 2))
    }

    @Test("field filters apply to a word, a phrase or a group")
    func fields() throws {
        #expect(try parse("title:grue") == .field(.title, .term("grue")))
        #expect(try parse("TITLE:(grue OR bétonnière)") == .field(.title, .or([.term("grue"), .term("betonniere")])))
        #expect(try parse("author:\"Jean Dupont\"") == .field(.author, .phrase([.word("jean"), .word("dupont")])))
        #expect(try parse("grue site:LeMonde.fr lang:FR") == .and([.term("grue"), .site("lemonde.fr"), .language("fr")]))
    }

    @Test("parentheses group without adding a node")
    func parentheses() throws {
        #expect(try parse("((grue))") == .term("grue"))
        #expect(try parse("(a1 AND b1) AND c1") == .and([.and([.term("a1"), .term("b1")]), .term("c1")]))
    }

    @Test("errors carry a code and the character offset", arguments: [
        ("", BrandQueryError.Code.emptyQuery, 0),
        ("   ", .emptyQuery, 0),
        ("(grue OR pelle", .unclosedParenthesis, 0),
        ("grue) pelle", .unexpectedClosingParenthesis, 4),
        ("grue ()", .emptyParentheses, 5),
        ("grue AND", .danglingOperator, 5),
        ("OR grue", .danglingOperator, 0),
        ("grue OR OR pelle", .danglingOperator, 5),
        ("grue NOT", .danglingOperator, 5),
        ("grue \"en panne", .unterminatedQuote, 5),
        ("grue \"  \"", .emptyPhrase, 5),
        ("grue NEAR panne", .nearDistanceMissing, 5),
        ("grue NEAR/x panne", .nearDistanceMissing, 5),
        ("grue NEAR/0 panne", .nearDistanceOutOfRange, 5),
        ("grue NEAR/51 panne", .nearDistanceOutOfRange, 5),
        ("(a1 b1) NEAR/3 c1", .nearOperandInvalid, 0),
        ("a1 NEAR/3 b1 NEAR/3 c1", .nearOperandInvalid, 0),
        ("grue NEAR/3 NOT panne", .nearOperandInvalid, 12),
        ("grue be*", .wildcardTooShort, 5),
        ("grue *", .wildcardTooShort, 5),
        ("grue g*ue", .wildcardMisplaced, 6),
        ("grue !!!", .termWithoutLetters, 5),
        ("grue foo:bar", .unknownField, 5),
        ("grue title: OR pelle", .fieldValueMissing, 5),
        ("grue site:", .fieldValueMissing, 5),
        ("grue site:le_monde", .invalidFieldValue, 10),
        ("grue lang:french", .invalidFieldValue, 10),
        ("NOT grue", .onlyNegative, 0),
        ("-grue -pelle", .onlyNegative, 0),
        ("grue OR NOT pelle", .onlyNegative, 8),
        ("title:(NOT grue)", .onlyNegative, 6),
    ])
    func errors(query: String, code: BrandQueryError.Code, offset: Int) {
        #expect(throws: BrandQueryError.self) { try parser.parse(query) }
        do {
            _ = try parser.parse(query)
        } catch {
            #expect(error.code == code, "\(query)")
            #expect(error.offset == offset, "\(query)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test("a negative part is fine next to a positive word")
    func negationWithPositive() throws {
        #expect(try parse("grue (NOT pelle OR NOT panne)") == .and([.term("grue"), .or([.not(.term("pelle")), .not(.term("panne"))])]))
    }

    @Test("the examples of docs/QUERY-LANGUAGE.md parse", arguments: [
        "(coca OR \"coca-cola\" OR cocacola) (zéro OR light) -recette",
        "(\"coca cola\" OR coke) NEAR/3 (taste* OR flavour OR flavor) lang:en",
        "(bétonnière* OR malaxeur) NEAR/6 (panne OR cassé* OR \"ne marche pas\")",
        "(\"Stade Rennais\" OR SRFC) (site:ouest-france.fr OR site:lequipe.fr)",
        "title:(kärcher OR makita) NOT author:\"Service Presse\"",
    ])
    func documentationExamples(text: String) throws {
        let query = try parse(text)
        #expect(try parse(query.canonicalText) == query)
    }

    @Test("error messages name the position, 1-based")
    func messages() {
        let error = BrandQueryError(.nearDistanceOutOfRange, offset: 4, parameters: ["distance": "60", "min": "1", "max": "50"])
        #expect(error.message == "The NEAR distance must be between 1 and 50, not 60. (at character 5)")
    }
}
