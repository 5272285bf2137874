import Foundation
import SQLKit

/// Each brand's value model: one row per brand, the default (everything worth 0, in euros) until set.
struct ValueModelStore: Sendable {
    let database: Database
    let audit: AuditLog

    /// The brand's model.
    func model(brandID: Int64) async throws -> ValueModel {
        try await database.readOnly { sql in try await model(brandID: brandID, on: sql) }
    }

    /// Replaces the brand's model; brand-wide staff only.
    func save(_ model: ValueModel, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> ValueModel {
        try access.require(.manageActivations)
        if access.unitID != nil { throw AppError.forbidden("The brand's value model is set by brand-wide staff, not by a unit.") }
        return try await database.transaction { sql in
            try await sql.raw("""
                INSERT INTO value_models (brand_id, organisation_id, currency, opt_in_cents, new_member_cents, store_visit_cents, count_revenue, point_cents, updated_at)
                VALUES (\(bind: access.brandID), \(bind: access.organisationID), \(bind: model.currency), \(bind: model.optInCents),
                        \(bind: model.newMemberCents), \(bind: model.storeVisitCents), \(bind: model.countRevenue ? 1 : 0), \(bind: model.pointCents), \(bind: now))
                ON CONFLICT (brand_id) DO UPDATE SET currency = excluded.currency, opt_in_cents = excluded.opt_in_cents,
                    new_member_cents = excluded.new_member_cents, store_visit_cents = excluded.store_visit_cents,
                    count_revenue = excluded.count_revenue, point_cents = excluded.point_cents, updated_at = excluded.updated_at
                """).run()
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor, action: "value_model.saved",
                                   targetKind: "brand", targetID: access.brandID,
                                   details: ["currency": model.currency, "optInCents": String(model.optInCents), "newMemberCents": String(model.newMemberCents),
                                             "storeVisitCents": String(model.storeVisitCents), "countRevenue": String(model.countRevenue), "pointCents": String(model.pointCents)], on: sql)
            var saved = model
            saved.updatedAt = now
            return saved
        }
    }

    /// The model read inside a session.
    func model(brandID: Int64, on sql: any SQLDatabase) async throws -> ValueModel {
        guard let row = try await sql.raw("SELECT * FROM value_models WHERE brand_id = \(bind: brandID)").first() else { return ValueModel() }
        return ValueModel(currency: try row.decode(column: "currency", as: String.self), optInCents: try row.decode(column: "opt_in_cents", as: Int64.self),
                          newMemberCents: try row.decode(column: "new_member_cents", as: Int64.self),
                          storeVisitCents: try row.decode(column: "store_visit_cents", as: Int64.self),
                          countRevenue: try row.decode(column: "count_revenue", as: Int.self) != 0,
                          pointCents: try row.decode(column: "point_cents", as: Int64.self),
                          updatedAt: try row.decode(column: "updated_at", as: Int64.self))
    }
}
