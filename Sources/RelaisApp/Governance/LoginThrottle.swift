import Foundation
import SQLKit

/// Limits failed log-ins per e-mail and per address, stored in the database so every node agrees.
struct LoginThrottle: Sendable {
    let database: Database
    /// Failures allowed in the window before log-in is refused.
    static let maxFailures = 5
    /// The sliding window.
    static let windowMillis: Int64 = 15 * 60_000

    private static func keys(email: String, address: String?) -> [String] {
        ["email:" + Secrets.sha256Hex(email.lowercased()), "ip:" + Secrets.sha256Hex(address ?? "unknown")]
    }

    /// Seconds until another attempt is allowed, or nil when one is allowed now.
    func retryAfter(email: String, address: String?, now: Int64 = Clock.nowMillis()) async throws -> Int? {
        let since = now - Self.windowMillis
        return try await database.read { sql in
            for key in Self.keys(email: email, address: address) {
                let rows = try await sql.raw("""
                    SELECT attempted_at FROM login_attempts
                    WHERE key_hash = \(bind: key) AND succeeded = 0 AND attempted_at > \(bind: since)
                    ORDER BY attempted_at DESC
                    """).all()
                // Addresses are shared by offices and carriers: they get four times the allowance of one e-mail.
                let limit = key.hasPrefix("ip:") ? Self.maxFailures * 4 : Self.maxFailures
                if rows.count >= limit {
                    let oldest = try rows[limit - 1].decode(column: "attempted_at", as: Int64.self)
                    return max(1, Int((oldest + Self.windowMillis - now) / 1000))
                }
            }
            return nil
        }
    }

    /// Records an attempt; a success clears the e-mail's failures.
    func record(email: String, address: String?, succeeded: Bool) async throws {
        let now = Clock.nowMillis()
        try await database.read { sql in
            for key in Self.keys(email: email, address: address) {
                if succeeded && key.hasPrefix("email:") {
                    try await sql.raw("DELETE FROM login_attempts WHERE key_hash = \(bind: key)").run()
                } else {
                    try await sql.raw("INSERT INTO login_attempts (key_hash, attempted_at, succeeded) VALUES (\(bind: key), \(bind: now), \(bind: succeeded ? 1 : 0))").run()
                }
            }
            try await sql.raw("DELETE FROM login_attempts WHERE attempted_at < \(bind: now - Self.windowMillis * 4)").run()
        }
    }
}
