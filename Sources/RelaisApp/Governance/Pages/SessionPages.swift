import Foundation
import Hummingbird

/// Log-in, log-out, first-owner set-up, brand and language switches.
struct SessionPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>, staff: RouterGroup<StaffContext>) {
        router.get("/") { _, context -> Response in
            Response(status: .seeOther, headers: [.location: context.staffSession == nil ? "/login" : "/members"])
        }
        router.get("login", use: loginForm)
        router.post("login", use: login)
        router.get("setup/{token}", use: setupForm)
        router.post("setup/{token}", use: setup)
        router.get("lang/{code}", use: switchLanguage)
        staff.post("logout", use: logout)
        staff.post("brand", use: switchBrand)
    }

    @Sendable func loginForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.staffSession != nil { return Response(status: .seeOther, headers: [.location: "/members"]) }
        return renderer.page("login", [:], language: context.language)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: 16 * 1024)
        let email = form["email"] ?? ""
        let password = form.values["password"]?.first ?? ""
        if try await services.loginThrottle.retryAfter(email: email, address: context.remoteAddress) != nil {
            return renderer.page("login", ["error": Strings.get("login_throttled", context.language), "email": email],
                                 language: context.language, status: .tooManyRequests)
        }
        guard let (staff, hash) = try await services.staff.credentials(email: email),
              password.utf8.count <= 72, try await PasswordHasher.verify(password, hash: hash)
        else {
            try await services.loginThrottle.record(email: email, address: context.remoteAddress, succeeded: false)
            return renderer.page("login", ["error": Strings.get("login_failed", context.language), "email": email],
                                 language: context.language, status: .unauthorized)
        }
        try await services.loginThrottle.record(email: email, address: context.remoteAddress, succeeded: true)
        let cookie = try await services.sessions.open(staffID: staff.id, brandID: nil)
        try await services.database.transaction { sql in
            try await services.audit.record(organisationID: staff.organisationID, brandID: nil,
                                            actor: ActorRef(kind: "staff", id: staff.id, label: staff.displayName),
                                            action: "staff.logged_in", targetKind: "staff", targetID: staff.id, on: sql)
        }
        return Response(status: .seeOther, headers: [.location: "/members", .setCookie: sessionCookie(cookie, maxAge: 12 * 3600)])
    }

    @Sendable func logout(_ request: Request, context: StaffContext) async throws -> Response {
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try await services.sessions.close(tokenHash: context.session.tokenHash)
        return Response(status: .seeOther, headers: [.location: "/login", .setCookie: sessionCookie("", maxAge: 0)])
    }

    @Sendable func switchBrand(_ request: Request, context: StaffContext) async throws -> Response {
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        guard let id = form["brand"].flatMap(Int64.init), context.session.access(brandID: id) != nil,
              try await services.tenancy.brand(id)?.organisationID == context.session.staff.organisationID
        else { throw AppError.notFound("brand") }
        try await services.sessions.selectBrand(id, tokenHash: context.session.tokenHash)
        return Response(status: .seeOther, headers: [.location: "/members"])
    }

    @Sendable func switchLanguage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = UILanguage(rawValue: context.parameters.get("code") ?? "")?.rawValue ?? "fr"
        if let session = context.staffSession {
            try await services.database.read { sql in
                try await sql.raw("UPDATE staff SET language = \(bind: code) WHERE id = \(bind: session.staff.id)").run()
            }
        }
        // Back to the same page, its query included: the member's space and recognised members' pages carry their signed link there.
        let back = request.headers[.referer].flatMap { URLComponents(string: $0) }.flatMap { url -> String? in
            guard url.path.hasPrefix("/"), !url.path.hasPrefix("//") else { return nil }
            return url.percentEncodedQuery.map { "\(url.percentEncodedPath)?\($0)" } ?? url.percentEncodedPath
        } ?? "/"
        return Response(status: .seeOther, headers: [.location: back, .setCookie: "relais_lang=\(code); Path=/; Max-Age=31536000; SameSite=Lax"])
    }

    @Sendable func setupForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let valid = try await services.setupTokens.isValid(context.parameters.get("token") ?? "")
        return renderer.page("setup", ["invalid": !valid, "token": context.parameters.get("token") ?? ""],
                             language: context.language, status: valid ? .ok : .notFound)
    }

    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let form = try await FormData.read(request, limit: 16 * 1024)
        var errors: [String: String] = [:]
        let organisation = form["organisation"] ?? "", brandName = form["brand"] ?? "", name = form["name"] ?? ""
        let email = form["email"] ?? "", password = form.values["password"]?.first ?? ""
        if organisation.isEmpty || organisation.count > 100 { errors["organisation"] = "1–100" }
        if brandName.isEmpty || brandName.count > 100 { errors["brand"] = "1–100" }
        if name.isEmpty || name.count > 100 { errors["name"] = "1–100" }
        if case .failure(let problem) = EmailAddress.validate(email) { errors["email"] = FieldMessages.localized(problem.message, context.language) }
        if let problem = PasswordHasher.problem(with: password) { errors["password"] = FieldMessages.localized(problem, context.language) }
        if !errors.isEmpty {
            let list = errors.sorted { $0.key < $1.key }.map { ["field": $0.key, "message": $0.value] }
            return renderer.page("setup", ["token": token, "errors": list, "organisation": organisation, "brand": brandName,
                                           "name": name, "email": email], language: context.language, status: .unprocessableContent)
        }
        let hash = try await PasswordHasher.hash(password)
        let language = context.language.rawValue
        let staffID: Int64? = try await services.database.transaction { sql in
            guard try await services.setupTokens.consume(token, on: sql) else { return nil }
            let org = try await services.tenancy.createOrganisation(name: organisation, slug: Slug.make(organisation), on: sql)
            _ = try await services.tenancy.createBrand(organisationID: org.id, name: brandName, slug: Slug.make(brandName), language: language, on: sql)
            let staff = try await services.staff.create(organisationID: org.id, email: email, displayName: name, passwordHash: hash, language: language, on: sql)
            try await services.staff.grant(.owner, staffID: staff.id, organisationID: org.id, on: sql)
            try await services.audit.record(organisationID: org.id, brandID: nil, actor: ActorRef(kind: "staff", id: staff.id, label: name),
                                            action: "organisation.created", targetKind: "organisation", targetID: org.id, on: sql)
            return staff.id
        }
        guard let staffID else {
            return renderer.page("setup", ["invalid": true], language: context.language, status: .notFound)
        }
        let cookie = try await services.sessions.open(staffID: staffID, brandID: nil)
        return Response(status: .seeOther, headers: [.location: "/members", .setCookie: sessionCookie(cookie, maxAge: 12 * 3600)])
    }

    private func sessionCookie(_ value: String, maxAge: Int) -> String {
        var cookie = "\(AuthenticationMiddleware.sessionCookie)=\(value); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(maxAge)"
        if services.configuration.secureCookies { cookie += "; Secure" }
        return cookie
    }
}

/// URL-friendly names.
enum Slug {
    /// A lower-case, accent-free, dash-separated slug of a name.
    static func make(_ name: String) -> String {
        let folded = SearchText.fold(name)
        let slug = folded.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        return slug.isEmpty ? "brand" : String(slug.prefix(60))
    }
}
