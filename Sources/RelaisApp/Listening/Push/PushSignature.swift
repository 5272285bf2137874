import Crypto
import Foundation

/// The signature of a signed HTTP body, as Relais checks it on pushed posts and writes it on its
/// alert webhooks: `Relais-Signature: t=<unix seconds>,v1=<hex>`, where the hex is
/// HMAC-SHA256(secret, "<t>.<raw body>"). The time is inside the signed text, so it cannot be
/// changed, and a signature older (or further in the future) than five minutes is refused: a
/// captured request cannot be replayed later. Pure.
enum PushSignature {
    /// The header's name.
    static let header = "Relais-Signature"
    /// How far the signed time may be from the receiver's clock, in seconds.
    static let toleranceSeconds: Int64 = 300

    /// Why a signature is refused, in words for the sender.
    enum Refusal: Error, Equatable {
        case missing
        case malformed
        case expired(ageSeconds: Int64)
        case mismatch

        /// What the sender is told.
        var message: String {
            switch self {
            case .missing: "The Relais-Signature header is missing."
            case .malformed: "The Relais-Signature header must read t=<unix seconds>,v1=<hex HMAC-SHA256>."
            case .expired(let age): "The signature was made \(age) seconds away from the server's time; at most \(PushSignature.toleranceSeconds) are accepted."
            case .mismatch: "The signature does not match the body: sign \"<t>.<raw body>\" with HMAC-SHA256 and the source's secret."
            }
        }
    }

    /// The header value for `body` signed at `timestamp` (unix seconds).
    static func sign(_ body: Data, secret: String, timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(digest(body, secret: secret, timestamp: timestamp))"
    }

    /// Checks a header against the raw body; `now` in unix seconds. Several `v1` values are accepted
    /// (a sender changing secrets may sign with both).
    static func verify(_ header: String?, body: Data, secret: String, now: Int64) -> Result<Void, Refusal> {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { return .failure(.missing) }
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return .failure(.malformed) }
            switch pair[0] {
            case "t": timestamp = Int64(pair[1])
            case "v1": signatures.append(pair[1].lowercased())
            default: continue
            }
        }
        guard let timestamp, !signatures.isEmpty else { return .failure(.malformed) }
        let age = now - timestamp
        guard abs(age) <= toleranceSeconds else { return .failure(.expired(ageSeconds: age)) }
        let expected = Array(digest(body, secret: secret, timestamp: timestamp).utf8)
        // Compared in constant time, so the comparison does not tell how much of a guess was right.
        let matches = signatures.contains { candidate in
            let given = Array(candidate.utf8)
            guard given.count == expected.count else { return false }
            return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
        return matches ? .success(()) : .failure(.mismatch)
    }

    /// Lower-case hex HMAC-SHA256 of "<timestamp>.<body>".
    static func digest(_ body: Data, secret: String, timestamp: Int64) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Secrets.hex(code)
    }
}
