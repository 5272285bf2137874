import Foundation
import Hummingbird

/// `/api/v1/activations/{id}/…` of idea contests (moderation queue, jury, ranking, images) and referral (referrals per referrer).
struct IdeaReferralAPI: Sendable {
    let services: AppServices

    /// Mounts the routes under `/api/v1`.
    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("activations/{id}/ideas", use: ideas)
        group.get("activations/{id}/ideas/{ideaId}/image", use: image)
        group.post("activations/{id}/ideas/{ideaId}/moderation", use: moderate)
        group.post("activations/{id}/ideas/{ideaId}/jury", use: pick)
        group.get("activations/{id}/ranking", use: ranking)
        group.get("activations/{id}/referrals", use: referrals)
    }

    /// The ideas of a contest, newest first; `status=pending` is the moderation queue.
    @Sendable func ideas(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let (brand, activation) = try await contest(context)
        let status: IdeaStatus?
        if let text = request.queryDictionary["status"] {
            guard let parsed = IdeaStatus(rawValue: text), parsed != .erased else {
                throw AppError.invalid("status", "must be pending, approved or rejected")
            }
            status = parsed
        } else {
            status = nil
        }
        let page = try await services.ideaContests.ideas.list(activationID: activation.id, status: status, page: try PageRequest(query: request.queryDictionary))
        let base = imageBase(brand, activation)
        return try JSONOutput.response(Page(items: page.items.map { IdeaDTO($0, imageBase: base) }, nextCursor: page.nextCursor, total: nil))
    }

    /// An idea's image, whatever its moderation status (staff moderate with it).
    @Sendable func image(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let (_, activation) = try await contest(context)
        let ideaID = try context.parameters.id("ideaId", what: "idea")
        guard let idea = try await services.database.readOnly({ sql in try await services.ideaContests.ideas.idea(ideaID, activationID: activation.id, on: sql) }),
              let key = idea.imageKey, let image = try await services.ideaContests.ideas.image(key: key) else { throw AppError.notFound("image") }
        return IdeaImageResponse.response(contentType: image.contentType, bytes: image.bytes, cache: "private, no-store")
    }

    @Sendable func moderate(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageActivations)
        let (brand, activation) = try await contest(context)
        let body = try await JSONInput.decode(ModerationInput.self, from: request, limit: 16 * 1024)
        guard ["approve", "reject"].contains(body.decision) else { throw AppError.invalid("decision", "must be approve or reject") }
        let idea = try await services.ideaContests.moderate(ideaID: try context.parameters.id("ideaId", what: "idea"), activationID: activation.id,
                                                            approve: body.decision == "approve", reason: body.reason, access: context.access)
        return try JSONOutput.response(IdeaDTO(idea, imageBase: imageBase(brand, activation)))
    }

    @Sendable func pick(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageActivations)
        let (_, activation) = try await contest(context)
        let body = try await JSONInput.decode(JuryPickInput.self, from: request, limit: 16 * 1024)
        try await services.ideaContests.pick(ideaID: try context.parameters.id("ideaId", what: "idea"), activationID: activation.id,
                                             picked: body.picked, access: context.access)
        return Response(status: .noContent)
    }

    /// Approved ideas ranked by votes, and the winners (top N by votes, or the jury's picks).
    @Sendable func ranking(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let (brand, activation) = try await contest(context)
        let results = try await services.ideaContests.results(activation)
        let base = imageBase(brand, activation)
        let settings = activation.idea ?? IdeaSettings()
        return try JSONOutput.response(IdeaResultsDTO(ideaWinners: settings.winners.rawValue, ideaWinnerCount: settings.winnerCount,
                                                      ranking: results.ranking.map { IdeaDTO($0, imageBase: base) },
                                                      winners: results.winners.map { IdeaDTO($0, imageBase: base) }))
    }

    /// Friends who joined through members' invitations, with the counts per referrer.
    @Sendable func referrals(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let activation = try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: context.access)
        guard activation.kind == .referral else { throw AppError.notFound("referral activation") }
        return try JSONOutput.response(ReferralResultsDTO(try await services.referrals.list(activationID: activation.id)))
    }

    /// The caller's idea contest of the `{id}` path parameter, with its brand.
    private func contest(_ context: APIContext) async throws -> (Brand, Activation) {
        let activation = try await services.ideaContests.contest(try context.parameters.id("id", what: "activation"), access: context.access)
        return (try await services.brand(for: context.access), activation)
    }

    private func imageBase(_ brand: Brand, _ activation: Activation) -> String {
        "\(services.configuration.publicBaseURL)/a/\(brand.slug)/\(activation.slug)"
    }
}
