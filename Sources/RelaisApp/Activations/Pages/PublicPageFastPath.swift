import Hummingbird
import Metrics

/// Answers a first-time visitor's `GET /a/{brand}/{activation}` from the page cache before any
/// other middleware runs.
///
/// The cached page needs no session, key, database or error page, so a hit skips them all: this
/// is the page a campaign sends its whole audience to, and it must cost about what serving a
/// file costs. Hits are counted in `relais_public_page_cache_hits_total` (the per-route request
/// metrics see only misses). Anything else — a miss, a recognised member (`m`), an invitation
/// (`r`), another method or path — goes down the ordinary chain.
struct PublicPageFastPath: RouterMiddleware {
    typealias Context = AppRequestContext
    let cache: PublicPageCache
    /// Where a served page is counted as a view of the activation (in memory, never the database).
    let views: ActivationViews
    let hits = Counter(label: "relais_public_page_cache_hits_total")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, let key = Self.key(request) else { return try await next(request, context) }
        guard let response = cache.response(for: key, token: FormToken.make(), now: Clock.nowMillis()) else {
            return try await next(request, context)
        }
        hits.increment()
        views.countPage(request, key: key)
        return response
    }

    /// The cache key of a plain visit to an activation page, or nil for any other request.
    static func key(_ request: Request) -> PublicPageCache.Key? {
        let path = request.uri.path
        guard path.hasPrefix("/a/") else { return nil }
        let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        // "", "a", brand, activation — and slugs are plain (no escapes to decode).
        guard parts.count == 4, !parts[2].isEmpty, !parts[3].isEmpty, !path.utf8.contains(UInt8(ascii: "%")) else { return nil }
        var embed = false
        if let query = request.uri.query, !query.isEmpty {
            let parameters = request.uri.queryParameters
            if parameters["m"] != nil || parameters["r"] != nil { return nil }
            embed = parameters["embed"] == "1"
        }
        let language = UILanguage.preferred(cookie: request.cookies["relais_lang"]?.value, acceptLanguage: request.headers[.acceptLanguage])
        return PublicPageCache.Key(brandSlug: String(Substring(parts[2])), activationSlug: String(Substring(parts[3])),
                                   language: language, embed: embed)
    }
}

/// One-time tokens of public forms: 128 random bits as 32 lower-case hex digits.
enum FormToken {
    static func make() -> String {
        Secrets.hex(RandomPool.bytes(16))
    }
}
