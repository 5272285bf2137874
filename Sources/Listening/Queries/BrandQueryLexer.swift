/// One lexical unit of a query, with its position in characters.
struct QueryToken: Equatable {
    /// What the token is.
    enum Kind: Equatable {
        case openParenthesis
        case closeParenthesis
        case and
        case or
        case not
        case near(distance: Int)
        /// Raw text between quotes; `contentOffset` is where it starts.
        case phrase(String, contentOffset: Int)
        /// A bare word as typed (may end with `*`).
        case word(String)
        /// `name:` and the text glued after the colon (empty when a group or phrase follows).
        case field(QueryFieldName, value: String, valueOffset: Int)
    }

    var kind: Kind
    var offset: Int
    var length: Int
}

/// The field names a query may use before a colon.
enum QueryFieldName: String, CaseIterable {
    case title, text, author, site, lang
}

/// Splits a query into tokens; keywords are upper-case only (`AND`, `OR`, `NOT`, `NEAR/n`).
struct BrandQueryLexer {
    /// Smallest and largest NEAR distance.
    static let nearDistances = 1 ... 50
    /// Closing quote for each accepted opening quote (ASCII, English curly, French guillemets).
    private static let quotePairs: [Character: Character] = ["\"": "\"", "\u{201C}": "\u{201D}", "\u{00AB}": "\u{00BB}"]

    private let characters: [Character]

    init(_ source: String) {
        characters = Array(source)
    }

    /// All tokens of the query, or the first lexical error.
    func tokens() throws(BrandQueryError) -> [QueryToken] {
        var result: [QueryToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "(" {
                result.append(QueryToken(kind: .openParenthesis, offset: index, length: 1))
                index += 1
            } else if character == ")" {
                result.append(QueryToken(kind: .closeParenthesis, offset: index, length: 1))
                index += 1
            } else if let closing = Self.quotePairs[character] {
                guard let end = characters[(index + 1)...].firstIndex(of: closing) else {
                    throw BrandQueryError(.unterminatedQuote, offset: index)
                }
                let content = String(characters[(index + 1) ..< end])
                result.append(QueryToken(kind: .phrase(content, contentOffset: index + 1), offset: index, length: end - index + 1))
                index = end + 1
            } else if character == "-", index + 1 < characters.count, startsOperand(characters[index + 1]) {
                // `-word` is NOT word; a hyphen inside a word (`e-mail`) never reaches here.
                result.append(QueryToken(kind: .not, offset: index, length: 1))
                index += 1
            } else {
                var end = index
                while end < characters.count, !endsWord(characters[end]) { end += 1 }
                result.append(try classify(String(characters[index ..< end]), offset: index))
                index = end
            }
        }
        return result
    }

    private func startsOperand(_ character: Character) -> Bool {
        !character.isWhitespace && character != ")" && character != "-"
    }

    private func endsWord(_ character: Character) -> Bool {
        character.isWhitespace || character == "(" || character == ")" || Self.quotePairs[character] != nil
    }

    private func classify(_ word: String, offset: Int) throws(BrandQueryError) -> QueryToken {
        let length = word.count
        switch word {
        case "AND": return QueryToken(kind: .and, offset: offset, length: length)
        case "OR": return QueryToken(kind: .or, offset: offset, length: length)
        case "NOT": return QueryToken(kind: .not, offset: offset, length: length)
        default: break
        }
        if word == "NEAR" || word.hasPrefix("NEAR/") {
            let digits = word.dropFirst(5)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                throw BrandQueryError(.nearDistanceMissing, offset: offset, length: length)
            }
            guard let distance = Int(digits), Self.nearDistances.contains(distance) else {
                throw BrandQueryError(.nearDistanceOutOfRange, offset: offset, length: length, parameters: [
                    "distance": String(digits), "min": "\(Self.nearDistances.lowerBound)", "max": "\(Self.nearDistances.upperBound)",
                ])
            }
            return QueryToken(kind: .near(distance: distance), offset: offset, length: length)
        }
        if let colon = word.firstIndex(of: ":") {
            let name = word[..<colon]
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) {
                guard let field = QueryFieldName(rawValue: name.lowercased()) else {
                    throw BrandQueryError(.unknownField, offset: offset, length: name.count + 1, parameters: ["field": String(name)])
                }
                let value = String(word[word.index(after: colon)...])
                return QueryToken(kind: .field(field, value: value, valueOffset: offset + name.count + 1), offset: offset, length: length)
            }
        }
        return QueryToken(kind: .word(word), offset: offset, length: length)
    }
}
