import Foundation
import Hummingbird

/// `/api/v1/brand` (the key's brand and its units) and `/api/v1/audit-log`.
struct BrandAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("brand", use: brand)
        group.get("audit-log", use: auditLog)
    }

    @Sendable func brand(_ request: Request, context: APIContext) async throws -> Response {
        let brand = try await services.brand(for: context.access)
        var units = try await services.tenancy.units(brandID: brand.id)
        if let unit = context.access.unitID { units = units.filter { $0.id == unit } }
        return try JSONOutput.response(BrandDTO(
            id: brand.id, name: brand.name, slug: brand.slug, defaultLanguage: brand.defaultLanguage, timeZone: brand.timeZone,
            country: brand.country, minimumMarketingAge: brand.minimumMarketingAge,
            units: units.map { UnitDTO(id: $0.id, name: $0.name, kind: $0.kind, city: $0.city) },
            unitId: context.access.unitID, permissions: context.access.permissions.map(\.rawValue).sorted()))
    }

    @Sendable func auditLog(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readAudit)
        let page = try PageRequest(query: request.queryDictionary)
        let entries = try await services.audit.entries(organisationID: context.access.organisationID, brandID: context.access.brandID,
                                                       page: page.lookingAhead)
        let result = Page(lookahead: entries, request: page, id: \.id)
        return try JSONOutput.response(Page<AuditEntryDTO>(items: result.items.map(AuditEntryDTO.init), nextCursor: result.nextCursor, total: nil))
    }
}

/// The key's brand as the API shows it.
struct BrandDTO: Codable, Sendable {
    var id: Int64
    var name: String
    var slug: String
    var defaultLanguage: String
    var timeZone: String
    var country: String
    var minimumMarketingAge: Int
    var units: [UnitDTO]
    var unitId: Int64?
    var permissions: [String]
}

/// A unit as the API shows it.
struct UnitDTO: Codable, Sendable {
    var id: Int64
    var name: String
    var kind: String
    var city: String?
}

/// An audit entry as the API shows it.
struct AuditEntryDTO: Codable, Sendable {
    var id: Int64
    var actorKind: String
    var actor: String
    var action: String
    var targetKind: String
    var targetId: Int64?
    var details: [String: String]
    var at: String

    init(_ entry: AuditEntry) {
        id = entry.id; actorKind = entry.actorKind; actor = entry.actorLabel; action = entry.action
        targetKind = entry.targetKind; targetId = entry.targetID; details = entry.details; at = Clock.iso(entry.at)
    }
}
