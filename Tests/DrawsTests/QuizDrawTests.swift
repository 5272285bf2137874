import Draws
import Testing

@Suite("Quiz draw")
struct QuizDrawTests {
    private let seed = try! vectorSeed()  // Safe: 32 constant bytes always make a valid seed.

    @Test("a better score always ranks first; a smaller distance breaks equal scores")
    func rankingOrder() throws {
        let pool = try ScoredEntryPool(entries: vectorQuizEntries)
        let ranked = QuizDraw.run(try QuizDrawRequest(seed: seed, pool: pool, winners: 9))
        let keys = ranked.winners.map { pick in pool.entries[pick.index] }.map { ($0.score, $0.distance) }
        for (better, worse) in zip(keys, keys.dropFirst()) {
            #expect(better.0 > worse.0 || (better.0 == worse.0 && better.1 <= worse.1))
        }
        #expect(Set(ranked.winners.map(\.token)) == Set(vectorQuizEntries.map(\.token)))
    }

    @Test("ties are broken differently by different seeds (the draw decides, not the token)")
    func tiesDependOnSeed() throws {
        let entries = (0..<6).map { ScoredEntry(token: "tied-\($0)", score: 5) }
        let pool = try ScoredEntryPool(entries: entries)
        var seeds = SeedSequence(start: 9)
        var firsts = Set<String>()
        for _ in 0..<50 {
            firsts.insert(QuizDraw.run(try QuizDrawRequest(seed: seeds.next(), pool: pool, winners: 1)).winners[0].token)
        }
        #expect(firsts.count == 6)
    }

    @Test("the pool hash covers scores: changing one score changes the hash")
    func hashCoversScores() throws {
        var entries = vectorQuizEntries
        let original = try ScoredEntryPool(entries: entries)
        entries[0] = ScoredEntry(token: entries[0].token, score: entries[0].score + 1, distance: entries[0].distance)
        #expect(try ScoredEntryPool(entries: entries).hash != original.hash)
    }

    @Test("empty quiz and duplicate tokens")
    func edges() throws {
        let empty = QuizDraw.run(try QuizDrawRequest(seed: seed, pool: try ScoredEntryPool(entries: []), winners: 3))
        #expect(empty.winners.isEmpty && empty.alternates.isEmpty)
        #expect(throws: DrawError.duplicateToken("x")) {
            try ScoredEntryPool(entries: [ScoredEntry(token: "x", score: 1), ScoredEntry(token: "x", score: 2)])
        }
    }
}
