import Foundation
import SQLKit

/// Back-office sessions: a random cookie whose SHA-256 is the key of a row; nothing secret at rest.
struct StaffSessionStore: Sendable {
    let database: Database
    let staffStore: StaffStore
    /// How long a session lives without activity.
    static let lifetimeMillis: Int64 = 12 * 3_600_000

    /// Opens a session and returns the cookie value.
    func open(staffID: Int64, brandID: Int64?) async throws -> String {
        let token = Secrets.token()
        let now = Clock.nowMillis()
        try await database.read { sql in
            try await sql.raw("""
                INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, brand_id, created_at, expires_at)
                VALUES (\(bind: Secrets.sha256Hex(token)), \(bind: staffID), \(bind: Secrets.token(bytes: 24)), \(bind: brandID),
                        \(bind: now), \(bind: now + Self.lifetimeMillis))
                """).run()
            try await sql.raw("DELETE FROM staff_sessions WHERE expires_at < \(bind: now)").run()
        }
        return token
    }

    /// The live session behind a cookie value, extending its life.
    func session(cookie: String) async throws -> StaffSession? {
        let hash = Secrets.sha256Hex(cookie)
        let now = Clock.nowMillis()
        return try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT s.csrf_token, s.brand_id, s.expires_at, st.*
                FROM staff_sessions s JOIN staff st ON st.id = s.staff_id
                WHERE s.token_hash = \(bind: hash) AND st.disabled_at IS NULL
                """).first() else { return nil }
            guard try row.decode(column: "expires_at", as: Int64.self) > now else { return nil }
            let staff = try StaffStore.staff(row)
            let grants = try await staffStore.grants(staffID: staff.id, on: sql)
            // Extending the session is a write: done at most every five minutes, not on every page.
            if try row.decode(column: "expires_at", as: Int64.self) < now + Self.lifetimeMillis - 300_000 {
                try await sql.raw("UPDATE staff_sessions SET expires_at = \(bind: now + Self.lifetimeMillis) WHERE token_hash = \(bind: hash)").run()
            }
            return StaffSession(staff: staff, grants: grants, csrfToken: try row.decode(column: "csrf_token", as: String.self),
                                brandID: try row.optional("brand_id"), tokenHash: hash)
        }
    }

    /// Switches the brand shown in the back-office.
    func selectBrand(_ brandID: Int64, tokenHash: String) async throws {
        try await database.read { sql in
            try await sql.raw("UPDATE staff_sessions SET brand_id = \(bind: brandID) WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    /// Ends a session.
    func close(tokenHash: String) async throws {
        try await database.read { sql in
            try await sql.raw("DELETE FROM staff_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }
}
