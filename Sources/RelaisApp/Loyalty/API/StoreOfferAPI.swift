import Foundation
import Hummingbird

/// `/api/v1/activations/{id}/store-offer` and `/store-report`: the coupon an activation gives
/// its entrants for the shops, and what those coupons did at the till.
struct StoreOfferAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("activations/{id}/store-offer", use: show)
        group.put("activations/{id}/store-offer", use: save)
        group.delete("activations/{id}/store-offer", use: remove)
        group.get("activations/{id}/store-report", use: report)
    }

    @Sendable func show(_ request: Request, context: APIContext) async throws -> Response {
        let activation = try await activation(context)
        guard let offer = try await services.storeOffers.offer(activationID: activation.id) else { throw AppError.notFound("store offer") }
        return try JSONOutput.response(StoreOfferDTO(offer))
    }

    @Sendable func save(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(StoreOfferInput.self, from: request, limit: 4 * 1024)
        let activation = try await activation(context)
        let offer = try await services.storeOffers.save(rewardID: body.rewardId, audience: body.audience, activation: activation, access: context.access)
        return try JSONOutput.response(StoreOfferDTO(offer))
    }

    @Sendable func remove(_ request: Request, context: APIContext) async throws -> Response {
        try await services.storeOffers.remove(activation: try await activation(context), access: context.access)
        return Response(status: .noContent)
    }

    @Sendable func report(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let activation = try await activation(context)
        return try JSONOutput.response(StoreReportDTO(activationId: activation.id, try await services.storeOffers.report(activation: activation)))
    }

    /// The activation, when the key may see it (another brand's, or outside a unit key's unit: 404).
    private func activation(_ context: APIContext) async throws -> Activation {
        try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: context.access)
    }
}

/// Body of `PUT /api/v1/activations/{id}/store-offer`.
struct StoreOfferInput: APIInput {
    static let fieldNames: Set<String> = ["rewardId", "audience"]
    var rewardId: Int64?
    var audience: String?
}

struct StoreOfferDTO: Codable, Sendable {
    var activationId: Int64
    var rewardId: Int64
    var audience: String
    var updatedAt: String

    init(_ offer: StoreOffer) {
        activationId = offer.activationID
        rewardId = offer.rewardID
        audience = offer.audience.rawValue
        updatedAt = Clock.iso(offer.updatedAt)
    }
}

struct StoreReportDTO: Codable, Sendable {
    struct Sharer: Codable, Sendable {
        var memberId: Int64
        var name: String
        var storeVisits: Int
        var revenueCents: Int64
    }

    var activationId: Int64
    var issued: Int
    var redeemed: Int
    var redemptionRate: Double
    var revenueCents: Int64
    var redeemedThroughSharers: Int
    var topSharers: [Sharer]

    init(activationId: Int64, _ report: StoreOfferReport) {
        self.activationId = activationId
        issued = report.issued
        redeemed = report.redeemed
        redemptionRate = (report.redemptionRate * 10_000).rounded() / 10_000
        revenueCents = report.revenueCents
        redeemedThroughSharers = report.redeemedThroughSharers
        topSharers = report.topSharers.map { Sharer(memberId: $0.memberID, name: $0.publicName, storeVisits: $0.storeVisits, revenueCents: $0.revenueCents) }
    }
}
