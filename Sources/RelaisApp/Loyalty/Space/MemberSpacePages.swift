import Foundation
import Hummingbird

/// `/m/{brand}/space?m=…`: the member's own space, reached through the signed link of their
/// e-mails or sent by staff — points, tier, history, coupons, rewards to redeem and share links.
/// Works without JavaScript; the copy buttons come with it. A link that is not valid shows a
/// page that says so and nothing about anyone.
struct MemberSpacePages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("m/{brand}/space", use: show)
        router.post("m/{brand}/space/redeem", use: redeem)
        router.post("m/{brand}/space/share", use: share)
        router.get("m/{brand}/theme.css", use: theme)
    }

    /// Who a request is from: the member a valid link opens on this brand's address, or the refusal.
    private enum Visit {
        case member(Brand, memberID: Int64)
        case refused(expired: Bool)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.queryDictionary
        let token = query["m"] ?? ""
        let opened = try await visit(token, context: context)
        guard case .member(let brand, let memberID) = opened else { return try await refusal(opened, context: context) }
        let before = query["before"].flatMap { Int64($0) }.flatMap { $0 > 0 ? $0 : nil }
        // This browser is the member's own: their clicks on their share links from it are not counted.
        let device = try await services.shareDevices.remember(request, memberID: memberID, brandID: brand.id)
        var response = try await render(brand, memberID: memberID, token: token, historyBefore: before, request: request, context: context)
        if let device { response.headers.append(device) }
        return response
    }

    /// Exchanges a reward for points through `Redemptions`, as the API does; the form's signed
    /// token is the idempotency key, so a double submit gives one coupon.
    @Sendable func redeem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: 16 * 1024)
        let token = form["m"] ?? ""
        let opened = try await visit(token, context: context)
        guard case .member(let brand, let memberID) = opened else { return try await refusal(opened, context: context) }
        let rewardID = form["reward"].flatMap { Int64($0) }
        func refused(_ code: String, _ status: HTTPResponse.Status) async throws -> Response {
            try await render(brand, memberID: memberID, token: token, outcome: .refused(code: code, rewardID: rewardID), status: status,
                             request: request, context: context)
        }
        guard let nonce = services.memberSpaceLinks.formNonce(form["formToken"] ?? "", memberID: memberID, brandID: brand.id) else {
            return try await refused("form_expired", .unprocessableContent)
        }
        guard let rewardID else { return try await refused("not_found", .notFound) }
        do {
            let receipt = try await services.redemptions.redeem(rewardID: rewardID, memberID: memberID, idempotencyKey: "space:\(nonce):\(rewardID)",
                                                                access: MemberSpace.access(memberID: memberID, brand: brand))
            return try await render(brand, memberID: memberID, token: token, outcome: .redeemed(receipt.coupon, replayed: receipt.replayed),
                                    request: request, context: context)
        } catch let error as AppError where (400..<500).contains(Int(error.status.code)) {
            return try await refused(error.status == .conflict ? "conflict" : error.code, error.status)
        }
    }

    /// Makes the member's share link to an activation taking entries (one per member and
    /// activation: sending the form twice gives the same link), then shows the space again.
    @Sendable func share(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: 16 * 1024)
        let token = form["m"] ?? ""
        let opened = try await visit(token, context: context)
        guard case .member(let brand, let memberID) = opened else { return try await refusal(opened, context: context) }
        guard services.memberSpaceLinks.formNonce(form["formToken"] ?? "", memberID: memberID, brandID: brand.id) != nil else {
            return try await render(brand, memberID: memberID, token: token, outcome: .refused(code: "form_expired", rewardID: nil),
                                    status: .unprocessableContent, request: request, context: context)
        }
        let activationID = form["activation"].flatMap { Int64($0) }
        guard let activationID, try await services.activations.open(brandID: brand.id).contains(where: { $0.id == activationID }) else {
            return try await render(brand, memberID: memberID, token: token, outcome: .refused(code: "activation_closed", rewardID: nil),
                                    status: .notFound, request: request, context: context)
        }
        _ = try await services.shareLinks.link(memberID: memberID, target: .activation(activationID),
                                               access: MemberSpace.access(memberID: memberID, brand: brand))
        return Response(status: .seeOther, headers: [.location: MemberSpaceLinks.path(brandSlug: brand.slug, token: token) + "#share-\(activationID)",
                                                     .cacheControl: "no-store"])
    }

    /// The brand's colour for the space's pages.
    @Sendable func theme(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let brand = try await services.tenancy.brand(slug: context.parameters.get("brand") ?? "") else { throw AppError.notFound("brand") }
        return PublicActivationPages.themeResponse(primaryColor: brand.primaryColor)
    }

    // MARK: - Steps

    /// The member a token opens, only on the address of the brand it was made for.
    private func visit(_ token: String, context: AppRequestContext) async throws -> Visit {
        switch services.memberSpaceLinks.open(token) {
        case .member(let memberID, let brandID):
            guard let brand = try await services.tenancy.brand(brandID), brand.slug == context.parameters.get("brand") else {
                return .refused(expired: false)
            }
            return .member(brand, memberID: memberID)
        case .expired: return .refused(expired: true)
        case .invalid: return .refused(expired: false)
        }
    }

    /// The page of a link that opens nothing: 410 when it expired, 403 otherwise, in the brand's colours when the address names one.
    private func refusal(_ visit: Visit, context: AppRequestContext) async throws -> Response {
        let expired = if case .refused(expired: true) = visit { true } else { false }
        let brand = try await services.tenancy.brand(slug: context.parameters.get("brand") ?? "")
        return try await page(["refused": true, "expired": expired], brand: brand, language: context.language,
                              status: expired ? .gone : .forbidden)
    }

    private func render(_ brand: Brand, memberID: Int64, token: String, historyBefore: Int64? = nil, outcome: MemberSpaceOutcome? = nil,
                        status: HTTPResponse.Status = .ok, request: Request, context: AppRequestContext) async throws -> Response {
        guard let space = try await MemberSpace.load(memberID: memberID, brand: brand, historyBefore: historyBefore, services: services) else {
            // Erased, or merged into another profile since the link was sent.
            return try await page(["refused": true, "expired": false], brand: brand, language: context.language, status: .forbidden)
        }
        let language = MemberSpace.language(cookie: request.cookies["relais_lang"]?.value, member: space.language, browser: context.language)
        let values = MemberSpaceValues(space: space, token: token,
                                       formToken: services.memberSpaceLinks.formToken(memberID: memberID, brandID: brand.id),
                                       language: language, publicBaseURL: services.configuration.publicBaseURL, now: Clock.nowMillis())
        return try await page(values.values(outcome: outcome, historyBefore: historyBefore), brand: brand, language: language, status: status)
    }

    /// The page with the brand's name, logo and colours; never cached, never indexed, never framed.
    private func page(_ values: [String: Any], brand: Brand?, language: UILanguage, status: HTTPResponse.Status) async throws -> Response {
        var all = values
        all["brandName"] = brand?.name ?? "Relais"
        if let brand {
            all["brandLogo"] = try await services.activations.logoURL(brandID: brand.id).flatMap { $0.hasPrefix("https://") ? $0 : nil } as Any
            all["themeURL"] = "/m/\(brand.slug)/theme.css"
        }
        var response = renderer.page("member_space", all, language: language, status: status)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        response.headers[.cacheControl] = "no-store"
        response.headers[.init("X-Robots-Tag")!] = "noindex"
        return response
    }
}
