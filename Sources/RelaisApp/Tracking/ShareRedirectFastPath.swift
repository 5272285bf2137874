import Hummingbird
import Metrics

/// Answers a person's `GET /r/{code}` before any other middleware runs.
///
/// A share link is what a campaign's audience follows, often all at once: the redirect needs
/// no session, key or language, and its link comes from memory (`ShareLinkStore.redirect`), so
/// the middleware chain would be most of its cost. Link-preview bots (they get an Open Graph
/// page in the member's language) and unknown codes (a readable 404 page) go down the
/// ordinary chain. Redirects answered here are counted in `relais_share_redirects_total`.
struct ShareRedirectFastPath: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices
    let redirects = Counter(label: "relais_share_redirects_total")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, let code = Self.code(request), !CrawlerAgents.isBot(userAgent: request.headers[.userAgent]),
              let link = try await services.shareLinks.redirect(code: code) else {
            return try await next(request, context)
        }
        let click = ShareClick(linkID: link.linkID, organisationID: link.organisationID, brandID: link.brandID, sharerID: link.memberID,
                               activationID: link.activationID, visitorHash: nil, bot: false, at: Clock.nowMillis())
        redirects.increment()
        return await ShareRedirectRoutes.redirect(link, code: code, request: request, click: click, services: services)
    }

    /// The code of `/r/{code}`, or nil for any other path.
    static func code(_ request: Request) -> String? {
        let path = request.uri.path
        guard path.hasPrefix("/r/") else { return nil }
        let code = path.dropFirst(3)
        guard !code.isEmpty, !code.contains("/") else { return nil }
        return String(code)
    }
}
