import Foundation

/// The one-time code e-mailed to a returning member: 6 digits, valid 15 minutes, 5 tries. No I/O.
enum MemberCode {
    static let lifetimeMillis: Int64 = 15 * 60_000
    static let maximumAttempts = 5
    /// Codes one address may ask for within `lifetimeMillis` (known or not: the answer must not tell).
    static let perAddressLimit = 3
    /// Codes one IP address may ask for within an hour (offices and carriers share addresses).
    static let perIPLimit = 10

    /// A fresh code of 6 decimal digits, uniformly drawn.
    static func generate() -> String {
        var generator = PooledRandomGenerator()
        return String(format: "%06d", Int.random(in: 0..<1_000_000, using: &generator))
    }

    /// The code as typed, if it has the right shape (spaces ignored).
    static func normalised(_ typed: String) -> String? {
        let digits = typed.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    /// Whether another code may be sent, given how many were asked for recently by the address and by the IP.
    static func mayRequest(recentForAddress: Int, recentForIP: Int) -> Bool {
        recentForAddress < perAddressLimit && recentForIP < perIPLimit
    }
}
