import Draws
import Testing

@Suite("DrawStream")
struct DrawStreamTests {
    private func stream(_ label: UInt8 = 0) throws -> DrawStream {
        DrawStream(seed: try vectorSeed(), purpose: .sweepstake, context: [label])
    }

    @Test("uniform stays below its bound, including bounds near 2^32 and 2^64")
    func uniformBounds() throws {
        var stream = try stream()
        for bound: UInt64 in [1, 2, 3, 10, (1 << 32) - 1, 1 << 32, (1 << 32) + 1, (1 << 63) + 1, .max] {
            for _ in 0..<200 { #expect(stream.uniform(below: bound) < bound) }
        }
    }

    @Test("bound 1 returns 0 and still consumes exactly one word")
    func boundOne() throws {
        var stream = try stream()
        #expect(stream.uniform(below: 1) == 0)
        #expect(stream.wordsConsumed == 1)
    }

    @Test("rejection removes the bias a bare modulo would have (bound 3·2^62)")
    func rejectionRemovesModuloBias() throws {
        // With w mod 3·2^62, values below 2^62 would come up half the time instead of a third.
        var stream = try stream(1)
        var thirds = [0, 0, 0]
        for _ in 0..<30_000 { thirds[Int(stream.uniform(below: 3 << 62) >> 62)] += 1 }
        #expect(chiSquare(thirds) < chiSquareCritical[2]!, "thirds: \(thirds)")
        #expect(stream.wordsConsumed > 30_000 + 30_000 / 8, "about a quarter of the words must be rejected")
    }

    @Test("pick returns distinct values in range, and is prefix-stable")
    func pickDistinct() throws {
        var first = try stream(2)
        var second = try stream(2)
        let ten = first.pick(10, from: 25)
        let four = second.pick(4, from: 25)
        #expect(Set(ten).count == 10)
        #expect(ten.allSatisfy { $0 < 25 })
        #expect(Array(ten.prefix(4)) == four)
    }

    @Test("pick of everything is a permutation; asking for more is clamped")
    func pickAll() throws {
        var stream = try stream(3)
        let all = stream.pick(50, from: 7)
        #expect(all.sorted() == Array(0..<7))
        #expect(stream.pick(3, from: 0).isEmpty)
        #expect(stream.pick(-1, from: 5).isEmpty)
    }

    @Test("pick from a virtual range near 2^32 and near 2^64 without allocating it")
    func pickHuge() throws {
        var stream = try stream(4)
        let nearTwo32 = stream.pick(1_000, from: (1 << 32) - 5)
        #expect(Set(nearTwo32).count == 1_000 && nearTwo32.allSatisfy { $0 < (1 << 32) - 5 })
        let nearTwo64 = stream.pick(100, from: .max)
        #expect(Set(nearTwo64).count == 100)
    }

    @Test("purpose and context separate streams")
    func domainSeparation() throws {
        let seed = try vectorSeed()
        var a = DrawStream(seed: seed, purpose: .sweepstake, context: [1])
        var b = DrawStream(seed: seed, purpose: .quiz, context: [1])
        var c = DrawStream(seed: seed, purpose: .sweepstake, context: [2])
        let first = a.nextWord()
        #expect(first != b.nextWord())
        #expect(first != c.nextWord())
    }
}
