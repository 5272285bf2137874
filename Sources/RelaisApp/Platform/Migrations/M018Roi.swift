/// ROI: budget lines of activations and of brands, the reach announced by media beside what
/// Relais measures, and each brand's value model (what an opt-in, a new member, a store visit is worth).
struct M018Roi: Migration {
    let id = "018-roi"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        return [
            // A cost, planned then actual, in its own currency (never converted). No activation: a cost of the brand as a whole.
            """
            CREATE TABLE budget_lines (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                activation_id BIGINT REFERENCES activations(id),
                category TEXT NOT NULL,
                label TEXT NOT NULL DEFAULT '',
                planned_cents BIGINT NOT NULL,
                actual_cents BIGINT,
                currency TEXT NOT NULL DEFAULT 'EUR',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX budget_lines_brand ON budget_lines (brand_id, activation_id, id)",
            // Reach announced by a medium or network for an activation, as staff typed it.
            """
            CREATE TABLE declared_reach (
                id \(pk),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                brand_id BIGINT NOT NULL REFERENCES brands(id),
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                source TEXT NOT NULL,
                impressions BIGINT,
                potential_reach BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX declared_reach_activation ON declared_reach (activation_id, id)",
            """
            CREATE TABLE value_models (
                brand_id BIGINT PRIMARY KEY REFERENCES brands(id),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                currency TEXT NOT NULL DEFAULT 'EUR',
                opt_in_cents BIGINT NOT NULL DEFAULT 0,
                new_member_cents BIGINT NOT NULL DEFAULT 0,
                store_visit_cents BIGINT NOT NULL DEFAULT 0,
                count_revenue INTEGER NOT NULL DEFAULT 1,
                updated_at BIGINT NOT NULL
            )
            """,
            // The report reads an activation's opt-ins by their ledger label, and its points by activation.
            "CREATE INDEX consent_records_source ON consent_records (brand_id, source_kind, source_label)",
            "CREATE INDEX points_entries_activation ON points_entries (brand_id, activation_ref)",
        ]
    }
}
