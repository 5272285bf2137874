import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// The text without the white space and line breaks around it, exactly as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it. Most texts a form or an API call
    /// brings have nothing to trim: when the first and the last byte are visible ASCII characters, the
    /// text is returned as it is, without going through Foundation's character sets (an entry trims
    /// a dozen fields).
    var trimmedText: String {
        let bytes = utf8
        if bytes.isEmpty { return "" }
        if let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return String(self)
        }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
