import Draws
import Testing

@Suite("DrawVerifier")
struct DrawVerifierTests {
    private let seed = try! vectorSeed()  // Safe: 32 constant bytes always make a valid seed.

    private func sweepstake(includeTokens: Bool = true) throws -> PublishedDraw {
        let request = try DrawRequest(seed: seed, pool: try EntryPool(tokens: vectorTokens), winners: 3, alternates: 2)
        return PublishedDraw.sweepstake(request, result: Draw.run(request), includeTokens: includeTokens)
    }

    @Test("an honest sweepstake verifies, with and without published tokens")
    func honestSweepstake() throws {
        let full = DrawVerifier.verify(try sweepstake())
        #expect(full.isValid, "\(full.summary)")
        #expect(full.outcome(of: "pool-hash") == .passed)
        let hashOnly = DrawVerifier.verify(try sweepstake(includeTokens: false))
        #expect(hashOnly.isValid, "\(hashOnly.summary)")
        #expect(hashOnly.outcome(of: "pool-hash") == .skipped)
    }

    @Test("a different seed fails the commitment")
    func wrongSeed() throws {
        var published = try sweepstake()
        published.seed = DrawSeed().hex
        let report = DrawVerifier.verify(published)
        #expect(report.outcome(of: "commitment") == .failed)
        #expect(!report.isValid)
    }

    @Test("a swapped winner, a dropped entry or a changed randomness is caught")
    func tampering() throws {
        var swapped = try sweepstake()
        swapped.winners = [swapped.alternates![0]] + swapped.winners!.dropFirst()
        #expect(DrawVerifier.verify(swapped).outcome(of: "winners") == .failed)

        var dropped = try sweepstake()
        dropped.pool?.tokens?.removeLast()
        #expect(DrawVerifier.verify(dropped).outcome(of: "pool-count") == .failed)
        #expect(DrawVerifier.verify(dropped).outcome(of: "pool-hash") == .failed)

        var reseeded = try sweepstake()
        reseeded.publicRandomness = "drand:quicknet:1:00"
        #expect(DrawVerifier.verify(reseeded).outcome(of: "winners") == .failed)
    }

    @Test("quiz and instant win verify; a moved moment is caught")
    func quizAndMoments() throws {
        let quiz = try QuizDrawRequest(seed: seed, pool: try ScoredEntryPool(entries: vectorQuizEntries), winners: 3, alternates: 2)
        #expect(DrawVerifier.verify(.quiz(quiz, result: QuizDraw.run(quiz))).isValid)

        let moments = try WinningMoments(seed: seed, activationID: "act-2026-summer", opensAt: vectorOpensAt, closesAt: vectorClosesAt, count: 5)
        var published = PublishedDraw.instantWin(moments, seed: seed)
        #expect(DrawVerifier.verify(published).isValid)
        published.moments![0] += 1
        #expect(DrawVerifier.verify(published).outcome(of: "moments") == .failed)
    }

    @Test("an instant win's prizes follow the drawn order; claims before their moment or taken twice are caught")
    func momentClaims() throws {
        let moments = try WinningMoments(seed: seed, activationID: "act-2026-summer", opensAt: vectorOpensAt, closesAt: vectorClosesAt, count: 5)
        let prizes = try #require(moments.prizes(quantities: [2, 3]))
        #expect(prizes == [1, 0, 1, 1, 0])
        #expect(moments.prizes(quantities: [2, 2]) == nil)
        let claims = zip(moments.moments, prizes).enumerated().map { index, pair in
            PublishedMomentClaim(moment: pair.0, prize: pair.1, token: index < 2 ? "token-\(index)" : nil, at: index < 2 ? pair.0 + 10 : nil)
        }
        let published = PublishedDraw.instantWin(moments, seed: seed, prizes: [.init(name: "Week-end", quantity: 2), .init(name: "T-shirt", quantity: 3)],
                                                 claims: claims)
        let report = DrawVerifier.verify(published)
        #expect(report.isValid, "\(report.summary)")
        #expect(report.outcome(of: "claims") == .passed)
        var early = published
        early.claims![0].at = early.claims![0].moment - 1
        #expect(DrawVerifier.verify(early).outcome(of: "claims") == .failed)
        var twice = published
        twice.claims![1].token = "token-0"
        #expect(DrawVerifier.verify(twice).outcome(of: "claims") == .failed)
        var swapped = published
        swapped.claims![0].prize = 0
        #expect(DrawVerifier.verify(swapped).outcome(of: "prizes") == .failed)
    }

    @Test("unknown algorithm and missing fields fail rather than crash")
    func malformed() throws {
        var unknown = try sweepstake()
        unknown.algorithm = "relais-draw-v0"
        #expect(DrawVerifier.verify(unknown).outcome(of: "algorithm") == .failed)
        var missing = try sweepstake()
        missing.winners = nil
        #expect(DrawVerifier.verify(missing).outcome(of: "format") == .failed)
        var inconsistent = try sweepstake()
        inconsistent.pool?.count = 1_000
        #expect(!DrawVerifier.verify(inconsistent).isValid)
    }
}
