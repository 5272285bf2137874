import Foundation
import Logging
import SQLKit

/// Applies pending migrations; safe to call at every start and from several nodes at once.
struct Migrator {
    let database: Database
    let logger: Logger

    /// Applies every migration not yet recorded and returns the identifiers applied now.
    @discardableResult
    func migrate(_ migrations: [any Migration] = AllMigrations.list) async throws -> [String] {
        let kind = database.kind
        try await database.read { sql in
            try await sql.raw("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)").run()
        }
        var applied: [String] = []
        for migration in migrations {
            let didApply = try await database.transaction { sql in
                if kind == .postgres {
                    // Serialises concurrent starts of several nodes; released at commit.
                    try await sql.raw("SELECT pg_advisory_xact_lock(7215001)").run()
                }
                let done = try await sql.raw("SELECT id FROM schema_migrations WHERE id = \(bind: migration.id)").first()
                if done != nil { return false }
                for statement in migration.statements(for: kind) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.raw("INSERT INTO schema_migrations (id, applied_at) VALUES (\(bind: migration.id), \(bind: Clock.nowMillis()))").run()
                return true
            }
            if didApply {
                logger.info("Applied migration", metadata: ["migration": "\(migration.id)"])
                applied.append(migration.id)
            }
        }
        return applied
    }
}
