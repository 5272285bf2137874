import Draws
import Foundation

/// Deterministic seeds for tests: SplitMix64 from a fixed start, so statistical tests never flake.
struct SeedSequence {
    private var state: UInt64

    init(start: UInt64) {
        state = start
    }

    mutating func next() -> DrawSeed {
        let bytes = (0..<4).flatMap { _ in withUnsafeBytes(of: nextWord().bigEndian, Array.init) }
        // Safe: four 8-byte words are exactly DrawSeed.byteCount bytes.
        return try! DrawSeed(bytes: bytes)
    }

    private mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Pearson's chi-square statistic of observed counts against equal expected counts.
func chiSquare(_ counts: [Int]) -> Double {
    let expected = Double(counts.reduce(0, +)) / Double(counts.count)
    return counts.reduce(0) { $0 + pow(Double($1) - expected, 2) / expected }
}

/// Chi-square critical values at p = 0.001, by degrees of freedom.
let chiSquareCritical: [Int: Double] = [2: 13.82, 6: 22.46, 9: 27.88, 19: 43.82]

/// The package root (the folder holding tools/verify_draw.py), found from this file's path so
/// the tests find it wherever the repository is checked out.
func packageRoot(from file: String = #filePath) -> URL? {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("tools/verify_draw.py").path) {
            return url
        }
        url.deleteLastPathComponent()
    }
    return nil
}

/// The seed of the test vectors in docs/DRAWS.md: bytes 0x00, 0x01, …, 0x1f.
func vectorSeed() throws -> DrawSeed {
    try DrawSeed(bytes: Array(0..<32))
}

/// The ten tokens of the test vector, in the (unsorted) order they were generated.
let vectorTokens = [
    "96bfa769d83a14cead5cb61fd24f17c1", "01eb33df3b3f0bf371962b552d7ee4ca", "982d44057eec4d2985ae06ee08ab36ac",
    "4ba393941bd6229ede07f2510e1711cf", "31d1d3ec97f7f8dfb05a4aca39f9b69c", "21ddb025dcf503b35aac305a6b63a473",
    "19a59aefe753f6943f048d7d770cf4cc", "4f65e1c9fca2e9298c4812208864e54e", "35b69a03696c42705ef065911c7e816d",
    "5a362c087264e9515c7e486749f593ed",
]

/// The nine quiz entries of the test vector.
let vectorQuizEntries = [
    ScoredEntry(token: "quiz-ana", score: 10, distance: 5), ScoredEntry(token: "quiz-ben", score: 10, distance: 5),
    ScoredEntry(token: "quiz-chloe", score: 10, distance: 2), ScoredEntry(token: "quiz-dan", score: 9, distance: 0),
    ScoredEntry(token: "quiz-eve", score: 10, distance: 5), ScoredEntry(token: "quiz-farid", score: 7, distance: 0),
    ScoredEntry(token: "quiz-gil", score: -1, distance: 0), ScoredEntry(token: "quiz-hugo", score: 10, distance: 2),
    ScoredEntry(token: "quiz-ines", score: 10, distance: 5),
]

/// 2026-06-01T00:00:00Z and 2026-06-08T00:00:00Z in Unix epoch milliseconds.
let vectorOpensAt: Int64 = 1_780_272_000_000
let vectorClosesAt: Int64 = 1_780_876_800_000
