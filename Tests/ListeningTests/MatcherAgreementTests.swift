import Testing
@testable import Listening

@Suite("Matcher agrees with the reference evaluator")
struct MatcherAgreementTests {
    @Test("random queries × random posts: same matches as the reference", arguments: [1, 2, 3, 4] as [UInt64])
    func agreement(seed: UInt64) {
        checkAgreement(RandomQueryGenerator(seed: seed))
    }

    @Test("words and prefixes around the packed lengths (8, 16 bytes) and longer: same matches", arguments: [5, 6, 7] as [UInt64])
    func agreementOnLongWords(seed: UInt64) {
        checkAgreement(RandomQueryGenerator(seed: seed, vocabulary: RandomQueryGenerator.longWords))
    }

    @Test("a query with a prefix shorter than 3 letters (hand-built) still finds its words")
    func shortPrefix() {
        let matcher = QueryMatcher(queries: [(id: 1, query: BrandQuery.prefix("ab")), (id: 2, query: .prefix("abc"))])
        var scratch = MatchScratch()
        #expect(matcher.matchingIDs(ListeningPost(text: "Abricot"), scratch: &scratch) == [1])
        #expect(matcher.matchingIDs(ListeningPost(text: "un abcès"), scratch: &scratch) == [1, 2])
        #expect(matcher.matchingIDs(ListeningPost(text: "a b"), scratch: &scratch) == [])
    }

    private func checkAgreement(_ generatorToUse: RandomQueryGenerator) {
        var generator = generatorToUse
        let queries = (0 ..< 750).map { _ in generator.query() }
        let matcher = QueryMatcher(queries: queries.enumerated().map { (id: $0.offset, query: $0.element) })
        var scratch = MatchScratch()
        var disagreements = 0
        var matches = 0
        for _ in 0 ..< 400 {
            let post = generator.post()
            let reference = ReferenceEvaluator(post: post)
            let expected = queries.indices.filter { reference.matches(queries[$0]) }
            let actual = matcher.matchingIDs(post, scratch: &scratch)
            matches += expected.count
            if actual != expected {
                disagreements += 1
                let diff = Set(actual).symmetricDifference(expected).sorted().prefix(3)
                Issue.record("post \(post) — differing queries: \(diff.map { queries[$0].canonicalText })")
                if disagreements > 5 { return }
            }
        }
        // Guard against a vacuous test: a good share of pairs should match.
        #expect(matches > 400 * 750 / 20)
    }

    @Test("highlights cover exactly the positive words found")
    func highlightsFromMatchAgreeWithIDs() {
        var generator = RandomQueryGenerator(seed: 9)
        let queries = (0 ..< 300).map { _ in generator.query() }
        let matcher = QueryMatcher(queries: queries.enumerated().map { (id: $0.offset, query: $0.element) })
        var scratch = MatchScratch()
        for _ in 0 ..< 200 {
            let post = generator.post()
            let full = matcher.match(post, scratch: &scratch)
            #expect(full.map(\.queryID) == matcher.matchingIDs(post, scratch: &scratch))
            for match in full {
                for highlight in match.highlights {
                    let fieldText = post.text(of: highlight.field)
                    #expect(highlight.utf8Range.upperBound <= fieldText.utf8.count)
                    #expect(!String(fieldText[highlight.range(in: post)]).isEmpty)
                }
            }
        }
    }
}
