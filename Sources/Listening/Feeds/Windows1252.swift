/// The Windows-1252 and ISO-8859-15 code pages: the single-byte encodings French and
/// English feeds actually use, decoded here so the fallback never depends on the platform.
enum Windows1252 {
    /// Scalars for bytes 0x80–0x9F; 0 marks the five bytes Windows-1252 leaves undefined.
    static let highControls: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The Unicode scalar value for one Windows-1252 byte, or nil for an undefined byte.
    static func scalar(for byte: UInt8) -> UInt32? {
        guard byte >= 0x80, byte <= 0x9F else { return UInt32(byte) }
        let value = highControls[Int(byte) - 0x80]
        return value == 0 ? nil : value
    }

    /// The ISO-8859-15 (Latin-9) scalar for a byte: Latin-1 with the euro sign and a few letters swapped in.
    static func latin9Scalar(for byte: UInt8) -> UInt32 {
        switch byte {
        case 0xA4: return 0x20AC
        case 0xA6: return 0x0160
        case 0xA8: return 0x0161
        case 0xB4: return 0x017D
        case 0xB8: return 0x017E
        case 0xBC: return 0x0152
        case 0xBD: return 0x0153
        case 0xBE: return 0x0178
        default: return UInt32(byte)
        }
    }

    /// Appends the UTF-8 encoding of `scalar` to `output`.
    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
