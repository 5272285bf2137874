import Foundation
import SQLKit

/// Secrets shared by every node of an instance, created once and kept in the database.
enum InstanceSecrets {
    /// The key signing links sent to members; created on first start.
    static func linkSigningKey(_ database: Database) async throws -> String {
        try await database.read { sql in
            // Several nodes may start at once: the first insert wins and everyone reads it back.
            try await sql.raw("""
                INSERT INTO instance_settings (key, value) VALUES ('link_signing_key', \(bind: Secrets.token(bytes: 32)))
                ON CONFLICT (key) DO NOTHING
                """).run()
            return try await sql.raw("SELECT value FROM instance_settings WHERE key = 'link_signing_key'").first()!
                .decode(column: "value", as: String.self)
        }
    }
}
