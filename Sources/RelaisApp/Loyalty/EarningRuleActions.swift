import Foundation
import SQLKit

/// What staff and API keys do with a brand's earning rules: create, change (a new version),
/// deactivate and preview. Each change runs in one transaction with its audit line, so the
/// API and the back-office pages behave the same.
struct EarningRuleActions: Sendable {
    let database: Database
    let store: EarningRuleStore
    let tenancy: TenancyStore
    let audit: AuditLog

    /// Days of past events a preview looks at.
    static let previewDays = 30

    /// What a preview looked at and found.
    struct PreviewResult: Sendable, Equatable {
        var from: Int64
        var to: Int64
        var preview: EarningPreview
    }

    /// Throws 403 unless the caller may change the brand's rules and tiers: loyalty settings,
    /// brand-wide (a unit's key or staff may not).
    static func requireEditor(_ access: BrandAccess) throws {
        try access.require(.manageLoyalty)
        guard access.unitID == nil else { throw AppError.forbidden("Earning rules and tiers belong to the brand, not to one unit.") }
    }

    /// One page of the brand's rules, newest first.
    func list(access: BrandAccess, page: PageRequest) async throws -> (items: [EarningRule], nextCursor: String?) {
        try await database.readOnly { sql in try await store.list(brandID: access.brandID, page: page, on: sql) }
    }

    /// One rule of the brand; 404 for another brand's.
    func rule(_ id: Int64, access: BrandAccess) async throws -> EarningRule {
        try await database.readOnly { sql in try await store.rule(id, brandID: access.brandID, on: sql) }
    }

    /// Every version of one rule of the brand, newest first.
    func versions(_ id: Int64, access: BrandAccess) async throws -> [(version: Int, definition: EarningRuleDefinition, active: Bool, changedBy: String, changedAt: Int64)] {
        try await database.readOnly { sql in
            _ = try await store.rule(id, brandID: access.brandID, on: sql)
            return try await store.versions(id, on: sql)
        }
    }

    /// Creates a rule (version 1).
    func create(_ definition: EarningRuleDefinition, active: Bool, access: BrandAccess) async throws -> EarningRule {
        try Self.requireEditor(access)
        return try await database.transaction { sql in
            let rule = try await store.create(definition, active: active, brandID: access.brandID, organisationID: access.organisationID,
                                              changedBy: access.actor.label, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "earning_rule.created", targetKind: "earning_rule", targetID: rule.id, on: sql)
            return rule
        }
    }

    /// Writes a new version of a rule when something changed; `active` nil keeps the rule's state.
    func update(_ id: Int64, _ definition: EarningRuleDefinition, active: Bool?, access: BrandAccess) async throws -> EarningRule {
        try Self.requireEditor(access)
        return try await database.transaction { sql in
            let current = try await store.rule(id, brandID: access.brandID, on: sql)
            let rule = try await store.update(id, definition, active: active ?? current.active, brandID: access.brandID,
                                              changedBy: access.actor.label, on: sql)
            if rule.version != current.version {
                try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                       action: "earning_rule.changed", targetKind: "earning_rule", targetID: id,
                                       details: ["version": String(rule.version)], on: sql)
            }
            return rule
        }
    }

    /// What `definition` would have given over the last 30 days, at the tier multiplier of ×1; writes nothing.
    func preview(_ definition: EarningRuleDefinition, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> PreviewResult {
        guard let brand = try await tenancy.brand(access.brandID), brand.organisationID == access.organisationID else {
            throw AppError.notFound("brand")
        }
        let from = now - Int64(Self.previewDays) * Clock.dayMillis
        let events = try await database.readOnly { sql in
            try await store.events(brandID: brand.id, trigger: definition.trigger, from: from, on: sql)
        }
        let zone = brand.timeZone
        return PreviewResult(from: from, to: now, preview: EarningPreview.of(definition, events: events) { LocalTime.day($0, timeZone: zone) })
    }
}
