import Foundation

/// Body of `POST /api/v1/loyalty/rules`, `PUT /api/v1/loyalty/rules/{id}` and the preview.
struct EarningRuleInput: APIInput {
    static let fieldNames: Set<String> = ["name", "trigger", "points", "pointsPerEuro", "maxPerDay", "maxPerActivation", "active"]
    var name: String?
    var trigger: String?
    var points: Int64?
    var pointsPerEuro: Int64?
    var maxPerDay: Int?
    var maxPerActivation: Int?
    var active: Bool?

    func definition() throws -> EarningRuleDefinition {
        try EarningRuleDefinition.checked(name: name, trigger: trigger, points: points, pointsPerEuro: pointsPerEuro,
                                          maxPerDay: maxPerDay, maxPerActivation: maxPerActivation).get()
    }
}

struct EarningRuleDTO: Codable, Sendable {
    var id: Int64
    var version: Int
    var name: String
    var trigger: String
    var points: Int64
    var pointsPerEuro: Int64?
    var maxPerDay: Int?
    var maxPerActivation: Int?
    var active: Bool
    var createdAt: String
    var updatedAt: String

    init(_ rule: EarningRule) {
        id = rule.id
        version = rule.version
        name = rule.definition.name
        trigger = rule.definition.trigger
        points = rule.definition.points
        pointsPerEuro = rule.definition.pointsPerEuro
        maxPerDay = rule.definition.maxPerDay
        maxPerActivation = rule.definition.maxPerActivation
        active = rule.active
        createdAt = Clock.iso(rule.createdAt)
        updatedAt = Clock.iso(rule.updatedAt)
    }
}

struct EarningRuleVersionDTO: Codable, Sendable {
    var version: Int
    var name: String
    var trigger: String
    var points: Int64
    var pointsPerEuro: Int64?
    var maxPerDay: Int?
    var maxPerActivation: Int?
    var active: Bool
    var changedBy: String
    var changedAt: String
}

/// What a rule would have given over the last 30 days.
struct EarningPreviewDTO: Codable, Sendable {
    var from: String
    var to: String
    var events: Int
    var earning: Int
    var points: Int64
    var members: Int
}

/// Body of `PUT /api/v1/loyalty/tiers`.
struct TierLadderInput: APIInput {
    static let fieldNames: Set<String> = ["windowDays", "tiers"]
    var windowDays: Int?
    var tiers: [TierInput]

    struct TierInput: Codable, Sendable {
        var name: String
        var threshold: Int64
        var multiplierPercent: Int?
        var benefits: String?
    }
}

struct TierLadderDTO: Codable, Sendable {
    var windowDays: Int
    var tiers: [Tier]
}

/// A member's tier in the points answer.
struct MemberTierDTO: Codable, Sendable {
    var name: String?
    var since: String?
    var multiplierPercent: Int
    var earnedInWindow: Int64
    var nextTier: String?
    var nextThreshold: Int64?

    init(_ tier: MemberTier) {
        name = tier.tier?.name
        since = tier.since.map(Clock.iso)
        multiplierPercent = tier.tier?.multiplierPercent ?? 100
        earnedInWindow = tier.earnedInWindow
        nextTier = tier.next?.name
        nextThreshold = tier.next?.threshold
    }
}
