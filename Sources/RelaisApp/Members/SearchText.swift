import Foundation

/// Text folded for prefix search: lower case, no accents, single spaces.
enum SearchText {
    /// Folds `text` for storage and lookup.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
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
