import Foundation

/// Text folded for prefix search: lower case, no accents, single spaces.
enum SearchText {
    /// Folds `text` for storage and lookup.
    static func fold(_ text: String) -> String {
        if let ascii = foldASCII(text) { return ascii }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    /// The same folding for text of ASCII letters, digits and punctuation (most names and
    /// addresses), byte by byte: lower case, runs of spaces and tabs as one space, none at either
    /// end. Nil for anything else, which the full folding handles.
    private static func foldASCII(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09:
                pendingSpace = !bytes.isEmpty
            case 0x21...0x7E:
                if pendingSpace { bytes.append(0x20); pendingSpace = false }
                bytes.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            default:
                return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The two search keys of a name: "first last" and "last first".
    static func nameKeys(first: String?, last: String?) -> (String, String) {
        let f = fold(first ?? ""), l = fold(last ?? "")
        return ([f, l].filter { !$0.isEmpty }.joined(separator: " "), [l, f].filter { !$0.isEmpty }.joined(separator: " "))
    }

    /// The exclusive upper bound of all strings starting with `prefix`, for index-friendly range scans.
    static func upperBound(ofPrefix prefix: String) -> String {
        prefix + "\u{10FFFF}"
    }
}
