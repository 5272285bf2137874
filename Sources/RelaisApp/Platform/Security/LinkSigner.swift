import Crypto
import Foundation

/// Signs and checks the links Relais sends to members (double opt-in, preference centre).
///
/// A signed link carries its purpose, subject and expiry; changing any of them breaks the
/// HMAC-SHA256 signature, so links can't be guessed or reused for another member.
struct LinkSigner: Sendable {
    private let secret: Data
    /// The HMAC already keyed with the secret: each signature starts from a copy of it rather than
    /// deriving the padded key again (an entry signs three links).
    private let keyed: KeyedHMAC

    /// A signer with the instance's secret.
    init(secret: String) {
        self.secret = Data(secret.utf8)
        self.keyed = KeyedHMAC(HMAC<SHA256>(key: SymmetricKey(data: self.secret)))
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// A token for `purpose` about `subject`, valid until `expiresAt` (epoch ms).
    func sign(purpose: String, subject: String, expiresAt: Int64) -> String {
        var payload = "\(purpose)|\(subject)|\(expiresAt)"
        return payload.withUTF8 { payload in
            var mac = keyed.start
            mac.update(data: UnsafeRawBufferPointer(payload))
            return mac.finalize().withUnsafeBytes { code in
                // payload "." code, both in base64, written at once.
                let length = Secrets.base64URLLength(payload.count) + 1 + Secrets.base64URLLength(code.count)
                return String(unsafeUninitializedCapacity: length) { out in
                    var written = Secrets.writeBase64URL(UnsafeRawBufferPointer(payload), into: UnsafeMutableBufferPointer(rebasing: out[...]))
                    out[written] = UInt8(ascii: ".")
                    written += 1
                    written += Secrets.writeBase64URL(code, into: UnsafeMutableBufferPointer(rebasing: out[written...]))
                    return written
                }
            }
        }
    }

    /// The subject of a valid, unexpired token for `purpose`, or nil.
    func verify(_ token: String, purpose: String, now: Int64 = Clock.nowMillis()) -> String? {
        if case .valid(let subject) = check(token, purpose: purpose, now: now) { return subject }
        return nil
    }

    /// What a token is: valid with its subject, genuine but expired, or not a token of ours for `purpose`.
    /// Only a genuine token is said to be expired, so a forged one learns nothing from the answer.
    func check(_ token: String, purpose: String, now: Int64 = Clock.nowMillis()) -> SignedLinkCheck {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let payloadData = Secrets.fromBase64URL(String(parts[0])),
              let macData = Secrets.fromBase64URL(String(parts[1])),
              HMAC<SHA256>.isValidAuthenticationCode(macData, authenticating: payloadData, using: key),
              let payload = String(data: payloadData, encoding: .utf8)
        else { return .invalid }
        let fields = payload.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3, fields[0] == purpose, let expiry = Int64(fields[2]) else { return .invalid }
        return expiry > now ? .valid(subject: fields[1]) : .expired
    }
}

/// What checking a signed link found.
enum SignedLinkCheck: Sendable, Equatable {
    case valid(subject: String)
    /// Signed by this instance for this purpose, but past its expiry.
    case expired
    /// Altered, signed by someone else, or for another purpose.
    case invalid
}

/// A keyed HMAC that is only ever copied, never changed: each copy is a value of its own.
private struct KeyedHMAC: @unchecked Sendable {
    let start: HMAC<SHA256>
    init(_ start: HMAC<SHA256>) { self.start = start }
}
