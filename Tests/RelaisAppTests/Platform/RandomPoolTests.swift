import Testing
@testable import RelaisApp

/// The pool of random bytes hands out kernel randomness, each byte once.
@Suite("Random pool")
struct RandomPoolTests {
    @Test("Draws across many refills are never repeated and look uniform")
    func uniform() {
        // 64 KiB: sixteen refills of the pool, drawn in pieces that straddle their edges.
        var all: [UInt8] = []
        var tokens = Set<[UInt8]>()
        var pieces = 0
        while all.count < 65_536 {
            let piece = RandomPool.bytes(16 + all.count % 37)
            all += piece
            pieces += 1
            tokens.insert(Array(piece.prefix(16)))
        }
        #expect(pieces > 1_000 && tokens.count == pieces, "no two draws begin with the same 16 bytes")
        var counts = [Int](repeating: 0, count: 256)
        for byte in all { counts[Int(byte)] += 1 }
        let expected = Double(all.count) / 256
        let chiSquare = counts.reduce(0.0) { $0 + pow2(Double($1) - expected) / expected }
        // 255 degrees of freedom: above 400 happens by chance far less than once in a million.
        #expect(chiSquare < 400, "chi-square \(chiSquare)")
    }

    @Test("Form tokens are 32 lower-case hex digits, each new")
    func tokens() {
        let made = (0..<2_000).map { _ in FormToken.make() }
        #expect(Set(made).count == made.count)
        #expect(made.allSatisfy { $0.count == 32 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
    }

    private func pow2(_ x: Double) -> Double { x * x }
}
