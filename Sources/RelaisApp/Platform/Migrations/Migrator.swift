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
            let didApply: Bool
            if kind == .sqlite && migration.rebuildsTables {
                didApply = try await applyWithoutForeignKeys(migration)
            } else {
                didApply = try await database.transaction { sql in try await apply(migration, kind: kind, on: sql) }
            }
            if didApply {
                logger.info("Applied migration", metadata: ["migration": "\(migration.id)"])
                applied.append(migration.id)
            }
        }
        return applied
    }

    /// Applies `migration` inside the caller's transaction unless it is recorded already.
    private func apply(_ migration: any Migration, kind: DatabaseKind, on sql: any SQLDatabase) async throws -> Bool {
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

    /// An SQLite step that rebuilds a table: foreign keys are turned off on the writer's connection
    /// around its transaction (SQLite ignores the setting inside one), and every reference is
    /// checked before the commit.
    private func applyWithoutForeignKeys(_ migration: any Migration) async throws -> Bool {
        try await database.read { sql in
            // Applied already (every start but the first): nothing to turn off, nothing to check.
            if try await sql.raw("SELECT id FROM schema_migrations WHERE id = \(bind: migration.id)").first() != nil { return false }
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            let applied: Bool
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                applied = try await apply(migration, kind: .sqlite, on: sql)
                if applied, let broken = try await sql.raw("PRAGMA foreign_key_check").first() {
                    let table = (try? broken.decode(column: "table", as: String.self)) ?? "?"
                    throw MigrationFailure(migration: migration.id, reason: "a row of \(table) points at a row that is not there")
                }
                try await sql.raw("COMMIT").run()
            } catch {
                try? await sql.raw("ROLLBACK").run()
                try? await sql.raw("PRAGMA legacy_alter_table = OFF").run()
                try? await sql.raw("PRAGMA foreign_keys = ON").run()
                throw error
            }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            return applied
        }
    }
}

/// A migration that could not be applied, and why.
struct MigrationFailure: Error, CustomStringConvertible {
    var migration: String
    var reason: String
    var description: String { "Migration \(migration) not applied: \(reason)" }
}
