/// Parses the brand-query language into a `BrandQuery`; see docs/QUERY-LANGUAGE.md for the grammar.
///
/// Precedence, tightest first: field prefix, NOT (and `-`), NEAR/n, AND (or juxtaposition), OR.
public struct BrandQueryParser: Sendable {
    /// Fewest characters before a `*` wildcard.
    public static let minimumPrefixLength = 3
    /// Most characters before a `*` wildcard.
    public static let maximumPrefixLength = 40

    /// Creates a parser.
    public init() {}

    /// Parses `source`, or throws the first error with its position.
    public func parse(_ source: String) throws(BrandQueryError) -> BrandQuery {
        let tokens = try BrandQueryLexer(source).tokens()
        guard !tokens.isEmpty else { throw BrandQueryError(.emptyQuery, offset: 0, length: 0) }
        var state = ParserState(tokens: tokens)
        let parsed = try state.parseOr()
        if let extra = state.peek {
            // parseOr stops only at `)` or at the end, so a leftover token is a stray `)`.
            throw BrandQueryError(.unexpectedClosingParenthesis, offset: extra.offset, length: extra.length)
        }
        if parsed.query.triggerConditions() == nil {
            let culprit = parsed.negativeCulprit()
            throw BrandQueryError(.onlyNegative, offset: culprit.offset, length: culprit.end - culprit.offset)
        }
        return parsed.query
    }
}

/// A parsed sub-query with its span, kept to point errors at the right place.
struct ParsedQuery {
    var query: BrandQuery
    var offset: Int
    var end: Int
    var children: [ParsedQuery] = []

    /// The smallest part that makes the whole query match by exclusion alone.
    func negativeCulprit() -> ParsedQuery {
        switch query {
        case .or:
            if let child = children.first(where: { $0.query.triggerConditions() == nil }) { return child.negativeCulprit() }
        case .field:
            if let child = children.first { return child.negativeCulprit() }
        default:
            break
        }
        return self
    }
}

/// Recursive-descent state over the token list.
private struct ParserState {
    let tokens: [QueryToken]
    var position = 0

    init(tokens: [QueryToken]) {
        self.tokens = tokens
    }

    var peek: QueryToken? { position < tokens.count ? tokens[position] : nil }

    mutating func next() -> QueryToken {
        defer { position += 1 }
        return tokens[position]
    }

    /// orExpr = andExpr { "OR" andExpr }
    mutating func parseOr() throws(BrandQueryError) -> ParsedQuery {
        var items = [try parseAnd()]
        while let token = peek, token.kind == .or {
            _ = next()
            try requireOperand(after: token)
            items.append(try parseAnd())
        }
        return Self.combine(items, as: BrandQuery.or)
    }

    /// andExpr = nearExpr { ["AND"] nearExpr }
    mutating func parseAnd() throws(BrandQueryError) -> ParsedQuery {
        var items = [try parseNear()]
        while let token = peek {
            if token.kind == .and {
                _ = next()
                try requireOperand(after: token)
            } else if !Self.startsOperand(token) {
                break
            }
            items.append(try parseNear())
        }
        return Self.combine(items, as: BrandQuery.and)
    }

    /// nearExpr = unary { "NEAR/" n unary }, operands positional only.
    mutating func parseNear() throws(BrandQueryError) -> ParsedQuery {
        var left = try parseUnary()
        while let token = peek, case .near(let distance) = token.kind {
            _ = next()
            try requireOperand(after: token)
            let right = try parseUnary()
            for operand in [left, right] where !operand.query.isPositional {
                throw BrandQueryError(.nearOperandInvalid, offset: operand.offset, length: operand.end - operand.offset)
            }
            left = ParsedQuery(query: .near(left.query, right.query, distance: distance), offset: left.offset, end: right.end, children: [left, right])
        }
        return left
    }

