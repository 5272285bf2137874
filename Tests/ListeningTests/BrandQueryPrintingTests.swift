import Testing
@testable import Listening

@Suite("Canonical printing")
struct BrandQueryPrintingTests {
    let parser = BrandQueryParser()

    @Test("prints explicit operators and minimal parentheses")
    func canonicalForm() throws {
        let query = try parser.parse("Coca (zéro OR light) -\"pas bon\" title:grue* NEAR/4 panne site:lemonde.fr")
        #expect(query.canonicalText == "coca AND (zero OR light) AND NOT \"pas bon\" AND title:grue* NEAR/4 panne AND site:lemonde.fr")
    }

    @Test("parse(print(query)) == query for hand-picked queries", arguments: [
        "a1 OR b1 c1", "(a1 OR b1) c1", "NOT NOT a1 b1", "a1 (b1 AND c1)", "title:(a1 OR NOT b1) c1",
        "(a1 OR \"b1 cli*\") NEAR/7 title:d1", "title:(author:x1) y1", "title:(site:x.fr) y1", "NOT (a1 NEAR/2 b1) c1",
    ])
    func roundTrip(text: String) throws {
        let query = try parser.parse(text)
        #expect(try parser.parse(query.canonicalText) == query)
    }

    @Test("parse(print(query)) == query for 3,000 random queries")
    func randomRoundTrip() throws {
        var generator = RandomQueryGenerator(seed: 42)
        for _ in 0 ..< 3000 {
            let query = generator.query()
            let text = query.canonicalText
            let parsed = try parser.parse(text)
            #expect(parsed == query, "\(text)")
        }
    }
}
