import Foundation
import Hummingbird

/// The audit log in the back-office: who did what, when, in the current brand and organisation-wide.
struct AuditPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("audit", use: list)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readAudit)
        let page = try PageRequest(query: request.queryDictionary)
        let entries = try await services.audit.entries(organisationID: frame.access.organisationID, brandID: nil, page: page.lookingAhead)
        let result = Page(lookahead: entries, request: page, id: \.id)
        let items = result.items
        let next = result.nextCursor.map { "/audit?cursor=\($0)" }
        let brandNames = Dictionary(uniqueKeysWithValues: frame.brands.map { ($0.id, $0.name) })
        return renderer.page("audit", frame.values([
            "entries": items.map { entry -> [String: Any] in
                [
                    "when": MemberPages.moment(entry.at), "actor": entry.actorLabel, "actorKind": entry.actorKind,
                    "action": entry.action, "target": "\(entry.targetKind)\(entry.targetID.map { " #\($0)" } ?? "")",
                    "brand": entry.brandID.flatMap { brandNames[$0] } ?? "—",
                    "details": entry.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
                    "memberLink": entry.targetKind == "member" ? entry.targetID.map { "/members/\($0)" } as Any : NSNull(),
                ]
            },
            "empty": items.isEmpty, "next": next as Any,
        ], active: "audit"), language: context.language)
    }
}
