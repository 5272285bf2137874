import Foundation
import Hummingbird

/// Public endpoints (no API key) of idea contests and returning members: submit an idea with its image
/// (multipart), list approved ideas, vote, and ask for / check an e-mailed code. Like the entry endpoint,
/// browsers may call them from the brand's allowed origins only (CORS); any other `Origin` gets 403.
struct PublicIdeaReferralAPI: Sendable {
    let services: AppServices
    static let base = "api/v1/public/activations/{brand}/{activation}"

    /// Mounts the public routes, with their CORS preflights.
    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.base + "/ideas"), use: submitIdea)
        router.get(RouterPath(stringLiteral: Self.base + "/ideas"), use: approvedIdeas)
        router.post(RouterPath(stringLiteral: Self.base + "/votes"), use: vote)
        router.post(RouterPath(stringLiteral: Self.base + "/codes"), use: requestCode)
        router.post(RouterPath(stringLiteral: Self.base + "/codes/check"), use: checkCode)
        for path in ["/ideas", "/votes", "/codes", "/codes/check"] {
            router.on(RouterPath(stringLiteral: Self.base + path), method: .options, use: preflight)
        }
    }

    /// Submits an idea (an entry with a title, a text and perhaps an image); it is shown once staff approve it.
    @Sendable func submitIdea(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        return try await answering(request, brandID: brand.id) {
            guard activation.kind == .idea else { throw AppError.notFound("idea contest") }
            let key = try request.idempotencyKey()
            let submission = try await IdeaUpload.read(request).submission(idempotencyKey: key, ipAddress: context.remoteAddress)
            do {
                let receipt = try await services.activationEntries.submit(submission, activation: activation, brand: brand)
                return JSONOutput.response(json: EntryReceiptDTO(receipt).json, status: receipt.replayed ? .ok : .created)
            } catch let refusal as EntryRefusal {
                throw refusal.appError
            }
        }
    }

    /// Approved ideas with their votes, oldest first; authors appear by first name and initial only.
    @Sendable func approvedIdeas(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        return try await answering(request, brandID: brand.id) {
            guard activation.kind == .idea else { throw AppError.notFound("idea contest") }
            let base = "\(services.configuration.publicBaseURL)/a/\(brand.slug)/\(activation.slug)"
            return try JSONOutput.response(try await services.ideaContests.ideas.approved(activationID: activation.id).map { PublicIdeaDTO($0, imageBase: base) })
        }
    }

    /// A recognised member's vote for an approved idea; a repeated vote is answered 200 and recorded once.
    @Sendable func vote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        return try await answering(request, brandID: brand.id) {
            guard activation.kind == .idea else { throw AppError.notFound("idea contest") }
            let body = try await JSONInput.decode(VoteInput.self, from: request, limit: 16 * 1024)
            let voter = body.memberLink.flatMap { services.activationEntries.links.memberID(token: $0, brandID: brand.id) }
            let known = try await voter.asyncMap { try await services.activationEntries.known(memberID: $0, brand: brand) } ?? nil
            do {
                let counted = try await services.ideaContests.vote(ideaID: body.ideaId, voterID: known?.memberID, activation: activation, brand: brand)
                let votes = try await services.database.readOnly { sql in
                    try await services.ideaContests.ideas.idea(body.ideaId, activationID: activation.id, on: sql)?.votes ?? 0
                }
                return try JSONOutput.response(VoteReceiptDTO(ideaId: body.ideaId, counted: counted, votes: votes), status: counted ? .created : .ok)
            } catch let refusal as VoteRefusal {
                throw refusal.appError
            }
        }
    }

    /// Sends a one-time code to a member's address; the answer is the same whether the address is known or not.
    @Sendable func requestCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        return try await answering(request, brandID: brand.id) {
            let body = try await JSONInput.decode(CodeRequestInput.self, from: request, limit: 16 * 1024)
            do {
                try await services.emailedCodes.request(email: body.email, brand: brand, activation: activation,
                                                        language: body.language == "en" ? "en" : "fr", ipAddress: context.remoteAddress)
            } catch let problem as EmailedCodes.Problem {
                throw Self.appError(problem)
            }
            return try JSONOutput.response(CodeRequestedDTO(), status: .accepted)
        }
    }

    /// Checks a code: the answer carries the `memberLink` that recognises the member on the brand's activations.
    @Sendable func checkCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, _) = try await found(context)
        return try await answering(request, brandID: brand.id) {
            let body = try await JSONInput.decode(CodeCheckInput.self, from: request, limit: 16 * 1024)
            do {
                let memberID = try await services.emailedCodes.check(email: body.email, code: body.code, brand: brand)
                return try JSONOutput.response(MemberLinkDTO(memberLink: services.activationEntries.links.token(memberID: memberID, brandID: brand.id)))
            } catch let problem as EmailedCodes.Problem {
                throw Self.appError(problem)
            }
        }
    }

    /// The CORS preflight: allowed for the brand's origins, silent (no CORS headers) for any other.
    @Sendable func preflight(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let pair = try? await found(context), let origin = request.headers[.origin],
              try await services.brandAppearance.allows(origin: origin, brandID: pair.0.id) else { return Response(status: .noContent) }
        return Response(status: .noContent, headers: [.accessControlAllowOrigin: origin, .vary: "Origin", .accessControlAllowMethods: "GET, POST",
                                                      .accessControlAllowHeaders: "Content-Type, Idempotency-Key", .accessControlMaxAge: "600"])
    }

    /// Answers a request from no origin or an allowed one, with CORS headers on its answer, problems included
    /// (the brand's page must be able to read why it was refused).
    private func answering(_ request: Request, brandID: Int64, _ body: () async throws -> Response) async throws -> Response {
        let origin = request.headers[.origin]
        let allowed = try await origin.asyncMap { try await services.brandAppearance.allows(origin: $0, brandID: brandID) } ?? false
        if origin != nil && !allowed { throw AppError.forbidden("This site is not among the brand's allowed origins for its activations.") }
        var response: Response
        do {
            response = try await body()
        } catch let error as AppError {
            response = ProblemDocument(error).response(retryAfter: error.retryAfter)
        }
        if let origin, allowed {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.vary] = "Origin"
        }
        return response
    }

    /// The API answer to a code problem.
    static func appError(_ problem: EmailedCodes.Problem) -> AppError {
        switch problem {
        case .invalidEmail(let message): AppError.invalid("email", message)
        case .tooManyRequests: AppError.tooManyRequests(retryAfter: Int(MemberCode.lifetimeMillis / 1000))
        case .wrongCode:
            AppError(status: .unprocessableContent, code: "invalid_code", title: "Invalid code",
                     detail: "This code is wrong, expired or already used; ask for a new one.", fieldErrors: [FieldError("code", "is wrong, expired or already used")])
        }
    }

    private func found(_ context: AppRequestContext) async throws -> (Brand, Activation) {
        guard let found = try await services.activations.publicActivation(brandSlug: context.parameters.get("brand") ?? "",
                                                                          slug: context.parameters.get("activation") ?? ""),
              found.1.storedStatus != .draft else { throw AppError.notFound("activation") }
        return found
    }
}
