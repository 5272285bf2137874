/// Files uploaded in the back-office import wizard, kept between its steps for a day.
struct M005PendingImports: Migration {
    let id = "005-pending-imports"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            """
            CREATE TABLE pending_imports (
                id \(kind.primaryKey),
                token TEXT NOT NULL UNIQUE,
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                staff_id BIGINT NOT NULL,
                file_name TEXT NOT NULL,
                csv TEXT NOT NULL,
                settings TEXT,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX pending_imports_expiry ON pending_imports (expires_at)",
        ]
    }
}
