import Foundation

/// How one Unicode scalar takes part in a word once folded: case and diacritics removed.
enum ScalarFold: Equatable {
    /// Ends the current word (spaces, punctuation, symbols, emoji).
    case separator
    /// Ignored inside a word (combining accents, variation selectors).
    case ignored
    /// Becomes these UTF-8 bytes of the word (e.g. `É` → `e`, `œ` → `oe`, `ß` → `ss`).
    case letters([UInt8])
}

/// Precomputed folding of every scalar below U+2000 (Latin, Greek, Cyrillic, Hebrew, Arabic…), read in the hot loop.
struct CharacterFoldingTable: Sendable {
    /// Table covers scalars `0 ..< limit`; others go through `ScalarFold.compute`.
    static let limit: UInt32 = 0x2000
    /// The one table; immutable once built (lazily, thread-safely, by the Swift runtime).
    static let shared = CharacterFoldingTable()

    /// 0 separator, 1 ignored, 2 letters.
    let kinds: [UInt8]
    /// Letters of scalar `v` are `bytes[starts[v] ..< starts[v + 1]]`.
    let starts: [UInt32]
    /// Folded bytes of all scalars, concatenated.
    let bytes: [UInt8]

    private init() {
        var kinds = [UInt8](repeating: 0, count: Int(Self.limit))
        var starts = [UInt32](repeating: 0, count: Int(Self.limit) + 1)
        var bytes: [UInt8] = []
        for value in 0 ..< Self.limit {
            starts[Int(value)] = UInt32(bytes.count)
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch ScalarFold.compute(scalar) {
            case .separator: kinds[Int(value)] = 0
            case .ignored: kinds[Int(value)] = 1
            case .letters(let folded):
                kinds[Int(value)] = 2
                bytes.append(contentsOf: folded)
            }
        }
        starts[Int(Self.limit)] = UInt32(bytes.count)
        self.kinds = kinds
        self.starts = starts
        self.bytes = bytes
    }
}

extension ScalarFold {
    /// Letters with no canonical decomposition that French, German and Nordic readers still equate with plain Latin.
    private static let specialCases: [UInt32: String] = [
        0x00C6: "ae", 0x00E6: "ae", 0x0152: "oe", 0x0153: "oe", 0x00DF: "ss", 0x1E9E: "ss",
        0x00D8: "o", 0x00F8: "o", 0x0110: "d", 0x0111: "d", 0x00D0: "d", 0x00F0: "d",
        0x0141: "l", 0x0142: "l", 0x00DE: "th", 0x00FE: "th", 0x0131: "i", 0x0132: "ij", 0x0133: "ij",
        0x013F: "l", 0x0140: "l", 0x0149: "n", 0x017F: "s", 0x0126: "h", 0x0127: "h", 0x0166: "t", 0x0167: "t",
        0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
    ]

    /// Folds one scalar from scratch (slow; the table caches it for common scripts).
    static func compute(_ scalar: Unicode.Scalar) -> ScalarFold {
        if let special = specialCases[scalar.value] { return .letters(Array(special.utf8)) }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return .ignored
        default: break
        }
        guard properties.isAlphabetic || properties.numericType != nil else { return .separator }
        let lower = properties.lowercaseMapping
        // Canonical decomposition splits "é" into "e" + U+0301; dropping the marks strips the accent.
        let decomposed = lower.decomposedStringWithCanonicalMapping.unicodeScalars.filter { mark in
            let category = mark.properties.generalCategory
            return category != .nonspacingMark && category != .enclosingMark
        }
        var folded = String.UnicodeScalarView()
        folded.append(contentsOf: decomposed)
        let result = Array(String(folded).utf8)
        return result.isEmpty ? .separator : .letters(result)
    }
}
