extension BrandQuery {
    /// Canonical text of the query: explicit operators, minimal parentheses; parsing it gives back the same query.
    public var canonicalText: String {
        switch self {
        case .term(let word):
            return word
        case .prefix(let prefix):
            return prefix + "*"
        case .phrase(let words):
            return "\"" + words.map(\.canonicalText).joined(separator: " ") + "\""
        case .near(let left, let right, let distance):
            return "\(left.wrapped(above: .near)) NEAR/\(distance) \(right.wrapped(above: .near))"
        case .and(let items):
            return items.map { $0.wrapped(above: .and) }.joined(separator: " AND ")
        case .or(let items):
            return items.map { $0.wrapped(above: .or) }.joined(separator: " OR ")
        case .not(let inner):
            return "NOT " + inner.wrapped(above: .not)
        case .field(let field, let inner):
            return field.rawValue + ":" + inner.wrapped(above: .field)
        case .site(let host):
            return "site:" + host
        case .language(let code):
            return "lang:" + code
        }
    }

    /// Binding strength, loosest first.
    private enum Level: Int, Comparable {
        case or, and, near, not, field, atom
        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private var level: Level {
        switch self {
        case .or: .or
        case .and: .and
        case .near: .near
        case .not: .not
        case .field: .field
        case .term, .prefix, .phrase, .site, .language: .atom
        }
    }

    /// The canonical text, in parentheses unless it binds tighter than the parent
    /// (NOT of NOT and fields of atoms need none).
    private func wrapped(above parent: Level) -> String {
        let needsParentheses: Bool
        switch parent {
        case .not: needsParentheses = level < .not
        case .field: needsParentheses = level != .atom || { if case .site = self { true } else if case .language = self { true } else { false } }()
        default: needsParentheses = level <= parent
        }
        return needsParentheses ? "(" + canonicalText + ")" : canonicalText
    }
}

extension PhraseWord {
    /// The word as written in a query (`beton*` for a prefix).
    public var canonicalText: String {
        switch self {
        case .word(let word): word
        case .prefix(let prefix): prefix + "*"
        }
    }
}
