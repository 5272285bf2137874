import Draws
import Testing

/// Uniformity over many seeds, with a fixed seed sequence: deterministic, so never flaky.
/// Bounds are chi-square critical values at p = 0.001.
@Suite("Draw statistics")
struct DrawStatisticsTests {
    private let pool = try! EntryPool(tokens: (0..<10).map { "entry-\($0)" })  // Safe: valid, distinct tokens.

    @Test("a single winner is uniform over 10 entries (20,000 draws)")
    func singleWinnerUniform() throws {
        var seeds = SeedSequence(start: 1)
        var counts = Array(repeating: 0, count: 10)
        for _ in 0..<20_000 {
            let result = Draw.run(try DrawRequest(seed: seeds.next(), pool: pool, winners: 1))
            counts[result.winners[0].index] += 1
        }
        #expect(chiSquare(counts) < chiSquareCritical[9]!, "counts: \(counts)")
    }

    @Test("every pick position is uniform: 3 picks from 7 entries (14,000 draws)")
    func everyPositionUniform() throws {
        var seeds = SeedSequence(start: 2)
        var counts = Array(repeating: Array(repeating: 0, count: 7), count: 3)
        for _ in 0..<14_000 {
            let picks = Draw.indices(seed: seeds.next(), poolHash: pool.hash, poolCount: 7, count: 3)
            for (position, index) in picks.enumerated() { counts[position][index] += 1 }
        }
        for position in 0..<3 {
            #expect(chiSquare(counts[position]) < chiSquareCritical[6]!, "position \(position): \(counts[position])")
        }
    }

    @Test("ordered pairs are uniform: first and second pick from 5 entries (20,000 draws)")
    func orderedPairsUniform() throws {
        var seeds = SeedSequence(start: 3)
        var counts: [Int: Int] = [:]
        for _ in 0..<20_000 {
            let picks = Draw.indices(seed: seeds.next(), poolHash: pool.hash, poolCount: 5, count: 2)
            counts[picks[0] * 5 + picks[1], default: 0] += 1
        }
        #expect(counts.count == 20)
        #expect(chiSquare(Array(counts.values)) < chiSquareCritical[19]!, "pairs: \(counts)")
    }

    @Test("winning moments are uniform over the period (10 slices, 2,000 activations × 5 moments)")
    func momentsUniform() throws {
        var seeds = SeedSequence(start: 4)
        var counts = Array(repeating: 0, count: 10)
        let span = vectorClosesAt - vectorOpensAt
        for _ in 0..<2_000 {
            let moments = try WinningMoments(
                seed: seeds.next(), activationID: "stats", opensAt: vectorOpensAt, closesAt: vectorClosesAt, count: 5
            )
            for moment in moments.moments { counts[Int((moment - vectorOpensAt) * 10 / span)] += 1 }
        }
        #expect(chiSquare(counts) < chiSquareCritical[9]!, "slices: \(counts)")
    }
}