    /// unary = ("NOT" | "-") unary | primary
    mutating func parseUnary() throws(BrandQueryError) -> ParsedQuery {
        guard let token = peek, token.kind == .not else { return try parsePrimary() }
        _ = next()
        try requireOperand(after: token)
        let operand = try parseUnary()
        return ParsedQuery(query: .not(operand.query), offset: token.offset, end: operand.end, children: [operand])
    }

    /// primary = "(" orExpr ")" | phrase | word | field
    mutating func parsePrimary() throws(BrandQueryError) -> ParsedQuery {
        guard let token = peek else {
            // Callers check for an operand first, so only an empty token list could get here.
            throw BrandQueryError(.emptyQuery, offset: 0, length: 0)
        }
        switch token.kind {
        case .openParenthesis:
            _ = next()
            if let close = peek, close.kind == .closeParenthesis {
                throw BrandQueryError(.emptyParentheses, offset: token.offset, length: close.offset - token.offset + 1)
            }
            var inner = try parseOr()
            guard let close = peek, close.kind == .closeParenthesis else {
                throw BrandQueryError(.unclosedParenthesis, offset: token.offset)
            }
            _ = next()
            inner.offset = token.offset
            inner.end = close.offset + 1
            return inner
        case .closeParenthesis:
            throw BrandQueryError(.unexpectedClosingParenthesis, offset: token.offset)
        case .word(let raw):
            _ = next()
            return try Self.parseWords([(raw, token.offset)], span: token)
        case .phrase(let raw, let contentOffset):
            _ = next()
            let chunks = Self.splitOnWhitespace(raw, offset: contentOffset)
            guard !chunks.isEmpty else { throw BrandQueryError(.emptyPhrase, offset: token.offset, length: token.length) }
            return try Self.parseWords(chunks, span: token)
        case .field(let name, let value, let valueOffset):
            _ = next()
            return try parseField(name, value: value, valueOffset: valueOffset, token: token)
        case .and, .or, .not, .near:
            throw Self.dangling(token)
        }
    }

    mutating func parseField(_ name: QueryFieldName, value: String, valueOffset: Int, token: QueryToken) throws(BrandQueryError) -> ParsedQuery {
        let fieldName = name.rawValue
        switch name {
        case .site, .lang:
            guard !value.isEmpty else {
                throw BrandQueryError(.fieldValueMissing, offset: token.offset, length: token.length, parameters: ["field": fieldName])
            }
            let normalized = value.lowercased()
            let query: BrandQuery? = name == .site ? Self.siteQuery(normalized) : Self.languageQuery(normalized)
            guard let query else {
                throw BrandQueryError(.invalidFieldValue, offset: valueOffset, length: value.count, parameters: ["field": fieldName, "value": value])
            }
            return ParsedQuery(query: query, offset: token.offset, end: token.offset + token.length)
        case .title, .text, .author:
            // Safe: the three cases share their names with TextField.
            let field = TextField(rawValue: fieldName)!
            let operand: ParsedQuery
            if !value.isEmpty {
                operand = try Self.parseWords([(value, valueOffset)], span: token)
            } else if let next = peek, Self.isPrimaryStart(next) {
                operand = try parsePrimary()
            } else {
                throw BrandQueryError(.fieldValueMissing, offset: token.offset, length: token.length, parameters: ["field": fieldName])
            }
            return ParsedQuery(query: .field(field, operand.query), offset: token.offset, end: operand.end, children: [operand])
        }
    }

    /// Throws when `token` (an operator) is not followed by something it can apply to.
    func requireOperand(after token: QueryToken) throws(BrandQueryError) {
        guard let next = peek, Self.startsOperand(next) else { throw Self.dangling(token) }
    }

    static func dangling(_ token: QueryToken) -> BrandQueryError {
        let name: String
        switch token.kind {
        case .and: name = "AND"
        case .or: name = "OR"
        case .not: name = "NOT"
        case .near(let distance): name = "NEAR/\(distance)"
        default: name = "operator"
        }
        return BrandQueryError(.danglingOperator, offset: token.offset, length: token.length, parameters: ["operator": name])
    }

