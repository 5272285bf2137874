/// One piece of markup read by `XMLTokenizer`.
enum XMLToken {
    /// `<name attr="value">` or `<name/>`; attribute values have their references decoded.
    case startTag(name: String, attributes: [XMLAttribute], selfClosing: Bool)
    /// `</name>`.
    case endTag(name: String)
    /// Character data with references decoded.
    case text(String)
    /// The content of a `<![CDATA[ … ]]>` section, verbatim.
    case cdata(String)
    /// The body of a `<!DOCTYPE …>` declaration, verbatim.
    case doctype(String)
}

/// An attribute as written (`xml:base`, `href`), with its value decoded.
struct XMLAttribute: Sendable, Equatable {
    /// The qualified name, prefix included.
    var name: String
    /// The decoded value.
    var value: String
}

/// A forgiving, non-recursive XML tokenizer over UTF-8 bytes.
///
/// It never throws: a `<` that opens no tag is text, an `&` that starts no reference is text,
/// attributes may be unquoted or valueless, comments and processing instructions are skipped,
/// and input that ends inside a construct simply ends the token stream (`isTruncated` tells).
/// Every step moves forward, so the work is linear in the input.
struct XMLTokenizer {
    /// The document, UTF-8.
    let bytes: [UInt8]
    /// Where the next token starts.
    private(set) var position = 0
    /// Where the token last returned started.
    private(set) var tokenStart = 0
    /// True when the input ended inside a tag, comment or CDATA section.
    private(set) var isTruncated = false
    /// Entities declared in the DOCTYPE's internal subset, expanded once (never recursively).
    var declaredEntities: [String: String] = [:]

    /// Attributes kept per tag; real feeds use a handful.
    static let maximumAttributes = 64

    /// Starts at the beginning of `bytes`.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next token, or nil at the end of the input.
    mutating func next() -> XMLToken? {
        while position < bytes.count {
            tokenStart = position
            guard bytes[position] == ASCII.lessThan else { return readText() }
            let following = position + 1 < bytes.count ? bytes[position + 1] : 0
            if following == ASCII.slash, position + 2 < bytes.count, ASCII.isNameStart(bytes[position + 2]) {
                return readEndTag()
            } else if ASCII.isNameStart(following) {
                if let tag = readStartTag() { return tag }
                return nil
            } else if following == ASCII.exclamation {
                if let token = readDeclaration() { return token }
            } else if following == ASCII.question {
                skip(past: [ASCII.question, ASCII.greaterThan], orEnd: true)
            } else {
                return readText()
            }
        }
        return nil
    }

    // MARK: - Text

    private mutating func readText() -> XMLToken {
        let start = position
        // A "<" that opens nothing (as in "a < b") is part of the text.
        var index = bytes[position] == ASCII.lessThan ? position + 1 : position
        while index < bytes.count, bytes[index] != ASCII.lessThan { index += 1 }
        position = index
        return .text(CharacterReferences.decode(bytes, start..<index, mode: .xml, declared: declaredEntities))
    }

    // MARK: - Tags

