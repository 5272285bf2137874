/// A query that matched a post, with the places to highlight.
public struct QueryMatch<ID: Hashable & Sendable>: Hashable, Sendable {
    /// The id the query was registered with.
    public var queryID: ID
    /// Occurrences of the query's positive words, phrases and NEAR pairs, sorted by field then position.
    public var highlights: [Highlight]
}

/// A stretch of a post's field to highlight.
public struct Highlight: Hashable, Sendable, Comparable {
    /// The field it is in.
    public var field: TextField
    /// UTF-8 offsets in that field's original text.
    public var utf8Range: Range<Int>

    /// Creates a highlight.
    public init(field: TextField, utf8Range: Range<Int>) {
        self.field = field
        self.utf8Range = utf8Range
    }

    /// The highlighted range as string indices of the post's field.
    public func range(in post: ListeningPost) -> Range<String.Index> {
        let utf8 = post.text(of: field).utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: utf8Range.lowerBound)
        let upper = utf8.index(utf8.startIndex, offsetBy: utf8Range.upperBound)
        return lower ..< upper
    }

    /// The highlighted range in UTF-16 code units, as JavaScript counts them in the UI.
    public func utf16Range(in post: ListeningPost) -> Range<Int> {
        let text = post.text(of: field)
        let range = self.range(in: post)
        let lower = text.utf16.distance(from: text.startIndex, to: range.lowerBound)
        return lower ..< lower + text.utf16.distance(from: range.lowerBound, to: range.upperBound)
    }

    /// Orders by field (title, text, author) then offset.
    public static func < (lhs: Highlight, rhs: Highlight) -> Bool {
        let fields = TextField.allCases
        if lhs.field != rhs.field {
            // Safe: both fields are cases of TextField.
            return fields.firstIndex(of: lhs.field)! < fields.firstIndex(of: rhs.field)!
        }
        return (lhs.utf8Range.lowerBound, lhs.utf8Range.upperBound) < (rhs.utf8Range.lowerBound, rhs.utf8Range.upperBound)
    }
}
