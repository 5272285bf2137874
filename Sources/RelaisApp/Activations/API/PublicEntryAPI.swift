import Foundation
import HTTPTypes
import Hummingbird

/// `POST /api/v1/public/activations/{brand}/{activation}/entries`: the entry endpoint of integrators' own forms;
/// no API key, an optional `Idempotency-Key` header. Browsers may call it from the brand's allowed origins only (CORS).
struct PublicEntryAPI: Sendable {
    let services: AppServices
    static let path = "api/v1/public/activations/{brand}/{activation}/entries"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.path), use: enter)
        router.on(RouterPath(stringLiteral: Self.path), method: .options, use: preflight)
    }

    @Sendable func enter(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let found = try await services.activations.publicActivation(brandSlug: context.parameters.get("brand") ?? "",
                                                                          slug: context.parameters.get("activation") ?? ""),
              found.1.storedStatus != .draft else { throw AppError.notFound("activation") }
        let (brand, activation) = found
        let cors = try await corsHeaders(request, brandID: brand.id)
        if request.headers[.origin] != nil && cors == nil {
            throw AppError.forbidden("This site is not among the brand's allowed origins for its activations.")
        }
        do {
            let body = try await JSONInput.decode(PublicEntryInput.self, from: request, limit: 64 * 1024)
            let key = try request.idempotencyKey()
            let receipt: EntryReceipt
            do {
                var submission = body.submission(idempotencyKey: key, ipAddress: context.remoteAddress)
                submission.visitorHash = ShareVisitor.hash(of: request)
                receipt = try await services.activationEntries.submit(submission, activation: activation, brand: brand)
            } catch let refusal as EntryRefusal {
                throw refusal.appError
            }
            await services.shareAttribution.credit(request, receipt: receipt, activation: activation)
            let coupon = await services.storeOffers.issue(receipt: receipt, activation: activation)
            return JSONOutput.response(json: EntryReceiptDTO(receipt, coupon: coupon).json, status: receipt.replayed ? .ok : .created, headers: cors ?? [:])
        } catch let error as AppError {
            // The problem must carry the CORS headers too, or the brand's page could not read why an entry was refused.
            var response = ProblemDocument(error).response(retryAfter: error.retryAfter)
            for field in cors ?? [:] { response.headers[field.name] = field.value }
            return response
        }
    }

    /// The CORS preflight: allowed for the brand's origins, silent (no CORS headers) for any other.
    @Sendable func preflight(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let found = try await services.activations.publicActivation(brandSlug: context.parameters.get("brand") ?? "",
                                                                          slug: context.parameters.get("activation") ?? ""),
              var headers = try await corsHeaders(request, brandID: found.0.id) else { return Response(status: .noContent) }
        headers[.accessControlAllowMethods] = "POST"
        headers[.accessControlAllowHeaders] = "Content-Type, Idempotency-Key"
        headers[.accessControlMaxAge] = "600"
        return Response(status: .noContent, headers: headers)
    }

    /// CORS headers for a request whose `Origin` the brand allows; nil without an allowed origin.
    private func corsHeaders(_ request: Request, brandID: Int64) async throws -> HTTPFields? {
        guard let origin = request.headers[.origin], try await services.brandAppearance.allows(origin: origin, brandID: brandID) else { return nil }
        return [.accessControlAllowOrigin: origin, .vary: "Origin"]
    }
}
