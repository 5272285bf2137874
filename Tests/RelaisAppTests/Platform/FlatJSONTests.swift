import Foundation
import Testing
@testable import RelaisApp

@Suite("Flat JSON objects")
struct FlatJSONTests {
    @Test("Any string survives the round trip through a JSON reader; keys come sorted", arguments: [
        [:],
        ["activation": "12", "kind": "instant_win", "entry": "345"],
        ["quote": "say \"hi\"", "slash": "a/b\\c", "lines": "one\ntwo\r\tthree", "bell": "\u{07}\u{08}\u{0C}\u{1F}"],
        ["accents": "Noël à Montréal ✨", "emoji": "👩🏽‍🚀", "": "empty key"],
    ])
    func roundTrip(_ fields: [String: String]) throws {
        let text = FlatJSON.object(fields)
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        #expect(decoded == fields)
        #expect(!text.contains("\n") && !text.contains("\u{07}"), "control characters are escaped: \(text)")
    }

    @Test("Keys are written in order, without spaces, as a sorted-keys encoder writes them")
    func layout() {
        #expect(FlatJSON.object(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
        #expect(FlatJSON.object([:]) == "{}")
        #expect(FlatJSON.object(["x": "\u{01}"]) == #"{"x":"\u0001"}"#)
    }
}

@Suite("Search keys")
struct SearchTextTests {
    /// The full folding, as every key was written before the ASCII path.
    private func fullFold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test("ASCII text folds exactly as the full folding does, and other text still goes through it")
    func asciiPath() {
        let printable = String(decoding: Array(UInt8(0x20)...UInt8(0x7E)), as: UTF8.self)
        for text in [printable, "  Jean-Pierre   DUPONT\t", "O'Neil", "", "   ", "Zoë Åström", "ÉLODIE  Noël", "x\u{0B}y", "a\nb"] {
            #expect(SearchText.fold(text) == fullFold(text), "\(text.debugDescription)")
        }
        #expect(SearchText.fold("  Jean   DUPONT ") == "jean dupont")
        #expect(SearchText.fold("Zoë") == "zoe")
    }
}
