import Foundation
import SQLKit

/// Budget lines and declared reach of activations and brands, and each brand's value model;
/// every change is in the audit log.
struct BudgetStore: Sendable {
    let database: Database
    let audit: AuditLog

    /// The lines of an activation, or of the brand as a whole when `activationID` is nil, oldest first.
    func lines(brandID: Int64, activationID: Int64?) async throws -> [BudgetLine] {
        try await database.readOnly { sql in try await lines(brandID: brandID, activationID: activationID, on: sql) }
    }

    /// Adds a line; a brand-wide line (no activation) needs a brand-wide access.
    func addLine(_ draft: BudgetLineDraft, activationID: Int64?, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> BudgetLine {
        try requireWrite(access, brandWide: activationID == nil)
        return try await database.transaction { sql in
            guard let row = try await sql.raw("""
                INSERT INTO budget_lines (organisation_id, brand_id, activation_id, category, label, planned_cents, actual_cents, currency, created_at, updated_at)
                VALUES (\(bind: access.organisationID), \(bind: access.brandID), \(bind: activationID), \(bind: draft.category.rawValue), \(bind: draft.label),
                        \(bind: draft.plannedCents), \(bind: draft.actualCents), \(bind: draft.currency), \(bind: now), \(bind: now))
                RETURNING id
                """).first() else { throw AppError.notFound("budget line") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await record("budget_line.created", id: id, activationID: activationID, draft: draft, access: access, on: sql)
            return BudgetLine(id: id, brandID: access.brandID, activationID: activationID, category: draft.category, label: draft.label,
                              plannedCents: draft.plannedCents, actualCents: draft.actualCents, currency: draft.currency, createdAt: now, updatedAt: now)
        }
    }

    /// Replaces a line of the same activation (or of the brand); 404 when there is none.
    func updateLine(_ id: Int64, with draft: BudgetLineDraft, activationID: Int64?, access: BrandAccess,
                    now: Int64 = Clock.nowMillis()) async throws -> BudgetLine {
        try requireWrite(access, brandWide: activationID == nil)
        return try await database.transaction { sql in
            guard try await sql.raw("""
                UPDATE budget_lines SET category = \(bind: draft.category.rawValue), label = \(bind: draft.label), planned_cents = \(bind: draft.plannedCents),
                       actual_cents = \(bind: draft.actualCents), currency = \(bind: draft.currency), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND brand_id = \(bind: access.brandID) AND \(Self.sameActivation(activationID))
                RETURNING id
                """).first() != nil else { throw AppError.notFound("budget line") }
            try await record("budget_line.updated", id: id, activationID: activationID, draft: draft, access: access, on: sql)
            guard let line = try await lines(brandID: access.brandID, activationID: activationID, on: sql).first(where: { $0.id == id }) else {
                throw AppError.notFound("budget line")
            }
            return line
        }
    }

    /// Removes a line; 404 when there is none.
    func removeLine(_ id: Int64, activationID: Int64?, access: BrandAccess) async throws {
        try requireWrite(access, brandWide: activationID == nil)
        try await database.transaction { sql in
            guard try await sql.raw("""
                DELETE FROM budget_lines WHERE id = \(bind: id) AND brand_id = \(bind: access.brandID) AND \(Self.sameActivation(activationID)) RETURNING id
                """).first() != nil else { throw AppError.notFound("budget line") }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor, action: "budget_line.removed",
                                   targetKind: activationID == nil ? "brand" : "activation", targetID: activationID ?? access.brandID,
                                   details: ["line": String(id)], on: sql)
        }
    }

    /// Lines read inside a session.
    func lines(brandID: Int64, activationID: Int64?, on sql: any SQLDatabase) async throws -> [BudgetLine] {
        try await sql.raw("""
            SELECT * FROM budget_lines WHERE brand_id = \(bind: brandID) AND \(Self.sameActivation(activationID)) ORDER BY id
            """).all().map(Self.line)
    }

    /// The lines of several activations of a brand, in one query.
    func lines(brandID: Int64, activationIDs: [Int64], on sql: any SQLDatabase) async throws -> [Int64: [BudgetLine]] {
        guard !activationIDs.isEmpty else { return [:] }
        return Dictionary(grouping: try await sql.raw("""
            SELECT * FROM budget_lines WHERE brand_id = \(bind: brandID) AND activation_id IN (\(SQLList(activationIDs.map { SQLBind($0) }))) ORDER BY id
            """).all().map(Self.line)) { $0.activationID ?? 0 }
    }

    static func line(_ row: any SQLRow) throws -> BudgetLine {
        BudgetLine(id: try row.decode(column: "id", as: Int64.self), brandID: try row.decode(column: "brand_id", as: Int64.self),
                   activationID: try row.decode(column: "activation_id", as: Int64?.self),
                   category: BudgetCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .media,
                   label: try row.decode(column: "label", as: String.self), plannedCents: try row.decode(column: "planned_cents", as: Int64.self),
                   actualCents: try row.decode(column: "actual_cents", as: Int64?.self), currency: try row.decode(column: "currency", as: String.self),
                   createdAt: try row.decode(column: "created_at", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self))
    }

    /// Writing costs is managing activations; the brand's own costs and value model are not a unit's to set.
    func requireWrite(_ access: BrandAccess, brandWide: Bool) throws {
        try access.require(.manageActivations)
        if brandWide && access.unitID != nil {
            throw AppError.forbidden("The brand's own costs and value model are set by brand-wide staff, not by a unit.")
        }
    }

    static func sameActivation(_ activationID: Int64?) -> SQLQueryString {
        activationID.map { "activation_id = \(bind: $0)" } ?? "activation_id IS NULL"
    }

    private func record(_ action: String, id: Int64, activationID: Int64?, draft: BudgetLineDraft, access: BrandAccess, on sql: any SQLDatabase) async throws {
        try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor, action: action,
                               targetKind: activationID == nil ? "brand" : "activation", targetID: activationID ?? access.brandID,
                               details: ["line": String(id), "category": draft.category.rawValue, "plannedCents": String(draft.plannedCents),
                                         "actualCents": draft.actualCents.map(String.init) ?? "", "currency": draft.currency], on: sql)
    }
}
