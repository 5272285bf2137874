import Foundation
import SQLKit

/// Writes counted views in one transaction: the slugs of the batch resolved to activations in
/// one read, then per-day counts added and new visitors inserted in multi-row statements.
struct ActivationViewWriter: Sendable {
    let database: Database

    /// Writes `batch`; views of slugs that no longer name an activation are left out. Returns the views written.
    @discardableResult
    func write(_ batch: ActivationViews.Batch) async throws -> Int {
        guard !batch.isEmpty else { return 0 }
        return try await database.transaction { sql in
            let found = try await activations(Set(batch.views.keys.map { Slugs(brand: $0.brandSlug, activation: $0.activationSlug) }), on: sql)
            var written = 0
            let counts: [(Target, ActivationViews.Key, Int)] = batch.views.compactMap { key, views in
                found[Slugs(brand: key.brandSlug, activation: key.activationSlug)].map { ($0, key, views) }
            }
            for chunk in counts.chunked(ShareClickWriter.rowsPerStatement) {
                let rows: [SQLQueryString] = chunk.map { target, key, views in
                    "(\(bind: target.activationID), \(bind: target.brandID), \(bind: key.day), \(bind: key.kind.rawValue), \(bind: Int64(views)))"
                }
                try await sql.raw("""
                    INSERT INTO activation_view_days (activation_id, brand_id, day, kind, views) VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT (activation_id, day, kind) DO UPDATE SET views = activation_view_days.views + excluded.views
                    """).run()
                written += chunk.reduce(0) { $0 + $1.2 }
            }
            var visitors: [(Int64, String, String, Int)] = []
            for (key, ids) in batch.visitors {
                guard let target = found[Slugs(brand: key.brandSlug, activation: key.activationSlug)] else { continue }
                visitors += ids.map { (target.activationID, key.kind.rawValue, ShareVisitor.hash($0), key.day) }
            }
            for chunk in visitors.chunked(ShareClickWriter.rowsPerStatement) {
                let rows: [SQLQueryString] = chunk.map { "(\(bind: $0.0), \(bind: $0.1), \(bind: $0.2), \(bind: $0.3))" }
                try await sql.raw("""
                    INSERT INTO activation_view_visitors (activation_id, kind, visitor_hash, first_day) VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT (activation_id, kind, visitor_hash) DO NOTHING
                    """).run()
            }
            return written
        }
    }

    private struct Slugs: Hashable { var brand: String; var activation: String }
    private struct Target { var activationID: Int64; var brandID: Int64 }

    /// The activations named by the batch's slugs, in one read per hundred pairs.
    private func activations(_ slugs: Set<Slugs>, on sql: any SQLDatabase) async throws -> [Slugs: Target] {
        var found: [Slugs: Target] = [:]
        for chunk in Array(slugs).chunked(ShareClickWriter.rowsPerStatement) {
            let values: [SQLQueryString] = chunk.map { "(\(bind: $0.brand), \(bind: $0.activation))" }
            for row in try await sql.raw("""
                SELECT b.slug AS brand_slug, a.slug AS activation_slug, a.id, a.brand_id FROM activations a JOIN brands b ON b.id = a.brand_id
                WHERE (b.slug, a.slug) IN (VALUES \(values.joined(separator: ", ")))
                """).all() {
                found[Slugs(brand: try row.decode(column: "brand_slug", as: String.self), activation: try row.decode(column: "activation_slug", as: String.self))] =
                    Target(activationID: try row.decode(column: "id", as: Int64.self), brandID: try row.decode(column: "brand_id", as: Int64.self))
            }
        }
        return found
    }
}
