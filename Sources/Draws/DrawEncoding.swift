/// Byte encodings of docs/DRAWS.md §2: lowercase hex, and big-endian integers for stream contexts.
enum DrawEncoding {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes of a hex string (either case); throws on odd length or a non-hex character.
    static func bytes(hex text: String) throws(DrawError) -> [UInt8] {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { throw .invalidHex }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            out.append(try nibble(chars[index]) << 4 | nibble(chars[index + 1]))
            index += 2
        }
        return out
    }

    /// `u64be`: the 8 bytes of `value`, most significant first.
    static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    /// `i64be`: the 8 bytes of `value` in two's complement, most significant first.
    static func bigEndian(_ value: Int64) -> [UInt8] {
        bigEndian(UInt64(bitPattern: value))
    }

    private static func nibble(_ char: UInt8) throws(DrawError) -> UInt8 {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: throw .invalidHex
        }
    }
}