    static func startsOperand(_ token: QueryToken) -> Bool {
        token.kind == .not || isPrimaryStart(token)
    }

    static func isPrimaryStart(_ token: QueryToken) -> Bool {
        switch token.kind {
        case .openParenthesis, .word, .phrase, .field: true
        case .closeParenthesis, .and, .or, .not, .near: false
        }
    }

    static func combine(_ items: [ParsedQuery], as make: ([BrandQuery]) -> BrandQuery) -> ParsedQuery {
        guard items.count > 1, let first = items.first, let last = items.last else { return items[0] }
        return ParsedQuery(query: make(items.map(\.query)), offset: first.offset, end: last.end, children: items)
    }

    static func splitOnWhitespace(_ text: String, offset: Int) -> [(String, Int)] {
        var chunks: [(String, Int)] = []
        var current = ""
        var start = offset
        for (index, character) in text.enumerated() {
            if character.isWhitespace {
                if !current.isEmpty { chunks.append((current, start)) }
                current = ""
            } else {
                if current.isEmpty { start = offset + index }
                current.append(character)
            }
        }
        if !current.isEmpty { chunks.append((current, start)) }
        return chunks
    }

    /// Turns typed words (a bare word, or the words of a quoted phrase) into a term, prefix or phrase.
    static func parseWords(_ chunks: [(String, Int)], span: QueryToken) throws(BrandQueryError) -> ParsedQuery {
        var words: [PhraseWord] = []
        for (raw, offset) in chunks {
            var stem = Substring(raw)
            let isPrefix = raw.hasSuffix("*")
            if isPrefix { stem = stem.dropLast() }
            if let star = stem.firstIndex(of: "*") {
                throw BrandQueryError(.wildcardMisplaced, offset: offset + stem.distance(from: stem.startIndex, to: star))
            }
            let normalized = TextNormalizer.words(in: String(stem))
            guard let last = normalized.last else {
                throw BrandQueryError(isPrefix ? .wildcardTooShort : .termWithoutLetters, offset: offset, length: raw.count,
                                      parameters: isPrefix ? ["minimum": "\(BrandQueryParser.minimumPrefixLength)"] : ["term": raw])
            }
            words += normalized.dropLast().map(PhraseWord.word)
            if isPrefix {
                guard last.count >= BrandQueryParser.minimumPrefixLength else {
                    throw BrandQueryError(.wildcardTooShort, offset: offset, length: raw.count, parameters: ["minimum": "\(BrandQueryParser.minimumPrefixLength)"])
                }
                guard last.count <= BrandQueryParser.maximumPrefixLength else {
                    throw BrandQueryError(.wildcardTooLong, offset: offset, length: raw.count, parameters: ["maximum": "\(BrandQueryParser.maximumPrefixLength)"])
                }
                words.append(.prefix(last))
            } else {
                words.append(.word(last))
            }
        }
        let query: BrandQuery
        switch (words.count, words.first) {
        case (1, .word(let word)?): query = .term(word)
        case (1, .prefix(let prefix)?): query = .prefix(prefix)
        default: query = .phrase(words)
        }
        return ParsedQuery(query: query, offset: span.offset, end: span.offset + span.length)
    }

    /// `site:` takes a host name (letters, digits, dots, hyphens), e.g. `lemonde.fr`.
    static func siteQuery(_ value: String) -> BrandQuery? {
        let allowed = value.unicodeScalars.allSatisfy { ("a" ... "z").contains($0) || ("0" ... "9").contains($0) || $0 == "." || $0 == "-" }
        guard allowed, !value.hasPrefix("."), !value.hasSuffix("."), !value.contains("..") else { return nil }
        return .site(value)
    }

    /// `lang:` takes a two- or three-letter ISO 639 code, e.g. `fr`.
    static func languageQuery(_ value: String) -> BrandQuery? {
        guard (2 ... 3).contains(value.count), value.unicodeScalars.allSatisfy({ ("a" ... "z").contains($0) }) else { return nil }
        return .language(value)
    }
}
