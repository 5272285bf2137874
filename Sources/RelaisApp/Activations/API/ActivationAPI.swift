import Foundation
import Hummingbird

/// `/api/v1/activations`: create, read, edit, lifecycle, entries and draw of the key's brand (or unit).
struct ActivationAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("activations", use: list)
        group.post("activations", use: create)
        group.get("activations/{id}", use: show)
        group.put("activations/{id}", use: update)
        group.post("activations/{id}/transitions", use: transition)
        group.get("activations/{id}/entries", use: entries)
        group.post("activations/{id}/invalidations", use: invalidate)
        group.post("activations/{id}/draw", use: draw)
        group.get("activations/{id}/winners", use: winners)
        group.get("activations/{id}/results", use: results)
        group.get("brand/appearance", use: appearance)
        group.put("brand/appearance", use: changeAppearance)
    }

    /// A poll's votes per option, whatever the public visibility (staff always see them); a quiz's scores;
    /// an instant win's moments (only those already past while it runs).
    @Sendable func results(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        var activation = try await services.activations.activation(try activationID(context), access: context.access)
        if let poll = activation.poll {
            return try JSONOutput.response(PollResultsDTO(poll.tally(try await services.entryStore.votes(activationID: activation.id))))
        }
        if let quiz = activation.quiz {
            return try JSONOutput.response(QuizResultsDTO(quiz.distribution(try await services.entryStore.scores(activationID: activation.id)),
                                                          questions: quiz.questions.count))
        }
        guard activation.kind == .instantWin else { throw AppError.notFound("results") }
        activation = try await services.activationDraws.freezeIfDue(activation)
        let count = try await services.activations.prizes(activationID: activation.id).reduce(0) { $0 + $1.quantity }
        return try JSONOutput.response(InstantWinResultsDTO(try await services.instantWins.report(activation), momentsCount: count))
    }

    @Sendable func appearance(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        return try JSONOutput.response(try await services.brandAppearance.appearance(brandID: context.access.brandID))
    }

    @Sendable func changeAppearance(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageActivations)
        let body = try await JSONInput.decode(BrandAppearanceInput.self, from: request, limit: 16 * 1024)
        let appearance = BrandAppearance(timeZone: body.timeZone, primaryColor: body.primaryColor, logoUrl: body.logoUrl?.nilIfEmpty,
                                         allowedOrigins: body.allowedOrigins ?? [])
        try await services.brandAppearance.update(appearance, access: context.access)
        return try JSONOutput.response(try await services.brandAppearance.appearance(brandID: context.access.brandID))
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let brand = try await services.brand(for: context.access)
        let page = try await services.activations.list(access: context.access, page: try PageRequest(query: request.queryDictionary))
        var items: [ActivationDTO] = []
        for activation in page.items {
            items.append(try await dto(activation, brand: brand))
        }
        return try JSONOutput.response(Page(items: items, nextCursor: page.nextCursor, total: nil))
    }

    @Sendable func create(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageActivations)
        let brand = try await services.brand(for: context.access)
        let input = try await JSONInput.decode(ActivationInput.self, from: request, limit: 256 * 1024)
        let activation = try await services.activationActions.create(input, brand: brand, access: context.access)
        return try JSONOutput.response(try await dto(activation, brand: brand), status: .created,
                                       headers: [.location: "/api/v1/activations/\(activation.id)"])
    }

    @Sendable func show(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let brand = try await services.brand(for: context.access)
        var activation = try await services.activations.activation(try activationID(context), access: context.access)
        activation = try await services.activationDraws.freezeIfDue(activation)
        return try JSONOutput.response(try await dto(activation, brand: brand))
    }

    @Sendable func update(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageActivations)
        let brand = try await services.brand(for: context.access)
        let id = try activationID(context)
        _ = try await services.activations.activation(id, access: context.access)
        let input = try await JSONInput.decode(ActivationInput.self, from: request, limit: 256 * 1024)
        let activation = try await services.activationActions.update(id, with: input, brand: brand, access: context.access)
        return try JSONOutput.response(try await dto(activation, brand: brand))
    }

    @Sendable func transition(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageActivations)
        let brand = try await services.brand(for: context.access)
        let id = try activationID(context)
        _ = try await services.activations.activation(id, access: context.access)
        let body = try await JSONInput.decode(TransitionInput.self, from: request, limit: 16 * 1024)
        guard let action = LifecycleAction(rawValue: body.action) else {
            throw AppError.invalid("action", "must be one of \(LifecycleAction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var activation = try await services.activationActions.transition(id, action: action, access: context.access)
        activation = try await services.activationDraws.freezeIfDue(activation)
        return try JSONOutput.response(try await dto(activation, brand: brand))
    }

    @Sendable func entries(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let page = try PageRequest(query: request.queryDictionary)
        let activation = try await services.activations.activation(try activationID(context), access: context.access)
        let flagged = request.queryDictionary["flagged"] == "true"
        let result = try await services.entryStore.list(activationID: activation.id, page: page, flaggedOnly: flagged)
        return try JSONOutput.response(Page(items: result.items.map(EntryDTO.init), nextCursor: result.nextCursor, total: nil))
    }

    /// Invalidates an entry with a reason (the review of flagged entries), before the pool is frozen.
    @Sendable func invalidate(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageActivations)
        let id = try activationID(context)
        _ = try await services.activations.activation(id, access: context.access)
        let body = try await JSONInput.decode(InvalidationInput.self, from: request, limit: 16 * 1024)
        try await services.entryReview.invalidate(entryID: body.entryId, activationID: id, reason: body.reason, access: context.access)
        return Response(status: .noContent)
    }

    @Sendable func draw(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageActivations)
        let brand = try await services.brand(for: context.access)
        let id = try activationID(context)
        _ = try await services.activations.activation(id, access: context.access)
        let body = try await JSONInput.decode(DrawInput.self, from: request, limit: 16 * 1024)
        let activation = try await services.activationDraws.draw(id, publicRandomness: body.publicRandomness, brand: brand, access: context.access)
        guard let published = try await services.activationDraws.published(activation) else { throw AppError.conflict("The draw was not recorded.") }
        let winners = try await services.activationDraws.winners(activationID: id)
        return try JSONOutput.response(DrawOutcomeDTO(published: published, winners: winners.map(WinnerDTO.init)), status: .created)
    }

    @Sendable func winners(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let brand = try await services.brand(for: context.access)
        let activation = try await services.activations.activation(try activationID(context), access: context.access)
        try await services.prizeClaims.expireOverdue(activation, brand: brand)
        let winners = try await services.activationDraws.winners(activationID: activation.id)
        return try JSONOutput.response(winners.map(WinnerDTO.init))
    }

    private func dto(_ activation: Activation, brand: Brand) async throws -> ActivationDTO {
        ActivationDTO(activation, prizes: try await services.activations.prizes(activationID: activation.id), brand: brand,
                      publicBaseURL: services.configuration.publicBaseURL)
    }

    /// The `{id}` path parameter as an activation id, or 404.
    private func activationID(_ context: APIContext) throws -> Int64 {
        try context.parameters.id("id", what: "activation")
    }
}
