import SQLKit

/// One step of the schema, applied once, in order, inside a transaction.
protocol Migration: Sendable {
    /// Stable identifier recorded in `schema_migrations`; never renamed once released.
    var id: String { get }
    /// The statements of this step for the given engine.
    func statements(for kind: DatabaseKind) -> [String]
}
