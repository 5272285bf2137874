import Hummingbird

/// The languages of the interface.
public enum UILanguage: String, Sendable, CaseIterable {
    case french = "fr"
    case english = "en"

    /// The language asked for by a `lang` cookie or the browser's Accept-Language, French by default.
    static func preferred(cookie: String?, acceptLanguage: String?) -> UILanguage {
        if let cookie, let language = UILanguage(rawValue: cookie) { return language }
        guard let header = acceptLanguage?.lowercased() else { return .french }
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";")[0].trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("fr") { return .french }
            if tag.hasPrefix("en") { return .english }
        }
        return .french
    }
}

/// Picks the interface language of each request.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.language = UILanguage.preferred(cookie: request.cookies["relais_lang"]?.value,
                                                acceptLanguage: request.headers[.acceptLanguage])
        return try await next(request, context)
    }
}
