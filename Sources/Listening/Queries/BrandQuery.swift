/// A parsed boolean brand query; terms are stored already normalised (see `TextNormalizer`).
public indirect enum BrandQuery: Hashable, Sendable {
    /// A whole word, e.g. `grue`.
    case term(String)
    /// A word prefix written `beton*`; the associated value has no `*`.
    case prefix(String)
    /// Consecutive words, written `"service client"`; always two words or more.
    case phrase([PhraseWord])
    /// Both operands occur in the same field with at most `distance` words between them, either order.
    case near(BrandQuery, BrandQuery, distance: Int)
    /// Every operand matches (two or more operands).
    case and([BrandQuery])
    /// At least one operand matches (two or more operands).
    case or([BrandQuery])
    /// The operand does not match.
    case not(BrandQuery)
    /// Restricts the words of the operand to one text field (`title:`, `text:`, `author:`).
    case field(TextField, BrandQuery)
    /// The post's host is the value or a subdomain of it (`site:lemonde.fr`).
    case site(String)
    /// The post's language code is the value (`lang:fr`).
    case language(String)
}

/// One word of a phrase: a whole word or a prefix.
public enum PhraseWord: Hashable, Sendable {
    /// A whole normalised word.
    case word(String)
    /// A normalised prefix (written with a trailing `*`).
    case prefix(String)
}

/// A searchable text field of a post.
public enum TextField: String, CaseIterable, Hashable, Sendable {
    /// The post's title.
    case title
    /// The post's body text.
    case text
    /// The post's author name.
    case author

    /// Bit of this field in a field mask.
    var bit: UInt8 {
        switch self {
        case .title: 1
        case .text: 2
        case .author: 4
        }
    }

    /// Fields searched when a query names no field: title and text.
    static let defaultMask: UInt8 = TextField.title.bit | TextField.text.bit
}
