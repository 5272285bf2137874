import Testing
@testable import Listening

@Suite("Query matcher")
struct QueryMatcherTests {
    /// Ids of the queries (given as text) that match `post`.
    func matching(_ queries: [String], _ post: ListeningPost) throws -> [String] {
        let parser = BrandQueryParser()
        let matcher = QueryMatcher(queries: try queries.map { (id: $0, query: try parser.parse($0)) })
        return matcher.match(post).map(\.queryID)
    }

    @Test("accent- and case-insensitive on both sides")
    func accents() throws {
        let post = ListeningPost(text: "Ma BETONNIERE est en panne, quel cœur brisé")
        #expect(try matching(["bétonnière", "Betonniere panne", "coeur", "béton"], post) == ["bétonnière", "Betonniere panne", "coeur"])
    }

    @Test("phrases need consecutive words in one field")
    func phrases() throws {
        let post = ListeningPost(title: "Service", text: "client mécontent du service client de l'entreprise")
        #expect(try matching(["\"service client\"", "\"client service\"", "\"l'entreprise\"", "\"mécontent service\""], post)
            == ["\"service client\"", "\"l'entreprise\""])
        let split = ListeningPost(title: "Le service", text: "client ravi")
        #expect(try matching(["\"service client\""], split) == [])
    }

    @Test("NEAR/n allows at most n words between, in either order")
    func near() throws {
        let post = ListeningPost(text: "la grue est encore tombée en panne hier")
        #expect(try matching(["grue NEAR/4 panne", "grue NEAR/3 panne", "panne NEAR/4 grue", "(pelle OR grue) NEAR/5 \"en panne\""], post)
            == ["grue NEAR/4 panne", "panne NEAR/4 grue", "(pelle OR grue) NEAR/5 \"en panne\""])
    }

    @Test("NEAR does not pair words across title and text")
    func nearAcrossFields() throws {
        let post = ListeningPost(title: "grue", text: "panne")
        #expect(try matching(["grue NEAR/5 panne", "grue panne"], post) == ["grue panne"])
    }

    @Test("prefix wildcards match the prefix itself and longer words")
    func prefixes() throws {
        let post = ListeningPost(text: "Bétonnières et grue")
        #expect(try matching(["béton*", "grue*", "grues*", "bétonnière"], post) == ["béton*", "grue*"])
    }

    @Test("field filters restrict words to title, text or author")
    func fields() throws {
        let post = ListeningPost(title: "Nouvelle grue", text: "avec une bétonnière", author: "Jean Dupont")
        #expect(try matching(["title:grue", "title:bétonnière", "text:(grue OR bétonnière)", "dupont", "author:\"jean dupont\"",
                              "title:grue NOT author:martin"], post)
            == ["title:grue", "text:(grue OR bétonnière)", "author:\"jean dupont\"", "title:grue NOT author:martin"])
    }

    @Test("site matches the host and its subdomains; lang the primary subtag")
    func siteAndLanguage() throws {
        let post = ListeningPost(text: "grue", host: "www.LeMonde.fr", language: "fr-FR")
        #expect(try matching(["grue site:lemonde.fr", "grue site:monde.fr", "grue site:www.lemonde.fr", "grue lang:fr", "grue lang:en",
                              "grue -site:lefigaro.fr"], post)
            == ["grue site:lemonde.fr", "grue site:www.lemonde.fr", "grue lang:fr", "grue -site:lefigaro.fr"])
    }

    @Test("NOT excludes posts containing the word")
    func negation() throws {
        let post = ListeningPost(text: "Coca zéro, trop bon")
        #expect(try matching(["coca NOT zero", "coca -light", "coca NOT (zero OR light)"], post) == ["coca -light"])
    }

    @Test("highlights point at the original text, accents included")
    func highlights() throws {
        let parser = BrandQueryParser()
        let matcher = QueryMatcher(queries: [(id: 1, query: try parser.parse("bétonn* NEAR/2 panne OR \"service client\" -zut"))])
        let post = ListeningPost(title: "Service Client", text: "La BÉTONNIÈRE est en panne 😡")
        let matches = matcher.match(post)
        #expect(matches.map(\.queryID) == [1])
        let texts = matches[0].highlights.map { String(post.text(of: $0.field)[$0.range(in: post)]) }
        #expect(texts == ["Service Client", "BÉTONNIÈRE", "panne"])
        #expect(matches[0].highlights[1].utf16Range(in: post) == 3 ..< 13)
    }
}
