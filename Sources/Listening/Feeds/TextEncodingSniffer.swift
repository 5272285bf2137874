import Foundation

/// Works out how a feed's bytes are encoded and turns them into clean UTF-8.
///
/// Order of evidence: a byte-order mark; then bytes that are valid UTF-8 with at least one
/// multi-byte sequence (whatever the labels say: "ISO-8859-1" on a UTF-8 file is the most common
/// mislabelling); then the HTTP `charset`, then the XML declaration; and when nothing usable is
/// declared, UTF-8 where it is valid and Windows-1252 for each byte where it is not.
enum TextEncodingSniffer {
    /// The decoded document and the name of the encoding that was used.
    struct Decoded {
        /// UTF-8 bytes without NUL or other C0/C1 control characters (tab, LF and CR are kept).
        var utf8: [UInt8]
        /// What was used, e.g. `"UTF-8"`, `"windows-1252"`, `"UTF-8+windows-1252"` (repaired).
        var encoding: String
    }

    /// Decodes `data`, using `contentType` (an HTTP `Content-Type` value) as one of the hints.
    static func decode(_ data: Data, contentType: String?) -> Decoded {
        let bytes = [UInt8](data)
        if let decoded = decodeWithByteOrderMark(bytes) { return decoded }
        if let decoded = decodeUnmarkedWideText(bytes) { return decoded }

        let scan = scanUTF8(bytes)
        if scan.isValid && scan.multiByteSequences > 0 {
            return Decoded(utf8: clean(bytes), encoding: "UTF-8")
        }
        let declared = [charset(fromContentType: contentType), xmlDeclaredEncoding(bytes)]
            .compactMap { $0 }
            .map(EncodingLabel.init(label:))
            .first { $0 != .utf8 && $0 != .wide }
        // Mostly-UTF-8 text with a few stray single-byte characters: repair it byte by byte,
        // whatever the label says, rather than turn every "é" into "Ã©".
        let mostlyUTF8 = scan.multiByteSequences > scan.invalidBytes
        if scan.isValid || declared == nil || mostlyUTF8 {
            return Decoded(
                utf8: clean(bytes),
                encoding: scan.isValid ? "UTF-8" : (scan.multiByteSequences > 0 ? "UTF-8+windows-1252" : "windows-1252")
            )
        }
        switch declared {
        case .latin9?:
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8)
            for byte in bytes { Windows1252.appendUTF8(Windows1252.latin9Scalar(for: byte), to: &out) }
            return Decoded(utf8: clean(out), encoding: "ISO-8859-15")
        case .foundation(let encoding, let name)?:
            if let string = String(bytes: bytes, encoding: encoding) {
                return Decoded(utf8: clean(Array(string.utf8)), encoding: name)
            }
            return Decoded(utf8: clean(bytes), encoding: "windows-1252")
        default:
            // Windows-1252 for every non-ASCII byte (the bytes are not valid UTF-8 here).
            // ISO-8859-1 labels land here too, as in browsers: its 0x80–0x9F controls are never meant.
            return Decoded(utf8: clean(bytes, invalidAsWindows1252Only: true), encoding: "windows-1252")
        }
    }

    // MARK: - Byte-order marks and UTF-16/32

    private static func decodeWithByteOrderMark(_ bytes: [UInt8]) -> Decoded? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Decoded(utf8: clean(Array(bytes.dropFirst(3))), encoding: "UTF-8")
        }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            let bigEndian = bytes[0] == 0
            return Decoded(utf8: clean(decodeUTF32(bytes.dropFirst(4), bigEndian: bigEndian)),
                           encoding: bigEndian ? "UTF-32BE" : "UTF-32LE")
        }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            let bigEndian = bytes[0] == 0xFE
            return Decoded(utf8: clean(decodeUTF16(bytes.dropFirst(2), bigEndian: bigEndian)),
                           encoding: bigEndian ? "UTF-16BE" : "UTF-16LE")
        }
        return nil
    }

    /// UTF-16 without a mark still shows itself: `<` next to a NUL byte.
    private static func decodeUnmarkedWideText(_ bytes: [UInt8]) -> Decoded? {
        guard bytes.count >= 4 else { return nil }
        if bytes[0] == 0, bytes[1] == UInt8(ascii: "<"), bytes[2] == 0 {
            return Decoded(utf8: clean(decodeUTF16(bytes[...], bigEndian: true)), encoding: "UTF-16BE")
        }
        if bytes[0] == UInt8(ascii: "<"), bytes[1] == 0, bytes[3] == 0 {
            return Decoded(utf8: clean(decodeUTF16(bytes[...], bigEndian: false)), encoding: "UTF-16LE")
        }
        return nil
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    private static func decodeUTF32(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index + 3 < bytes.endIndex {
            let quad = (0..<4).map { UInt32(bytes[index + $0]) }
            let value = bigEndian
                ? quad[0] << 24 | quad[1] << 16 | quad[2] << 8 | quad[3]
                : quad[3] << 24 | quad[2] << 16 | quad[1] << 8 | quad[0]
            Windows1252.appendUTF8(Unicode.Scalar(value) == nil ? 0xFFFD : value, to: &out)
            index += 4
        }
        return out
    }

    // MARK: - Labels

    /// What an encoding label means to this decoder.
    enum EncodingLabel: Equatable {
        case utf8, wide, windows1252, latin9
        case foundation(String.Encoding, String)

        init(label: String) {
            switch label.lowercased().trimmingCharacters(in: .whitespaces) {
            case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
                self = .utf8
            case let wide where wide.hasPrefix("utf-16") || wide.hasPrefix("utf-32") || wide.hasPrefix("ucs-") || wide == "unicode":
                self = .wide
            case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9":
                self = .latin9
            case "windows-1250", "cp1250", "x-cp1250": self = .foundation(.windowsCP1250, "windows-1250")
            case "windows-1251", "cp1251", "x-cp1251": self = .foundation(.windowsCP1251, "windows-1251")
            case "windows-1253", "cp1253": self = .foundation(.windowsCP1253, "windows-1253")
            case "windows-1254", "cp1254": self = .foundation(.windowsCP1254, "windows-1254")
            case "iso-8859-2", "iso8859-2", "latin2", "l2": self = .foundation(.isoLatin2, "ISO-8859-2")
            case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji": self = .foundation(.shiftJIS, "Shift_JIS")
            case "euc-jp", "x-euc-jp": self = .foundation(.japaneseEUC, "EUC-JP")
            case "iso-2022-jp": self = .foundation(.iso2022JP, "ISO-2022-JP")
            case "macintosh", "mac", "x-mac-roman", "macroman": self = .foundation(.macOSRoman, "macintosh")
            default:
                // ISO-8859-1, US-ASCII, windows-1252 and anything unknown: the Western default.
                self = .windows1252
            }
        }
    }

    /// The `charset` parameter of a `Content-Type` value, unquoted.
    static func charset(fromContentType contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The `encoding` pseudo-attribute of an XML declaration at the start of the bytes.
    static func xmlDeclaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(512)
        guard let start = firstIndex(of: Array("<?xml".utf8), in: head),
              let end = firstIndex(of: Array("?>".utf8), in: head[start...]) else { return nil }
        let declaration = String(decoding: head[start..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return value.isEmpty ? nil : String(value)
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    // MARK: - UTF-8 scanning and cleaning

    /// Whether the bytes are valid UTF-8, and how many multi-byte sequences they hold.
    static func scanUTF8(_ bytes: [UInt8]) -> (isValid: Bool, multiByteSequences: Int, invalidBytes: Int) {
        var index = 0
        var multiByte = 0
        var invalid = 0
        while index < bytes.count {
            if bytes[index] < 0x80 { index += 1; continue }
            if let length = sequenceLength(bytes, at: index) {
                multiByte += 1
                index += length
            } else {
                invalid += 1
                index += 1
            }
        }
        return (invalid == 0, multiByte, invalid)
    }

    /// The length of the valid UTF-8 sequence starting at `index`, or nil if it is not one.
    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xE1...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }

    /// Copies valid UTF-8 through, decodes each invalid byte as Windows-1252, drops control
    /// characters XML forbids, and maps C1 controls (U+0080–U+009F, left by a Windows-1252 text
    /// that was once decoded as Latin-1) to the Windows-1252 characters they stand for.
    static func clean(_ bytes: [UInt8], invalidAsWindows1252Only: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte >= 0x20 && byte != 0x7F || byte == 0x09 || byte == 0x0A || byte == 0x0D { out.append(byte) }
                index += 1
                continue
            }
            if !invalidAsWindows1252Only, let length = sequenceLength(bytes, at: index) {
                if byte == 0xC2, bytes[index + 1] <= 0x9F {
                    if let scalar = Windows1252.scalar(for: bytes[index + 1]) { Windows1252.appendUTF8(scalar, to: &out) }
                } else {
                    out.append(contentsOf: bytes[index..<index + length])
                }
                index += length
                continue
            }
            if let scalar = Windows1252.scalar(for: byte) { Windows1252.appendUTF8(scalar, to: &out) }
            index += 1
        }
        return out
    }
}
