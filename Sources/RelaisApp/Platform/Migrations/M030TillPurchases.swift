/// Purchases from the point-of-sale exports: a member recognised at the till, an amount, a store
/// and a time. The till's own reference of the sale keeps a file sent twice from counting twice.
struct M030TillPurchases: Migration {
    let id = "030-till-purchases"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        let bytes = kind.byteOrder
        return [
            """
            CREATE TABLE till_purchases (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                member_id BIGINT NOT NULL REFERENCES members(id),
                unit_id BIGINT REFERENCES units(id),
                amount_cents BIGINT NOT NULL,
                reference TEXT\(bytes) NOT NULL,
                purchased_at BIGINT NOT NULL,
                imported_at BIGINT NOT NULL,
                UNIQUE (brand_id, reference)
            )
            """,
            "CREATE INDEX till_purchases_member ON till_purchases (brand_id, member_id, purchased_at)",
        ]
    }
}
