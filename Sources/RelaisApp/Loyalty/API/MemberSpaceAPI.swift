import Foundation
import Hummingbird

/// `GET /api/v1/members/{id}/space-link`: a fresh signed link to the member's own space in the
/// key's brand, for staff and integrations to send to the member.
struct MemberSpaceAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("members/{id}/space-link", use: link)
    }

    /// The link lets its holder redeem the member's points, so it takes the right to act on
    /// members, not only to read them.
    @Sendable func link(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.writeMembers)
        let memberID = try context.parameters.memberID()
        let access = context.access
        try await services.database.readOnly { sql in try await LoyaltyActions.requireVisible(memberID, access: access, on: sql) }
        let made = services.memberSpaceLinks.link(memberID: memberID, brand: try await services.brand(for: access))
        return try JSONOutput.response(MemberSpaceLinkDTO(url: made.url, expiresAt: Clock.iso(made.expiresAt)), headers: [.cacheControl: "no-store"])
    }
}

/// Body of `GET /api/v1/members/{id}/space-link`.
struct MemberSpaceLinkDTO: Codable, Sendable {
    /// The address of the member's space, carrying its signed token.
    var url: String
    /// When the link stops opening the space.
    var expiresAt: String
}
