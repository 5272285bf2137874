import Crypto
import Foundation
import Testing
@testable import RelaisApp

@Suite("Token encodings")
struct SecretsTests {
    @Test("URL-safe base64 and hexadecimal digests agree with Foundation's encodings, for every length")
    func encodings() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let reference = data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Secrets.base64URL(data) == reference, "length \(length)")
            #expect(Secrets.fromBase64URL(Secrets.base64URL(data)) == data)
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            #expect(Secrets.sha256Hex(data) == digest)
        }
        #expect(Secrets.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
