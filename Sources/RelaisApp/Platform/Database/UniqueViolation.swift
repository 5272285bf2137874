/// Recognises a unique-constraint violation on SQLite and PostgreSQL (SQLSTATE 23505).
enum UniqueViolation {
    /// Whether `error` is a unique-constraint violation.
    static func matches(_ error: any Error) -> Bool {
        if error is AppError { return false }
        let text = String(reflecting: error)
        return text.contains("UNIQUE constraint failed") || text.contains("23505") || text.contains("duplicate key")
    }
}
