import Foundation
import Testing
@testable import RelaisApp

@Suite("Trimmed text")
struct TrimmedTextTests {
    @Test("Gives exactly what Foundation's trimming of white space and line breaks gives", arguments: [
        "", " ", "Camille", "  Camille  ", "\tCamille\n", "\u{00A0}Camille\u{00A0}", "Camille\u{2028}", "\u{0085}Camille",
        "é ", " é", "Élodie", "Noël", "e\u{0301}", "a b", "\u{3000}全角\u{3000}", "x\r\n", "\u{200B}zero", "😀", " 😀 ",
    ])
    func sameAsFoundation(_ text: String) {
        #expect(text.trimmedText == text.trimmingCharacters(in: .whitespacesAndNewlines))
        let padded = "[\(text)]"
        let inner = padded.dropFirst().dropLast()
        #expect(inner.trimmedText == inner.trimmingCharacters(in: .whitespacesAndNewlines), "a substring")
    }
}
