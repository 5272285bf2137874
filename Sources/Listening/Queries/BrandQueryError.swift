/// A query syntax error: a stable code with parameters (for translation) and the position in the query.
public struct BrandQueryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; the raw value is stable and can key a translation table.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        case emptyQuery
        case unclosedParenthesis
        case unexpectedClosingParenthesis
        case emptyParentheses
        case danglingOperator
        case unterminatedQuote
        case emptyPhrase
        case nearDistanceMissing
        case nearDistanceOutOfRange
        case nearOperandInvalid
        case wildcardTooShort
        case wildcardTooLong
        case wildcardMisplaced
        case termWithoutLetters
        case unknownField
        case fieldValueMissing
        case invalidFieldValue
        case onlyNegative
    }

    /// The error code.
    public var code: Code
    /// Offset of the offending text, in characters (grapheme clusters) from the start of the query.
    public var offset: Int
    /// Length of the offending text, in characters (at least 1 unless the query is empty).
    public var length: Int
    /// Values substituted in the message, e.g. `["operator": "AND"]`.
    public var parameters: [String: String]

    /// Creates an error.
    public init(_ code: Code, offset: Int, length: Int = 1, parameters: [String: String] = [:]) {
        self.code = code
        self.offset = offset
        self.length = length
        self.parameters = parameters
    }

    /// The English message, with the character position (1-based, as a user counts).
    public var message: String {
        let p = parameters
        let text: String
        switch code {
        case .emptyQuery: text = "The query is empty."
        case .unclosedParenthesis: text = "This parenthesis is never closed."
        case .unexpectedClosingParenthesis: text = "This closing parenthesis has no matching opening parenthesis."
        case .emptyParentheses: text = "The parentheses contain nothing."
        case .danglingOperator: text = "\(p["operator"] ?? "The operator") needs something to combine on both sides."
        case .unterminatedQuote: text = "This quotation mark is never closed."
        case .emptyPhrase: text = "The quoted phrase contains no words."
        case .nearDistanceMissing: text = "NEAR needs a distance, e.g. NEAR/5."
        case .nearDistanceOutOfRange: text = "The NEAR distance must be between \(p["min"] ?? "1") and \(p["max"] ?? "50"), not \(p["distance"] ?? "?")."
        case .nearOperandInvalid: text = "NEAR can only join words, phrases or OR groups of them."
        case .wildcardTooShort: text = "Write at least \(p["minimum"] ?? "3") letters before the * wildcard."
        case .wildcardTooLong: text = "A wildcard prefix can have at most \(p["maximum"] ?? "40") characters."
        case .wildcardMisplaced: text = "The * wildcard can only end a word."
        case .termWithoutLetters: text = "\"\(p["term"] ?? "")\" contains no letters or digits."
        case .unknownField: text = "Unknown field \"\(p["field"] ?? "")\"; use title:, text:, author:, site: or lang:."
        case .fieldValueMissing: text = "\(p["field"] ?? "The field"): must be followed by a value."
        case .invalidFieldValue: text = "\"\(p["value"] ?? "")\" is not a valid value for \(p["field"] ?? "this field"):."
        case .onlyNegative: text = "This part can match by exclusion alone; add a word it must contain."
        }
        return "\(text) (at character \(offset + 1))"
    }

    /// Same as `message`.
    public var description: String { message }
}
