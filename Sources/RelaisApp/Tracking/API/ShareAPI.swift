import Foundation
import Hummingbird

/// `/api/v1/members/{id}/share-links`, `/members/{id}/referral-tree` and
/// `/activations/{id}/share-funnel`: members' share links and what they led to.
struct ShareAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.post("members/{id}/share-links", use: create)
        group.get("members/{id}/share-links", use: list)
        group.get("members/{id}/referral-tree", use: tree)
        group.get("activations/{id}/share-funnel", use: funnel)
    }

    @Sendable func create(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.writeMembers)
        let memberID = try context.parameters.memberID()
        let access = context.access
        // The member is looked up before the body is read, so another brand's id is a 404 whatever the body.
        try await services.database.readOnly { sql in try await LoyaltyActions.requireVisible(memberID, access: access, on: sql) }
        let target = try await JSONInput.decode(ShareLinkInput.self, from: request, limit: 8 * 1024).target()
        let made = try await services.shareLinks.link(memberID: memberID, target: target, access: access)
        let stats = made.created ? ShareLinkStats(link: made.link, clicks: 0, visits: 0, conversions: 0)
            : try await services.shareLinks.link(id: made.link.id, memberID: memberID, access: access)
        return try JSONOutput.response(ShareLinkDTO(stats, publicBaseURL: services.configuration.publicBaseURL), status: made.created ? .created : .ok,
                                       headers: [.location: "/api/v1/members/\(memberID)/share-links"])
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let page = try await services.shareLinks.links(memberID: try context.parameters.memberID(), access: context.access,
                                                       page: try PageRequest(query: request.queryDictionary))
        let base = services.configuration.publicBaseURL
        return try JSONOutput.response(Page(items: page.items.map { ShareLinkDTO($0, publicBaseURL: base) }, nextCursor: page.nextCursor, total: nil))
    }

    @Sendable func tree(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let memberID = try context.parameters.memberID()
        var depth = ReferralTree.maxDepth
        if let text = request.queryDictionary["depth"] {
            guard let value = Int(text), (1...ReferralTree.maxDepth).contains(value) else {
                throw AppError.invalid("depth", "must be a whole number from 1 to \(ReferralTree.maxDepth)")
            }
            depth = value
        }
        let tree = try await services.shareReports.tree(memberID: memberID, access: context.access, depth: depth)
        return try JSONOutput.response(ReferralTreeDTO(tree))
    }

    @Sendable func funnel(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let id = try context.parameters.id("id", what: "activation")
        let report = try await services.shareReports.funnel(activationID: id, access: context.access)
        return try JSONOutput.response(ShareFunnelDTO(activationId: id, totals: ShareFunnelDayDTO(report.totals), days: report.days.map(ShareFunnelDayDTO.init)))
    }
}
