import Crypto
import Foundation

/// Random tokens and their digests: session cookies, API keys, setup and signed links.
enum Secrets {
    /// A URL-safe random token carrying `bytes` bytes of entropy.
    static func token(bytes: Int = 32) -> String {
        base64URL(Data(RandomPool.bytes(bytes)))
    }

    /// Lower-case hexadecimal SHA-256 of a text, as stored for tokens and keys at rest.
    static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Lower-case hexadecimal SHA-256 of bytes.
    static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Lower-case hexadecimal digits of bytes. Hashes are made on every request that carries a
    /// key, a session or a share visit, so this avoids `String(format:)`, which is slow on Linux.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var digits: [UInt8] = []
        digits.reserveCapacity(64)
        for byte in bytes {
            digits.append(hexDigits[Int(byte >> 4)])
            digits.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: digits, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let base64URLDigits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64 without padding, URL-safe alphabet (RFC 4648 §5).
    static func base64URL<Bytes: Collection>(_ data: Bytes) -> String where Bytes.Element == UInt8 {
        let bytes = Array(data)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(base64URLDigits[Int((group >> UInt32(shift)) & 0x3F)]) }
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let group = UInt32(bytes[index]) << 16
            for shift in [18, 12] { out.append(base64URLDigits[Int((group >> UInt32(shift)) & 0x3F)]) }
        case 2:
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            for shift in [18, 12, 6] { out.append(base64URLDigits[Int((group >> UInt32(shift)) & 0x3F)]) }
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes URL-safe base64 without padding.
    static func fromBase64URL(_ text: String) -> Data? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        return Data(base64Encoded: base)
    }

    /// Compares two strings in time independent of where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
