import Foundation
import HTTPTypes
import Hummingbird

/// API keys of the current brand: list, issue (the secret is shown once), revoke.
struct APIKeyPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("api-keys", use: list)
        staff.post("api-keys", use: issue)
        staff.post("api-keys/{id}/revoke", use: revoke)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        return try await render(frame, context: context, secret: nil)
    }

    private func render(_ frame: BackOfficeFrame, context: StaffContext, secret: String?, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        try frame.access.require(.manageAPIKeys)
        let keys = try await services.apiKeys.list(brandID: frame.brand.id)
        let units = try await services.tenancy.units(brandID: frame.brand.id)
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.name) })
        return renderer.page("api_keys", frame.values([
            "keys": keys.map { key -> [String: Any] in
                [
                    "id": key.id, "name": key.name, "role": Strings.get("role_\(key.role.rawValue)", context.language),
                    "prefix": key.prefix, "unit": key.unitID.flatMap { unitNames[$0] } ?? "",
                    "created": MemberPages.day(key.createdAt), "lastUsed": key.lastUsedAt.map(MemberPages.moment) ?? "—",
                    "revoked": key.revokedAt.map(MemberPages.day) as Any,
                ]
            },
            "noKeys": keys.isEmpty,
            "units": units.map { ["id": $0.id, "name": $0.name] },
            "roles": [Role.brandManager, .communityManager, .unitContributor, .analyst, .dpo].map {
                ["value": $0.rawValue, "label": Strings.get("role_\($0.rawValue)", context.language)]
            },
            "secret": secret as Any,
            "errors": errors.map { ["field": $0.field, "message": FieldMessages.localized($0.message, context.language)] },
        ], active: "keys"), language: context.language, status: status)
    }

    @Sendable func issue(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try frame.access.require(.manageAPIKeys)
        var errors: [FieldError] = []
        let name = form["name"] ?? ""
        if name.isEmpty || name.count > 80 { errors.append(FieldError("name", "must be 1 to 80 characters")) }
        let role = Role(rawValue: form["role"] ?? "")
        if role == nil || role == .owner { errors.append(FieldError("role", "choose a role")) }
        var unitID: Int64? = nil
        if let text = form["unit"] {
            guard let id = Int64(text), try await services.tenancy.unit(id)?.brandID == frame.brand.id else {
                throw AppError.invalid("unit", "is not a unit of this brand")
            }
            unitID = id
        }
        if role == .unitContributor && unitID == nil { errors.append(FieldError("unit", "a unit contributor key needs a unit")) }
        guard errors.isEmpty, let role else {
            return try await render(frame, context: context, secret: nil, errors: errors, status: .unprocessableContent)
        }
        let access = frame.access
        let keyUnit = unitID
        let secret = try await services.database.transaction { sql in
            let (key, secret) = try await services.apiKeys.issue(organisationID: access.organisationID, brandID: access.brandID, unitID: keyUnit,
                                                                 name: name, role: role, createdBy: context.session.staff.id, on: sql)
            try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                            action: "api_key.issued", targetKind: "api_key", targetID: key.id,
                                            details: ["name": name, "role": role.rawValue, "prefix": key.prefix], on: sql)
            return secret
        }
        var response = try await render(frame, context: context, secret: secret, status: .created)
        response.headers[HTTPField.Name.cacheControl] = "no-store"
        return response
    }

    @Sendable func revoke(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try frame.access.require(.manageAPIKeys)
        let id = try context.parameters.id("id", what: "API key")
        let access = frame.access
        try await services.database.transaction { sql in
            guard try await services.apiKeys.revoke(id: id, brandID: access.brandID, on: sql) else { throw AppError.notFound("API key") }
            try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                            action: "api_key.revoked", targetKind: "api_key", targetID: id, on: sql)
        }
        return Response(status: .seeOther, headers: [.location: "/api-keys"])
    }
}
