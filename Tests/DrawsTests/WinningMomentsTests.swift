import Draws
import Testing

@Suite("Winning moments")
struct WinningMomentsTests {
    private let seed = try! vectorSeed()  // Safe: 32 constant bytes always make a valid seed.

    @Test("moments are sorted, distinct, inside [opensAt, closesAt)")
    func shape() throws {
        let moments = try WinningMoments(seed: seed, activationID: "a", opensAt: 1_000, closesAt: 1_050, count: 40).moments
        #expect(moments == moments.sorted())
        #expect(Set(moments).count == 40)
        #expect(moments.allSatisfy { (1_000..<1_050).contains($0) })
    }

    @Test("every millisecond of the period can be a moment; one more is refused")
    func fullPeriod() throws {
        let all = try WinningMoments(seed: seed, activationID: "a", opensAt: -5, closesAt: 5, count: 10).moments
        #expect(all == Array(-5..<5))
        #expect(throws: DrawError.tooManyMoments(requested: 11, available: 10)) {
            try WinningMoments(seed: seed, activationID: "a", opensAt: -5, closesAt: 5, count: 11)
        }
        #expect(throws: DrawError.emptyPeriod) { try WinningMoments(seed: seed, activationID: "a", opensAt: 5, closesAt: 5, count: 0) }
    }

    @Test("moments depend on the activation and the period, not on anything else")
    func separation() throws {
        let base = try WinningMoments(seed: seed, activationID: "a", opensAt: vectorOpensAt, closesAt: vectorClosesAt, count: 5)
        let again = try WinningMoments(seed: seed, activationID: "a", opensAt: vectorOpensAt, closesAt: vectorClosesAt, count: 5)
        let other = try WinningMoments(seed: seed, activationID: "b", opensAt: vectorOpensAt, closesAt: vectorClosesAt, count: 5)
        let longer = try WinningMoments(seed: seed, activationID: "a", opensAt: vectorOpensAt, closesAt: vectorClosesAt + 1, count: 5)
        #expect(base == again)
        #expect(base.moments != other.moments)
        #expect(base.moments != longer.moments)
    }

    @Test("a period longer than 2^32 ms (about 50 days) works")
    func longPeriod() throws {
        let moments = try WinningMoments(seed: seed, activationID: "a", opensAt: 0, closesAt: 1 << 40, count: 100).moments
        #expect(Set(moments).count == 100 && moments.allSatisfy { (0..<(1 << 40)).contains($0) })
    }

    @Test("first entry at or after a moment wins it; one moment per entry; late moments stay unclaimed")
    func claims() throws {
        let subset = WinningMoments(activationID: "a", opensAt: 0, closesAt: 100, moments: [90, 10, 20])
        let entries = [
            TimedEntry(token: "early", at: 5), TimedEntry(token: "exact", at: 10), TimedEntry(token: "next", at: 11),
            TimedEntry(token: "again", at: 12),
        ]
        let claims = subset.claims(for: entries)
        #expect(claims.map(\.moment) == [10, 20, 90])
        #expect(claims.map(\.token) == ["exact", nil, nil])

        let busy = [TimedEntry(token: "x", at: 25), TimedEntry(token: "y", at: 25), TimedEntry(token: "z", at: 95)]
        #expect(subset.claims(for: busy).map(\.token) == ["x", "y", "z"])
    }
}
