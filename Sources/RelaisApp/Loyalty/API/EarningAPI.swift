import Foundation
import Hummingbird

/// `/api/v1/loyalty/rules` and `/api/v1/loyalty/tiers`: what earns points, and the tiers.
struct EarningAPI: Sendable {
    let services: AppServices

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
        let result = try await services.earningRuleActions.list(access: context.access, page: try PageRequest(query: request.queryDictionary))
        return try JSONOutput.response(Page(items: result.items.map(EarningRuleDTO.init), nextCursor: result.nextCursor, total: nil))
    }

    @Sendable func create(_ request: Request, context: APIContext) async throws -> Response {
        try EarningRuleActions.requireEditor(context.access)
        let body = try await JSONInput.decode(EarningRuleInput.self, from: request, limit: 8 * 1024)
        let rule = try await services.earningRuleActions.create(try body.definition(), active: body.active ?? true, access: context.access)
        return try JSONOutput.response(EarningRuleDTO(rule), status: .created, headers: [.location: "/api/v1/loyalty/rules/\(rule.id)"])
    }

    @Sendable func show(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let rule = try await services.earningRuleActions.rule(try context.parameters.id("id", what: "earning rule"), access: context.access)
        return try JSONOutput.response(EarningRuleDTO(rule))
    }

    @Sendable func update(_ request: Request, context: APIContext) async throws -> Response {
        try EarningRuleActions.requireEditor(context.access)
        let id = try context.parameters.id("id", what: "earning rule")
        // Another brand's rule is a 404 whatever the body.
        _ = try await services.earningRuleActions.rule(id, access: context.access)
        let body = try await JSONInput.decode(EarningRuleInput.self, from: request, limit: 8 * 1024)
        let rule = try await services.earningRuleActions.update(id, try body.definition(), active: body.active, access: context.access)
        return try JSONOutput.response(EarningRuleDTO(rule))
    }

    @Sendable func versions(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let versions = try await services.earningRuleActions.versions(try context.parameters.id("id", what: "earning rule"), access: context.access)
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
        let result = try await services.earningRuleActions.preview(definition, access: context.access)
        let preview = result.preview
        return try JSONOutput.response(EarningPreviewDTO(from: Clock.iso(result.from), to: Clock.iso(result.to), events: preview.events,
                                                         earning: preview.earning, points: preview.points, members: preview.members))
    }

    @Sendable func ladder(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let access = context.access
        let ladder = try await services.database.readOnly { sql in try await services.loyaltySettings.ladder(brandID: access.brandID, on: sql) }
        return try JSONOutput.response(TierLadderDTO(windowDays: ladder.windowDays, tiers: ladder.tiers))
    }

    @Sendable func saveLadder(_ request: Request, context: APIContext) async throws -> Response {
        try EarningRuleActions.requireEditor(context.access)
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
}
