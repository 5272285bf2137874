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
        var text = text
        return text.withUTF8 { hex(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    /// Lower-case hexadecimal SHA-256 of bytes.
    static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Lower-case hexadecimal digits of a digest.
    static func hex<D: Digest>(_ digest: D) -> String {
        digest.withUnsafeBytes { hex(bytes: $0) }
    }

    /// Lower-case hexadecimal digits of bytes. Hashes are made on every request that carries a
    /// key, a session or a share visit, so this avoids `String(format:)`, which is slow on Linux.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Array(bytes).withUnsafeBytes { hex(bytes: $0) }
    }

    /// The digits written straight into the string's storage.
    private static func hex(bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = hexDigits[Int(byte >> 4)]
                out[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let base64URLDigits: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64 without padding, URL-safe alphabet (RFC 4648 §5).
    static func base64URL<Bytes: Collection>(_ data: Bytes) -> String where Bytes.Element == UInt8 {
        if let encoded = data.withContiguousStorageIfAvailable({ base64URL(bytes: UnsafeRawBufferPointer($0)) }) { return encoded }
        return Array(data).withUnsafeBytes { base64URL(bytes: $0) }
    }

    /// The length of `count` bytes in base64 without padding.
    static func base64URLLength(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    /// Base64 of bytes, written straight into the string's storage.
    static func base64URL(bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: base64URLLength(bytes.count)) { out in
            writeBase64URL(bytes, into: UnsafeMutableBufferPointer(rebasing: out[...]))
        }
    }

    /// Writes the base64 of `bytes` at the start of `out` (at least `base64URLLength` long) and
    /// returns how many bytes it wrote.
    static func writeBase64URL(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var written = 0
        func put(_ group: UInt32, _ digits: Int) {
            var shift: UInt32 = 18
            for _ in 0..<digits {
                out[written] = base64URLDigits[Int((group >> shift) & 0x3F)]
                written += 1
                shift &-= 6
            }
        }
        var index = 0
        while index + 3 <= bytes.count {
            put(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]), 4)
            index += 3
        }
        switch bytes.count - index {
        case 1: put(UInt32(bytes[index]) << 16, 2)
        case 2: put(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8, 3)
        default: break
        }
        return written
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
