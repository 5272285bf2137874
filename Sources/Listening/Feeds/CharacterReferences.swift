/// Decodes character references (`&amp;`, `&#233;`, `&#xE9;`, `&eacute;`) in XML or HTML text.
///
/// Tolerant by design: an `&` that starts no known reference stays a literal `&`, HTML names
/// are accepted in XML (feeds use `&eacute;` without declaring it), numeric references to the
/// 0x80–0x9F range are read as Windows-1252 as browsers do (`&#146;` is ’), and references to
/// control characters are dropped.
enum CharacterReferences {
    /// XML text takes references only with their `;`; HTML text also takes the legacy names without it (`&copy 2010`).
    enum Mode { case xml, html }

    private static let ampersand = UInt8(ascii: "&")
    private static let semicolon = UInt8(ascii: ";")
    private static let longestName = 32

    /// Decodes `bytes[range]` to a string. `declared` holds entities from a DOCTYPE's internal subset.
    static func decode(_ bytes: [UInt8], _ range: Range<Int>, mode: Mode, declared: [String: String] = [:]) -> String {
        guard let first = bytes[range].firstIndex(of: ampersand) else {
            return String(decoding: bytes[range], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        out.append(contentsOf: bytes[range.lowerBound..<first])
        var index = first
        while index < range.upperBound {
            let byte = bytes[index]
            if byte != ampersand {
                out.append(byte)
                index += 1
            } else if let (length, replacement) = reference(in: bytes, at: index, end: range.upperBound, mode: mode, declared: declared) {
                out.append(contentsOf: replacement.utf8)
                index += length
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a whole string (convenience for short values).
    static func decode(_ string: String, mode: Mode) -> String {
        let bytes = Array(string.utf8)
        return decode(bytes, 0..<bytes.count, mode: mode)
    }

    /// The reference starting at `start` (which holds `&`): how many bytes it spans and its text.
    private static func reference(
        in bytes: [UInt8], at start: Int, end: Int, mode: Mode, declared: [String: String]
    ) -> (Int, String)? {
        var index = start + 1
        guard index < end else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            return numericReference(in: bytes, at: start, end: end)
        }
        let nameStart = index
        while index < end, index - nameStart < longestName, isAlphanumeric(bytes[index]) { index += 1 }
        guard index > nameStart else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        if index < end, bytes[index] == semicolon {
            if let value = declared[name] ?? HTMLEntities.character(named: name + ";") {
                return (index + 1 - start, value)
            }
            return nil
        }
        guard mode == .html else { return nil }
        // Legacy names without ";" (HTML's "&copy2010" → "©2010"): the longest one that matches.
        var length = min(name.utf8.count, HTMLEntities.longestLegacyName)
        while length >= 2 {
            let prefix = String(decoding: bytes[nameStart..<nameStart + length], as: UTF8.self)
            if let value = HTMLEntities.character(named: prefix) { return (1 + length, value) }
            length -= 1
        }
        return nil
    }

    private static func numericReference(in bytes: [UInt8], at start: Int, end: Int) -> (Int, String)? {
        var index = start + 2
        var radix: UInt32 = 10
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "x") {
            radix = 16
            index += 1
        }
        let digitsStart = index
        var value: UInt32 = 0
        while index < end, let digit = digitValue(bytes[index], radix: radix) {
            value = min(value * radix + digit, 0x110000)
            index += 1
        }
        guard index > digitsStart else { return nil }
        if index < end, bytes[index] == semicolon { index += 1 }
        return (index - start, text(forCodePoint: value))
    }

    /// The text a numeric reference stands for, after the browser-style repairs.
    static func text(forCodePoint value: UInt32) -> String {
        switch value {
        case 0x09, 0x0A, 0x0D:
            return String(Character(Unicode.Scalar(UInt8(value))))
        case 0x00..<0x20, 0x7F:
            return ""
        case 0x80...0x9F:
            guard let mapped = Windows1252.scalar(for: UInt8(value)), let scalar = Unicode.Scalar(mapped) else { return "" }
            return String(Character(scalar))
        default:
            guard let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
            return String(Character(scalar))
        }
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
