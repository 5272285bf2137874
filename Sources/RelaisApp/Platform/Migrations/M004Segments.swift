/// Saved segments and CSV import reports.
struct M004Segments: Migration {
    let id = "004-segments"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        return [
            """
            CREATE TABLE segments (
                id \(pk),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                name TEXT NOT NULL,
                rules TEXT NOT NULL,
                created_by BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE member_imports (
                id \(pk),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                file_name TEXT NOT NULL,
                total_rows INTEGER NOT NULL,
                imported_rows INTEGER NOT NULL,
                error_rows INTEGER NOT NULL,
                report TEXT NOT NULL,
                created_by BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
        ]
    }
}
