/// Brand slugs name one brand on the whole instance, since public pages are addressed by them.
/// Slugs shared by brands of different organisations are first made distinct (the oldest brand
/// keeps its slug, the others get their id as a suffix).
struct M009UniqueBrandSlugs: Migration {
    let id = "009-unique-brand-slugs"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            """
            UPDATE brands SET slug = slug || '-' || CAST(id AS TEXT)
            WHERE id NOT IN (SELECT MIN(id) FROM brands GROUP BY slug)
            """,
            "CREATE UNIQUE INDEX brands_slug ON brands (slug)",
        ]
    }
}
