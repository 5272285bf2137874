import Foundation
import HTTPTypes
import Hummingbird

/// `POST /api/v1/public/activations/{brand}/{activation}/widget-views`: the beacon the widget's
/// loader sends once its iframe is at least half visible in the visitor's viewport. Accepted
/// only from the brand's allowed origins (the sites that may embed it) and never counted for
/// bots; the view is counted in memory, not written per request.
struct WidgetViewAPI: Sendable {
    let services: AppServices
    static let path = "api/v1/public/activations/{brand}/{activation}/widget-views"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.path), use: seen)
    }

    @Sendable func seen(_ request: Request, context: AppRequestContext) async throws -> Response {
        let brandSlug = context.parameters.get("brand") ?? "", activationSlug = context.parameters.get("activation") ?? ""
        guard let found = try await services.activations.publicActivation(brandSlug: brandSlug, slug: activationSlug),
              found.1.storedStatus != .draft else { throw AppError.notFound("activation") }
        guard let origin = request.headers[.origin], try await services.brandAppearance.allows(origin: origin, brandID: found.0.id) else {
            throw AppError.forbidden("Widget views are accepted from the brand's allowed origins only.")
        }
        services.activationViews.count(request, brandSlug: brandSlug, activationSlug: activationSlug, kind: .widget)
        return Response(status: .noContent, headers: [.accessControlAllowOrigin: origin, .vary: "Origin"])
    }
}
