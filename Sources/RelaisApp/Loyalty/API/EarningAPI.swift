import Foundation
import Hummingbird
import SQLKit

/// `/api/v1/loyalty/rules` and `/api/v1/loyalty/tiers`: what earns points, and the tiers.
struct EarningAPI: Sendable {
    let services: AppServices

    /// Days of past events a preview looks at.
    static let previewDays = 30

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("loyalty/rules", use: list)
        group.post("loyalty/rules", use: create)
        group.post("loyalty/rules/preview", use: preview)
        group.get("loyalty/rules/{id}", use: show)
        group.put("loyalty/rules/{id}", use: update)
        group.get("loyalty/rules/{id}/versions", use: versions)
        group.get("loyalty/tiers", use: ladder)
        group.put("loyalty/tiers", use: saveLadder)
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let page = try PageRequest(query: request.queryDictionary)
        let access = context.access
        let result = try await services.database.readOnly { sql in try await services.earningRules.list(brandID: access.brandID, page: page, on: sql) }
        return try JSONOutput.response(Page(items: result.items.map(EarningRuleDTO.init), nextCursor: result.nextCursor, total: nil))
    }

    @Sendable func create(_ request: Request, context: APIContext) async throws -> Response {
        try requireBrandManager(context)
        let body = try await JSONInput.decode(EarningRuleInput.self, from: request, limit: 8 * 1024)
        let definition = try body.definition()
        let access = context.access
        let rule = try await services.database.transaction { sql in
            let rule = try await services.earningRules.create(definition, active: body.active ?? true, brandID: access.brandID,
                                                              organisationID: access.organisationID, changedBy: access.actor.label, on: sql)
            try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                            action: "earning_rule.created", targetKind: "earning_rule", targetID: rule.id, on: sql)
            return rule
        }
        return try JSONOutput.response(EarningRuleDTO(rule), status: .created, headers: [.location: "/api/v1/loyalty/rules/\(rule.id)"])
    }

    @Sendable func show(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let id = try context.parameters.id("id", what: "earning rule")
        let access = context.access
        let rule = try await services.database.readOnly { sql in try await services.earningRules.rule(id, brandID: access.brandID, on: sql) }
        return try JSONOutput.response(EarningRuleDTO(rule))
    }

    @Sendable func update(_ request: Request, context: APIContext) async throws -> Response {
        try requireBrandManager(context)
        let id = try context.parameters.id("id", what: "earning rule")
        let access = context.access
        let current = try await services.database.readOnly { sql in try await services.earningRules.rule(id, brandID: access.brandID, on: sql) }
        let body = try await JSONInput.decode(EarningRuleInput.self, from: request, limit: 8 * 1024)
        let definition = try body.definition()
        let rule = try await services.database.transaction { sql in
            let rule = try await services.earningRules.update(id, definition, active: body.active ?? current.active, brandID: access.brandID,
                                                              changedBy: access.actor.label, on: sql)
            if rule.version != current.version {
                try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                                action: "earning_rule.changed", targetKind: "earning_rule", targetID: id,
                                                details: ["version": String(rule.version)], on: sql)
            }
            return rule
        }
        return try JSONOutput.response(EarningRuleDTO(rule))
    }

    @Sendable func versions(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let id = try context.parameters.id("id", what: "earning rule")
        let access = context.access
        let versions = try await services.database.readOnly { sql in
            _ = try await services.earningRules.rule(id, brandID: access.brandID, on: sql)
            return try await services.earningRules.versions(id, on: sql)
        }
        return try JSONOutput.response(versions.map {
            EarningRuleVersionDTO(version: $0.version, name: $0.definition.name, trigger: $0.definition.trigger, points: $0.definition.points,
                                  pointsPerEuro: $0.definition.pointsPerEuro, maxPerDay: $0.definition.maxPerDay,
                                  maxPerActivation: $0.definition.maxPerActivation, active: $0.active, changedBy: $0.changedBy,
                                  changedAt: Clock.iso($0.changedAt))
        })
    }

    /// What a rule (saved or not) would have given over the last 30 days, at the tier multiplier of ×1.
    @Sendable func preview(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let definition = try await JSONInput.decode(EarningRuleInput.self, from: request, limit: 8 * 1024).definition()
        let brand = try await services.brand(for: context.access)
        let to = Clock.nowMillis()
        let from = to - Int64(Self.previewDays) * Clock.dayMillis
        let events = try await services.database.readOnly { sql in
            try await sql.raw("""
                SELECT e.id, e.member_id, e.occurred_at, e.data FROM timeline_events e
                WHERE e.brand_id = \(bind: brand.id) AND e.kind = \(bind: definition.trigger) AND e.occurred_at >= \(bind: from)
                ORDER BY e.occurred_at, e.id LIMIT 500000
                """).all().map { row -> EarningEvent in
                let data = (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "data", as: String.self).utf8))) ?? [:]
                return EarningEvent(id: try row.decode(column: "id", as: Int64.self), memberID: try row.decode(column: "member_id", as: Int64.self),
                                    at: try row.decode(column: "occurred_at", as: Int64.self), activationID: data["activation"],
                                    amountCents: data["amountCents"].flatMap { Int64($0) })
            }
        }
        let zone = brand.timeZone
        let preview = EarningPreview.of(definition, events: events) { LocalTime.day($0, timeZone: zone) }
        return try JSONOutput.response(EarningPreviewDTO(from: Clock.iso(from), to: Clock.iso(to), events: preview.events,
                                                         earning: preview.earning, points: preview.points, members: preview.members))
    }

    @Sendable func ladder(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let access = context.access
        let ladder = try await services.database.readOnly { sql in try await services.loyaltySettings.ladder(brandID: access.brandID, on: sql) }
        return try JSONOutput.response(TierLadderDTO(windowDays: ladder.windowDays, tiers: ladder.tiers))
    }

    @Sendable func saveLadder(_ request: Request, context: APIContext) async throws -> Response {
        try requireBrandManager(context)
        let body = try await JSONInput.decode(TierLadderInput.self, from: request, limit: 32 * 1024)
        let tiers = body.tiers.map { Tier(name: $0.name, threshold: $0.threshold, multiplierPercent: $0.multiplierPercent ?? 100, benefits: $0.benefits ?? "") }
        let ladder = try TierLadder.checked(tiers, windowDays: body.windowDays).get()
        let access = context.access
        try await services.database.transaction { sql in
            try await services.loyaltySettings.save(ladder, brandID: access.brandID, on: sql)
            try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                            action: "loyalty.tiers_changed", targetKind: "brand", targetID: access.brandID,
                                            details: ["tiers": String(ladder.tiers.count)], on: sql)
        }
        return try JSONOutput.response(TierLadderDTO(windowDays: ladder.windowDays, tiers: ladder.tiers))
    }

    private func requireBrandManager(_ context: APIContext) throws {
        try context.access.require(.manageLoyalty)
        guard context.access.unitID == nil else { throw AppError.forbidden("Earning rules and tiers belong to the brand, not to one unit.") }
    }
}
