import Foundation
import Hummingbird

/// `/api/v1/loyalty/badges` and `/api/v1/members/{id}/badges`: the milestones members reach.
struct BadgeAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("loyalty/badges", use: catalogue)
        group.get("members/{id}/badges", use: memberBadges)
    }

    @Sendable func catalogue(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let holders = try await services.badges.holders(brandID: context.access.brandID)
        return try JSONOutput.response(BadgeCatalogueDTO(items: Badge.all.map {
            BadgeDTO(badge: $0.id, family: $0.family.rawValue, threshold: $0.threshold, holders: holders[$0.id] ?? 0)
        }))
    }

    @Sendable func memberBadges(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let memberID = try context.parameters.id("id", what: "member")
        let held = try await services.badges.badges(memberID: memberID, access: context.access)
        return try JSONOutput.response(MemberBadgesDTO(memberId: memberID, items: held.map {
            HeldBadgeDTO(badge: $0.badge.id, family: $0.badge.family.rawValue, threshold: $0.badge.threshold, earnedAt: Clock.iso($0.earnedAt))
        }))
    }
}

struct BadgeDTO: Codable, Sendable {
    var badge: String
    var family: String
    var threshold: Int
    var holders: Int
}

struct BadgeCatalogueDTO: Codable, Sendable {
    var items: [BadgeDTO]
}

struct HeldBadgeDTO: Codable, Sendable {
    var badge: String
    var family: String
    var threshold: Int
    var earnedAt: String
}

struct MemberBadgesDTO: Codable, Sendable {
    var memberId: Int64
    var items: [HeldBadgeDTO]
}
