import Draws
import Testing

@Suite("Sweepstake draw")
struct DrawTests {
    private let seed = try! vectorSeed()  // Safe: 32 constant bytes always make a valid seed.

    @Test("fewer entries than winners + alternates: everyone is picked, winners first, in draw order")
    func everyoneWins() throws {
        let pool = try EntryPool(tokens: ["c", "a", "b"])
        let result = Draw.run(try DrawRequest(seed: seed, pool: pool, winners: 2, alternates: 5))
        #expect(result.winners.count == 2)
        #expect(result.alternates.count == 1)
        #expect(Set((result.winners + result.alternates).map(\.token)) == ["a", "b", "c"])

        let fewerThanWinners = Draw.run(try DrawRequest(seed: seed, pool: pool, winners: 5, alternates: 2))
        #expect(fewerThanWinners.winners.count == 3)
        #expect(fewerThanWinners.alternates.isEmpty)
    }

    @Test("zero entries: no winners, no alternates")
    func zeroEntries() throws {
        let result = Draw.run(try DrawRequest(seed: seed, pool: try EntryPool(tokens: []), winners: 3, alternates: 2))
        #expect(result == DrawResult(winners: [], alternates: []))
    }

    @Test("one entry: it wins")
    func oneEntry() throws {
        let result = Draw.run(try DrawRequest(seed: seed, pool: try EntryPool(tokens: ["only"]), winners: 1, alternates: 1))
        #expect(result.winners == [DrawPick(index: 0, token: "only")])
        #expect(result.alternates.isEmpty)
    }

    @Test("input order of tokens does not change the pool nor the draw")
    func orderIndependent() throws {
        let forward = try EntryPool(tokens: vectorTokens)
        let backward = try EntryPool(tokens: vectorTokens.reversed())
        #expect(forward == backward)
        #expect(Draw.run(try DrawRequest(seed: seed, pool: forward, winners: 3))
            == Draw.run(try DrawRequest(seed: seed, pool: backward, winners: 3)))
    }

    @Test("more alternates later keeps the winners and earlier alternates")
    func prefixStable() throws {
        let pool = try EntryPool(tokens: vectorTokens)
        let short = Draw.run(try DrawRequest(seed: seed, pool: pool, winners: 3, alternates: 1))
        let long = Draw.run(try DrawRequest(seed: seed, pool: pool, winners: 3, alternates: 4))
        #expect(short.winners == long.winners)
        #expect(Array(long.alternates.prefix(1)) == short.alternates)
    }

    @Test("the draw is bound to the pool: one more entry changes the stream")
    func boundToPool() throws {
        let pool = try EntryPool(tokens: vectorTokens)
        let bigger = try EntryPool(tokens: vectorTokens + ["ffffffffffffffffffffffffffffffff"])
        let indices = Draw.indices(seed: seed, poolHash: pool.hash, poolCount: pool.count, count: 10)
        let other = Draw.indices(seed: seed, poolHash: bigger.hash, poolCount: pool.count, count: 10)
        #expect(indices != other)
        #expect(indices == Draw.run(try DrawRequest(seed: seed, pool: pool, winners: 10)).winners.map(\.index))
    }

    @Test("tokens must be printable ASCII without spaces, 1 to 128 bytes, and unique")
    func tokenRules() {
        #expect(throws: DrawError.invalidToken("")) { try EntryPool(tokens: [""]) }
        #expect(throws: DrawError.invalidToken("a b")) { try EntryPool(tokens: ["a b"]) }
        #expect(throws: DrawError.invalidToken("a\n")) { try EntryPool(tokens: ["a\n"]) }
        #expect(throws: DrawError.invalidToken("é")) { try EntryPool(tokens: ["é"]) }
        #expect(throws: DrawError.invalidToken(String(repeating: "x", count: 129))) {
            try EntryPool(tokens: [String(repeating: "x", count: 129)])
        }
        #expect(throws: DrawError.duplicateToken("a")) { try EntryPool(tokens: ["a", "b", "a"]) }
    }

    @Test("pool sorts by bytes: uppercase before lowercase, shorter prefix first")
    func byteOrder() throws {
        let pool = try EntryPool(tokens: ["b", "a", "B", "ab", "A~"])
        #expect(pool.tokens == ["A~", "B", "a", "ab", "b"])
        #expect(pool.index(of: "ab") == 3)
        #expect(pool.contains("B") && !pool.contains("c"))
    }

    @Test("seeds: hex round trip, wrong lengths rejected, random seeds differ, description redacted")
    func seeds() throws {
        let seed = DrawSeed()
        #expect(try DrawSeed(hex: seed.hex) == seed)
        #expect(try DrawSeed(hex: seed.hex.uppercased()) == seed)
        #expect(seed != DrawSeed())
        #expect(throws: DrawError.invalidSeedLength(31)) { try DrawSeed(bytes: Array(repeating: 0, count: 31)) }
        #expect(throws: DrawError.invalidHex) { try DrawSeed(hex: "zz") }
        #expect(!"\(seed)".contains(seed.hex))
        #expect(DrawCommitment(seed: seed).isOpened(by: seed))
        #expect(!DrawCommitment(seed: seed).isOpened(by: DrawSeed()))
    }

    @Test("negative counts and invalid public randomness are rejected")
    func invalidRequests() throws {
        let pool = try EntryPool(tokens: ["a"])
        #expect(throws: DrawError.negativeCount) { try DrawRequest(seed: seed, pool: pool, winners: -1) }
        #expect(throws: DrawError.invalidPublicRandomness) { try PublicRandomness("tab\there") }
        #expect(throws: DrawError.invalidPublicRandomness) { try PublicRandomness(String(repeating: "0", count: 1025)) }
    }
}
