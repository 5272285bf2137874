import Hummingbird

/// Recognises the caller: an API key in `Authorization: Bearer` for `/api`, the session
/// cookie elsewhere. It never rejects; the child contexts of protected routes do.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let apiKeys: APIKeyStore
    let sessions: StaffSessionStore
    /// Name of the back-office session cookie.
    static let sessionCookie = "relais_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.uri.path.hasPrefix("/api/") {
            if let header = request.headers[.authorization], let secret = HeaderValue.bearer(header) {
                guard let access = try await apiKeys.access(secret: secret) else {
                    throw AppError.unauthorized("The API key is unknown or revoked.")
                }
                context.apiAccess = access
            }
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty {
            context.staffSession = try await sessions.session(cookie: cookie)
            if let session = context.staffSession, let language = UILanguage(rawValue: session.staff.language) {
                context.language = language
            }
        }
        return try await next(request, context)
    }
}
