/// Splits HTML into text runs and tags without building a tree; used by `HTMLText`.
struct HTMLScanner {
    /// A piece of HTML; ranges index `bytes`.
    enum Token {
        /// Character data (references not yet decoded).
        case text(Range<Int>)
        /// A `<![CDATA[ … ]]>` section's content, literal.
        case cdata(Range<Int>)
        /// A start or end tag, name lowercased; `range` covers the whole tag as written.
        case tag(name: String, isEnd: Bool, isSelfClosing: Bool, range: Range<Int>)
    }

    /// The HTML, UTF-8.
    let bytes: [UInt8]
    private var position = 0

    /// Starts at the beginning of `bytes`.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next token; comments, doctypes and processing instructions are skipped.
    mutating func next() -> Token? {
        while position < bytes.count {
            let start = position
            guard bytes[position] == ASCII.lessThan else { return text(from: start) }
            let following = position + 1 < bytes.count ? bytes[position + 1] : 0
            if isLetter(following) {
                return tag(from: start, nameAt: start + 1, isEnd: false)
            } else if following == ASCII.slash, position + 2 < bytes.count, isLetter(bytes[position + 2]) {
                return tag(from: start, nameAt: start + 2, isEnd: true)
            } else if following == ASCII.exclamation {
                if starts(with: "<![CDATA[", at: start) {
                    let contentStart = start + 9
                    let end = find(Array("]]>".utf8), from: contentStart) ?? bytes.count
                    position = min(end + 3, bytes.count)
                    return .cdata(contentStart..<end)
                }
                let terminator = starts(with: "<!--", at: start) ? Array("-->".utf8) : [ASCII.greaterThan]
                let end = find(terminator, from: start + 2) ?? bytes.count
                position = min(end + terminator.count, bytes.count)
            } else if following == ASCII.question {
                let end = find([ASCII.greaterThan], from: start + 2) ?? bytes.count
                position = min(end + 1, bytes.count)
            } else {
                return text(from: start)
            }
        }
        return nil
    }

    /// Moves past `</name>`, for elements whose content is not HTML (`script`) or not wanted.
    mutating func skipRawText(until name: String) {
        let closing = Array("</\(name)".utf8)
        var index = position
        while let found = find([ASCII.lessThan], from: index) {
            if found + closing.count <= bytes.count,
               (0..<closing.count).allSatisfy({ ASCII.lowercased(bytes[found + $0]) == closing[$0] }) {
                let end = find([ASCII.greaterThan], from: found) ?? bytes.count
                position = min(end + 1, bytes.count)
                return
            }
            index = found + 1
        }
        position = bytes.count
    }

    private mutating func text(from start: Int) -> Token {
        var index = start + 1
        while index < bytes.count, bytes[index] != ASCII.lessThan { index += 1 }
        position = index
        return .text(start..<index)
    }

    private mutating func tag(from start: Int, nameAt nameStart: Int, isEnd: Bool) -> Token? {
        var index = nameStart
        while index < bytes.count, !ASCII.isSpace(bytes[index]), bytes[index] != ASCII.slash,
              bytes[index] != ASCII.greaterThan {
            index += 1
        }
        let name = String(decoding: bytes[nameStart..<index].map(ASCII.lowercased), as: UTF8.self)
        var quote: UInt8 = 0
        var afterEquals = false
        var lastSignificant: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quote != 0 {
                if byte == quote { quote = 0 }
                continue
            }
            if ASCII.isSpace(byte) { continue }
            if byte == ASCII.greaterThan {
                position = index
                return .tag(name: name, isEnd: isEnd, isSelfClosing: lastSignificant == ASCII.slash, range: start..<index)
            }
            if afterEquals, byte == ASCII.doubleQuote || byte == ASCII.singleQuote { quote = byte }
            afterEquals = byte == ASCII.equals
            lastSignificant = byte
        }
        // The input ends inside a tag: drop the rest, it is not text.
        position = bytes.count
        return nil
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    private func starts(with literal: String, at index: Int) -> Bool {
        let needle = Array(literal.utf8)
        return index + needle.count <= bytes.count && bytes[index..<index + needle.count].elementsEqual(needle)
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
