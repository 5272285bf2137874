import Foundation
import SQLKit

/// One-time links that let the first owner create their account on an empty install.
struct SetupTokens: Sendable {
    let database: Database
    /// How long a setup link stays valid.
    static let lifetimeMillis: Int64 = 24 * 3_600_000

    /// Issues a new setup token when no organisation exists yet; nil otherwise.
    func issueIfEmpty() async throws -> String? {
        try await database.transaction { sql in
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM organisations").first()!.decode(column: "n", as: Int.self)
            guard count == 0 else { return nil }
            let token = Secrets.token()
            try await sql.raw("INSERT INTO setup_tokens (token_hash, created_at) VALUES (\(bind: Secrets.sha256Hex(token)), \(bind: Clock.nowMillis()))").run()
            return token
        }
    }

    /// Marks the token used if it is valid, inside the transaction creating the owner.
    func consume(_ token: String, on sql: any SQLDatabase) async throws -> Bool {
        let minCreated = Clock.nowMillis() - Self.lifetimeMillis
        let row = try await sql.raw("""
            UPDATE setup_tokens SET used_at = \(bind: Clock.nowMillis())
            WHERE token_hash = \(bind: Secrets.sha256Hex(token)) AND used_at IS NULL AND created_at > \(bind: minCreated)
            RETURNING token_hash
            """).first()
        return row != nil
    }

    /// Whether a token is valid (for showing the form).
    func isValid(_ token: String) async throws -> Bool {
        let minCreated = Clock.nowMillis() - Self.lifetimeMillis
        return try await database.read { sql in
            try await sql.raw("""
                SELECT token_hash FROM setup_tokens
                WHERE token_hash = \(bind: Secrets.sha256Hex(token)) AND used_at IS NULL AND created_at > \(bind: minCreated)
                """).first() != nil
        }
    }
}
