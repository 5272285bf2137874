import Draws
import Testing

/// The worked example of docs/DRAWS.md §10: if one of these fails, the spec and the code disagree.
@Suite("Test vectors of docs/DRAWS.md")
struct TestVectorTests {
    @Test("commitment is SHA-256 of the 32 seed bytes")
    func commitment() throws {
        let seed = try vectorSeed()
        #expect(seed.hex == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(DrawCommitment(seed: seed).seedHash == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd")
        #expect(DrawCommitment(seed: seed).algorithm.rawValue == "relais-draw-v1")
    }

    @Test("pool is sorted bytewise and hashed as token-newline lines")
    func poolHash() throws {
        let pool = try EntryPool(tokens: vectorTokens)
        #expect(pool.count == 10)
        #expect(pool.tokens.first == "01eb33df3b3f0bf371962b552d7ee4ca")
        #expect(pool.tokens.last == "982d44057eec4d2985ae06ee08ab36ac")
        #expect(pool.hashHex == "13a8f4aeff9934743ed1f14cef854e2b37ecdd6af5e93db738be60f8dadbc788")
        #expect(try EntryPool(tokens: []).hashHex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("first stream words of the sweepstake stream")
    func streamWords() throws {
        let pool = try EntryPool(tokens: vectorTokens)
        var stream = DrawStream(seed: try vectorSeed(), purpose: .sweepstake, context: pool.hash + [0, 0, 0, 0, 0, 0, 0, 10])
        let words = (0..<6).map { _ in stream.nextWord() }
        #expect(words == [
            0xD33A_CCF3_FC73_D2B2, 0x07CF_32BC_B178_CB71, 0x513D_BB99_8FDF_7584,
            0x3836_0358_1321_D062, 0x5246_AA3C_552B_9283, 0xFCD5_4063_1E79_5E91,
        ])
    }

    @Test("rejection sampling with bound 2^63 + 1 skips words at or above 2^63 + 1")
    func rejection() throws {
        let pool = try EntryPool(tokens: vectorTokens)
        var stream = DrawStream(seed: try vectorSeed(), purpose: .sweepstake, context: pool.hash + [0, 0, 0, 0, 0, 0, 0, 10])
        let values = (0..<6).map { _ in stream.uniform(below: (1 << 63) + 1) }
        #expect(values == [
            562_724_264_457_325_425, 5_854_041_358_869_689_732, 4_050_428_591_679_328_354,
            5_928_613_135_583_515_267, 1_796_029_474_224_667_788, 5_425_330_250_519_311_719,
        ])
        #expect(stream.wordsConsumed == 14)
    }

    @Test("sweepstake: 3 winners and 2 alternates, without public randomness")
    func sweepstake() throws {
        let pool = try EntryPool(tokens: vectorTokens)
        let result = Draw.run(try DrawRequest(seed: try vectorSeed(), pool: pool, winners: 3, alternates: 2))
        #expect(result.winners == [
            DrawPick(index: 6, token: "4f65e1c9fca2e9298c4812208864e54e"),
            DrawPick(index: 4, token: "35b69a03696c42705ef065911c7e816d"),
            DrawPick(index: 0, token: "01eb33df3b3f0bf371962b552d7ee4ca"),
        ])
        #expect(result.alternates == [
            DrawPick(index: 9, token: "982d44057eec4d2985ae06ee08ab36ac"),
            DrawPick(index: 5, token: "4ba393941bd6229ede07f2510e1711cf"),
        ])
    }

    @Test("sweepstake with a public randomness value")
    func sweepstakeWithRandomness() throws {
        let pool = try EntryPool(tokens: vectorTokens)
        let randomness = try PublicRandomness("drand:quicknet:1000000:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")
        let result = Draw.run(try DrawRequest(seed: try vectorSeed(), publicRandomness: randomness, pool: pool, winners: 3, alternates: 2))
        #expect(result.winners.map(\.index) == [2, 6, 7])
        #expect(result.alternates.map(\.index) == [9, 8])
    }

    @Test("quiz: best score, then smallest distance, then the draw")
    func quiz() throws {
        let pool = try ScoredEntryPool(entries: vectorQuizEntries)
        #expect(pool.hashHex == "adbeb684c2b23a24dcb4afe4ddf396aad64e485dec284c01d8fee0bc846b510f")
        let result = QuizDraw.run(try QuizDrawRequest(seed: try vectorSeed(), pool: pool, winners: 3, alternates: 2))
        #expect(result.winners.map(\.token) == ["quiz-chloe", "quiz-hugo", "quiz-ines"])
        #expect(result.alternates.map(\.token) == ["quiz-eve", "quiz-ana"])
        #expect(result.winners.map(\.index) + result.alternates.map(\.index) == [2, 7, 8, 4, 0])
    }

    @Test("instant win: five moments over one week")
    func moments() throws {
        let moments = try WinningMoments(
            seed: try vectorSeed(), activationID: "act-2026-summer",
            opensAt: vectorOpensAt, closesAt: vectorClosesAt, count: 5
        )
        #expect(moments.moments == [1_780_364_793_263, 1_780_474_086_422, 1_780_484_261_368, 1_780_511_675_121, 1_780_556_162_716])
    }
}