    private mutating func readEndTag() -> XMLToken? {
        let nameStart = position + 2
        var index = nameStart
        while index < bytes.count, ASCII.isNameChar(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        while index < bytes.count, bytes[index] != ASCII.greaterThan { index += 1 }
        guard index < bytes.count else { return truncate() }
        position = index + 1
        return .endTag(name: name)
    }

    private mutating func readStartTag() -> XMLToken? {
        var index = position + 1
        let nameStart = index
        while index < bytes.count, ASCII.isNameChar(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        var attributes: [XMLAttribute] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.greaterThan {
                position = index + 1
                return .startTag(name: name, attributes: attributes, selfClosing: false)
            }
            if byte == ASCII.slash, index + 1 < bytes.count, bytes[index + 1] == ASCII.greaterThan {
                position = index + 2
                return .startTag(name: name, attributes: attributes, selfClosing: true)
            }
            guard ASCII.isNameStart(byte) else {
                index += 1  // Stray character between attributes: skip it.
                continue
            }
            let attributeStart = index
            while index < bytes.count, ASCII.isNameChar(bytes[index]) { index += 1 }
            let attributeName = String(decoding: bytes[attributeStart..<index], as: UTF8.self)
            while index < bytes.count, ASCII.isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < bytes.count, bytes[index] == ASCII.equals {
                index += 1
                while index < bytes.count, ASCII.isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { break }
                let quote = bytes[index]
                let valueStart: Int
                if quote == ASCII.doubleQuote || quote == ASCII.singleQuote {
                    valueStart = index + 1
                    index = valueStart
                    while index < bytes.count, bytes[index] != quote { index += 1 }
                    guard index < bytes.count else { break }
                    value = CharacterReferences.decode(bytes, valueStart..<index, mode: .xml, declared: declaredEntities)
                    index += 1
                } else {
                    valueStart = index
                    while index < bytes.count, !ASCII.isSpace(bytes[index]), bytes[index] != ASCII.greaterThan { index += 1 }
                    value = CharacterReferences.decode(bytes, valueStart..<index, mode: .xml, declared: declaredEntities)
                }
            }
            // The first of a repeated attribute wins; past a bound the rest are dropped, which
            // keeps this check linear on hostile input.
            if attributes.count < Self.maximumAttributes, !attributes.contains(where: { $0.name == attributeName }) {
                attributes.append(XMLAttribute(name: attributeName, value: value))
            }
        }
        return truncate()
    }

    // MARK: - Comments, CDATA, DOCTYPE

    private mutating func readDeclaration() -> XMLToken? {
        if matches("<!--") {
            position += 4
            skip(past: Array("-->".utf8), orEnd: false)
            return nil
        }
        if matches("<![CDATA[") {
            let start = position + 9
            position = start
            guard let end = find(Array("]]>".utf8), from: start) else {
                // Unterminated CDATA: keep what is there, the element it sits in is incomplete anyway.
                position = bytes.count
                isTruncated = true
                return .cdata(String(decoding: bytes[start...], as: UTF8.self))
            }
            position = end + 3
            return .cdata(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        if matchesCaseInsensitive("<!doctype") {
            return readDoctype()
        }
        skip(past: [ASCII.greaterThan], orEnd: true)
        return nil
    }

    private mutating func readDoctype() -> XMLToken? {
        let start = position + 9
        var index = start
        var inSubset = false
        var quote: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == ASCII.doubleQuote || byte == ASCII.singleQuote {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                inSubset = true
            } else if byte == UInt8(ascii: "]") {
                inSubset = false
            } else if byte == ASCII.greaterThan, !inSubset {
                break
            }
            index += 1
        }
        let body = String(decoding: bytes[start..<min(index, bytes.count)], as: UTF8.self)
        position = min(index + 1, bytes.count)
        declaredEntities.merge(Self.internalEntities(in: body)) { first, _ in first }
        return .doctype(body)
    }

    /// `<!ENTITY name "value">` declarations (general, internal ones only), values expanded once.
    static func internalEntities(in doctype: String) -> [String: String] {
        var entities: [String: String] = [:]
        var rest = Substring(doctype)
        // Bounded on every side so that a hostile DOCTYPE stays linear: at most 1,000
        // declarations are looked at, each within 4 KiB.
        var declarationsSeen = 0
        while declarationsSeen < 1_000, let range = rest.range(of: "<!ENTITY") {
            declarationsSeen += 1
            rest = rest[range.upperBound...]
            let words = rest.prefix(4_096).prefix { $0 != ">" }
            let trimmed = words.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            guard !trimmed.hasPrefix("%") else { continue }  // Parameter entities: not expanded.
            let name = trimmed.prefix { !" \t\r\n\"'".contains($0) }
            let afterName = trimmed.dropFirst(name.count).drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            guard !name.isEmpty, let quote = afterName.first, quote == "\"" || quote == "'" else { continue }
            let value = afterName.dropFirst().prefix { $0 != quote }
            if entities[String(name)] == nil {
                entities[String(name)] = CharacterReferences.decode(String(value), mode: .xml)
            }
        }
        return entities
    }

    // MARK: - Scanning helpers

    private mutating func truncate() -> XMLToken? {
        position = bytes.count
        isTruncated = true
        return nil
    }

    /// Moves past the next `terminator`; if there is none, to the end (`orEnd`) marking truncation unless allowed.
    private mutating func skip(past terminator: [UInt8], orEnd allowed: Bool) {
        if let end = find(terminator, from: position + 1) {
            position = end + terminator.count
        } else {
            position = bytes.count
            if !allowed { isTruncated = true }
        }
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first {
                var offset = 1
                while offset < needle.count, bytes[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return index }
            }
            index += 1
        }
        return nil
    }

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            buffer.indices.allSatisfy { bytes[position + $0] == buffer[$0] }
        }
    }

    private func matchesCaseInsensitive(_ lowercased: StaticString) -> Bool {
        let count = lowercased.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return lowercased.withUTF8Buffer { buffer in
            buffer.indices.allSatisfy { ASCII.lowercased(bytes[position + $0]) == buffer[$0] }
        }
    }
}

/// Byte constants and classes shared by the markup scanners.
enum ASCII {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let exclamation = UInt8(ascii: "!")
    static let question = UInt8(ascii: "?")
    static let equals = UInt8(ascii: "=")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")

    /// Space, tab, LF, CR or form feed.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// A byte that may start an element or attribute name (any non-ASCII byte counts, as in XML).
    static func isNameStart(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    /// A byte that may continue a name.
    static func isNameChar(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// ASCII lowercase of a byte; other bytes unchanged.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
