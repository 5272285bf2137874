extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF, form feed).
    /// Much cheaper than Foundation's `trimmingCharacters(in:)`, which the parser calls per field.
    var trimmingMarkupWhitespace: String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !ASCII.isSpace($0) }) else { return "" }
        // Safe to force: a non-space byte exists, so a last one does too.
        let last = utf8.lastIndex(where: { !ASCII.isSpace($0) })!
        return String(decoding: utf8[first...last], as: UTF8.self)
    }
}
