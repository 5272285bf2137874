import SQLKit

/// One step of the schema, applied once, in order, inside a transaction.
protocol Migration: Sendable {
    /// Stable identifier recorded in `schema_migrations`; never renamed once released.
    var id: String { get }
    /// The statements of this step for the given engine.
    func statements(for kind: DatabaseKind) -> [String]
    /// Whether the step rebuilds a table on SQLite, which cannot drop a constraint in place: it
    /// then runs with foreign keys off (a rebuilt table's rows keep their ids, and the references
    /// to them stay valid), checked before the commit.
    var rebuildsTables: Bool { get }
}

extension Migration {
    var rebuildsTables: Bool { false }
}
