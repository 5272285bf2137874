import SQLKit

/// Transactions that undo themselves, for dry runs and per-row savepoints.
extension Database {
    /// Runs `body` in a transaction that is always rolled back: a rehearsal that writes nothing
    /// (dry runs see exactly what the real run would do, then forget it).
    func rehearsal<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let kind = self.kind
        return try await connector.withSession { sql in
            try await sql.raw(kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await body(sql)
                try await sql.raw("ROLLBACK").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Runs `body` inside a savepoint of the caller's transaction: if it throws, what it wrote is
    /// undone and the transaction goes on.
    static func savepoint<T: Sendable>(_ name: String, on sql: any SQLDatabase, _ body: () async throws -> T) async throws -> T {
        try await sql.raw("SAVEPOINT \(unsafeRaw: name)").run()
        do {
            let result = try await body()
            try await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: name)").run()
            return result
        } catch {
            try await sql.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: name)").run()
            try await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: name)").run()
            throw error
        }
    }
}
