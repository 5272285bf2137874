import Foundation
import Hummingbird

/// The organisation's staff: list with roles, invitations with a one-time link to choose a password.
struct StaffPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer
    /// How long an invitation link stays valid.
    static let invitationLifetime: Int64 = 7 * Clock.dayMillis

    func addRoutes(to router: Router<AppRequestContext>, staff: RouterGroup<StaffContext>) {
        staff.get("staff", use: list)
        staff.post("staff", use: invite)
        router.get("welcome/{token}", use: welcomeForm)
        router.post("welcome/{token}", use: welcome)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        return try await render(frame, context: context)
    }

    private func render(_ frame: BackOfficeFrame, context: StaffContext, invitation: String? = nil, errors: [FieldError] = [],
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        guard context.session.canAtOrganisation(.manageStaff) else { throw AppError.forbidden("Only owners manage staff accounts.") }
        let people = try await services.staff.list(organisationID: context.session.staff.organisationID)
        var scopes: [[String: Any]] = [["value": "organisation", "label": Strings.get("scope_organisation", context.language)]]
        var unitNames: [Int64: String] = [:]
        for brand in frame.brands {
            scopes.append(["value": "brand:\(brand.id)", "label": brand.name])
            for unit in try await services.tenancy.units(brandID: brand.id) {
                unitNames[unit.id] = unit.name
                scopes.append(["value": "unit:\(unit.id)", "label": "\(brand.name) › \(unit.name)"])
            }
        }
        let brandNames = Dictionary(uniqueKeysWithValues: frame.brands.map { ($0.id, $0.name) })
        return renderer.page("staff", frame.values([
            "people": people.map { person, grants -> [String: Any] in
                [
                    "name": person.displayName, "email": person.email,
                    "roles": grants.map { grant in
                        let scope = grant.unitID.flatMap { unitNames[$0] } ?? grant.brandID.flatMap { brandNames[$0] } ?? Strings.get("scope_organisation", context.language)
                        return "\(Strings.get("role_\(grant.role.rawValue)", context.language)) · \(scope)"
                    }.joined(separator: ", "),
                ]
            },
            "roles": Role.allCases.map { ["value": $0.rawValue, "label": Strings.get("role_\($0.rawValue)", context.language)] },
            "scopes": scopes,
            "invitation": invitation as Any,
            "errors": errors.map { ["field": $0.field, "message": FieldMessages.localized($0.message, context.language)] },
        ], active: "staff"), language: context.language, status: status)
    }

    @Sendable func invite(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        guard context.session.canAtOrganisation(.manageStaff) else { throw AppError.forbidden("Only owners manage staff accounts.") }
        var errors: [FieldError] = []
        let name = form["name"] ?? ""
        if name.isEmpty || name.count > 100 { errors.append(FieldError("name", "must be 1 to 100 characters")) }
        let email = form["email"] ?? ""
        if case .failure(let problem) = EmailAddress.validate(email) { errors.append(FieldError("email", problem.message)) }
        let role = Role(rawValue: form["role"] ?? "")
        if role == nil { errors.append(FieldError("role", "choose a role")) }
        let scope = form["scope"] ?? "organisation"
        var brandID: Int64? = nil, unitID: Int64? = nil
        let organisationID = context.session.staff.organisationID
        if scope.hasPrefix("brand:"), let id = Int64(scope.dropFirst(6)), frame.brands.contains(where: { $0.id == id }) {
            brandID = id
        } else if scope.hasPrefix("unit:"), let id = Int64(scope.dropFirst(5)),
                  let unit = try await services.tenancy.unit(id), frame.brands.contains(where: { $0.id == unit.brandID }) {
            unitID = id
        } else if scope != "organisation" {
            errors.append(FieldError("scope", "choose the organisation, a brand or a unit"))
        }
        if role == .owner && scope != "organisation" { errors.append(FieldError("role", "owners are organisation-wide")) }
        if role == .unitContributor && unitID == nil { errors.append(FieldError("scope", "a unit contributor needs a unit")) }
        guard errors.isEmpty, let role else {
            return try await render(frame, context: context, errors: errors, status: .unprocessableContent)
        }
        // The account gets an unusable password until the invitation link is followed.
        let unusable = try await PasswordHasher.hash(Secrets.token())
        let language = context.language.rawValue
        let actor = context.session.actor
        let (brandScope, unitScope) = (brandID, unitID)
        let staffID: Int64
        do {
            staffID = try await services.database.transaction { sql in
                let member = try await services.staff.create(organisationID: organisationID, email: email, displayName: name,
                                                             passwordHash: unusable, language: language, on: sql)
                try await services.staff.grant(role, staffID: member.id, organisationID: organisationID, brandID: brandScope, unitID: unitScope, on: sql)
                try await services.audit.record(organisationID: organisationID, brandID: brandScope, actor: actor, action: "staff.invited",
                                                targetKind: "staff", targetID: member.id, details: ["role": role.rawValue, "scope": scope], on: sql)
                return member.id
            }
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await render(frame, context: context, errors: error.fieldErrors, status: .unprocessableContent)
        }
        let token = services.signer.sign(purpose: "welcome", subject: String(staffID), expiresAt: Clock.nowMillis() + Self.invitationLifetime)
        return try await render(frame, context: context, invitation: "\(services.configuration.publicBaseURL)/welcome/\(token)", status: .created)
    }

    @Sendable func welcomeForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let valid = try await invitedStaff(token) != nil
        return renderer.page("welcome", ["invalid": !valid, "token": token], language: context.language, status: valid ? .ok : .notFound)
    }

    @Sendable func welcome(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let staffID = try await invitedStaff(token) else {
            return renderer.page("welcome", ["invalid": true], language: context.language, status: .notFound)
        }
        let form = try await FormData.read(request, limit: 16 * 1024)
        let password = form.values["password"]?.first ?? ""
        if let problem = PasswordHasher.problem(with: password) {
            return renderer.page("welcome", ["token": token, "error": "\(Strings.get("login_password", context.language)): \(FieldMessages.localized(problem, context.language))"],
                                 language: context.language, status: .unprocessableContent)
        }
        let hash = try await PasswordHasher.hash(password)
        try await services.database.transaction { sql in
            try await sql.raw("UPDATE staff SET password_hash = \(bind: hash) WHERE id = \(bind: staffID)").run()
            try await sql.raw("INSERT INTO instance_settings (key, value) VALUES (\(bind: "welcome:" + Secrets.sha256Hex(token)), 'used')").run()
        }
        let cookie = try await services.sessions.open(staffID: staffID, brandID: nil)
        var setCookie = "\(AuthenticationMiddleware.sessionCookie)=\(cookie); Path=/; HttpOnly; SameSite=Lax; Max-Age=43200"
        if services.configuration.secureCookies { setCookie += "; Secure" }
        return Response(status: .seeOther, headers: [.location: "/members", .setCookie: setCookie])
    }

    /// The staff id of a valid, unused invitation.
    private func invitedStaff(_ token: String) async throws -> Int64? {
        guard let subject = services.signer.verify(token, purpose: "welcome"), let id = Int64(subject) else { return nil }
        let used = try await services.database.read { sql in
            try await sql.raw("SELECT value FROM instance_settings WHERE key = \(bind: "welcome:" + Secrets.sha256Hex(token))").first() != nil
        }
        return used ? nil : id
    }
}
