import Hummingbird

/// Forgets the cached public pages, and the activations behind them, after any change made by staff or an API key.
///
/// Every change that can alter a public page (an activation, its rules or prizes, the brand's
/// look, consent wordings, moderation, a draw, an erasure) is made by a logged-in staff member
/// or an API key, so clearing on each of their writes needs no hook in each of those places and
/// cannot miss a new one. Members' own entries and votes do not clear it: the pages that show
/// figures they change are kept for two seconds only (`PublicPageLifetime`).
struct PublicPageInvalidation: RouterMiddleware {
    typealias Context = AppRequestContext
    let cache: PublicPageCache
    let activations: ActivationStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let writes = ![.get, .head, .options].contains(request.method)
        guard writes, context.staffSession != nil || context.apiAccess != nil else {
            return try await next(request, context)
        }
        do {
            let response = try await next(request, context)
            invalidateAll()
            return response
        } catch {
            // A failed request may still have written (a partial import): clear all the same.
            invalidateAll()
            throw error
        }
    }

    private func invalidateAll() {
        cache.invalidateAll()
        activations.publicLookups.removeAll()
    }
}
