import Foundation
import HTTPTypes
import Hummingbird

/// `GET /r/{code}`: a member's share link. People are redirected (302) to the target with UTM
/// parameters and get the visitor and touch cookies; link-preview bots get an Open Graph page.
/// The click is only queued here: `ShareClickService` writes it.
struct ShareRedirectRoutes: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("r/{code}", use: follow)
    }

    @Sendable func follow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = context.parameters.get("code") ?? ""
        guard let link = try await services.shareLinks.redirect(code: code) else {
            throw AppError(status: .notFound, code: "not_found", title: "Not found",
                           detail: Strings.get("share_not_found", context.language))
        }
        let now = Clock.nowMillis()
        let click = ShareClick(linkID: link.linkID, organisationID: link.organisationID, brandID: link.brandID, sharerID: link.memberID,
                               activationID: link.activationID, visitorHash: nil, bot: true, at: now)
        if CrawlerAgents.isBot(userAgent: request.headers[.userAgent]) {
            services.shareClicks.enqueue(click)
            return preview(link, code: code, language: context.language)
        }
        return await Self.redirect(link, code: code, request: request, click: click, services: services)
    }

    /// A person's redirect: the 302 with UTM parameters, the visitor and touch cookies, and the
    /// click queued for `ShareClickService`. Used here and by `ShareRedirectFastPath`.
    static func redirect(_ link: ShareRedirect, code: String, request: Request, click: ShareClick, services: AppServices) async -> Response {
        let secure = services.configuration.secureCookies
        var headers: HTTPFields = [.location: link.location, .cacheControl: "no-store"]
        var click = click
        let visitor: String
        if let value = request.cookies[ShareVisitor.cookie]?.value, ShareVisitor.isWellFormed(value) {
            visitor = value
        } else {
            visitor = ShareVisitor.newID()
            click.newVisitor = true
        }
        // Refreshed on every click, so that a regular visitor keeps one id.
        headers.append(ShareVisitor.cookieField(visitor, secure: secure))
        let previous = request.cookies[ShareTouch.cookie].flatMap { ShareTouch(cookieValue: $0.value) }
        let touch = ShareTouch.following(code, at: click.at, previous: previous)
        headers.append(HTTPField(name: .setCookie, value: ShareVisitor.setCookie(name: ShareTouch.cookie, value: touch.cookieValue,
                                                                                 maxAge: Int(ShareTouch.lifetimeMillis / 1000), secure: secure)))
        click.visitorHash = ShareVisitor.hash(visitor)
        click.bot = false
        await services.shareClicks.admit(click)
        return Response(status: .found, headers: headers)
    }

    /// The Open Graph page a link-preview bot reads to draw the card of a shared link.
    private func preview(_ link: ShareRedirect, code: String, language: UILanguage) -> Response {
        let lang = language.rawValue
        let title = link.title.map { lang == "en" && !$0.en.isEmpty ? $0.en : ($0.fr.isEmpty ? $0.en : $0.fr) } ?? link.brandName
        let description = link.description.map { lang == "en" && !$0.en.isEmpty ? $0.en : ($0.fr.isEmpty ? $0.en : $0.fr) } ?? ""
        return renderer.page("share_preview", [
            "title": title, "description": description, "image": (link.cover ?? link.brandLogo) as Any,
            "url": "\(services.configuration.publicBaseURL)/r/\(code)", "brandName": link.brandName,
            "target": UTMLink.url(target: link.targetURL, campaign: UTMLink.campaign(activationSlug: link.activationSlug)),
        ], language: language, headers: [.cacheControl: "public, max-age=300"])
    }
}
