import Foundation
import HTTPTypes
import Hummingbird

/// Back-office pages of idea contests (moderation queue, jury picks, ranking) and referral (referrals per referrer).
extension ActivationPages {
    /// Routes of the moderation queue, the jury's picks and staff's view of images.
    func addIdeaReferralRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("activations/{id}/ideas", use: ideaQueue)
        staff.post("activations/{id}/ideas/{ideaId}/moderate", use: moderateIdea)
        staff.post("activations/{id}/ideas/{ideaId}/jury", use: pickIdea)
        staff.get("activations/{id}/ideas/{ideaId}/image", use: ideaImage)
    }

    /// The results part of the editor: the ranking of an idea contest, or the referrals and counts per referrer.
    func ideaReferralResults(_ activation: Activation, language: UILanguage) async throws -> [String: Any] {
        switch activation.kind {
        case .idea:
            let results = try await services.ideaContests.results(activation)
            let winners = Set(results.winners.map(\.id))
            return ["hasIdeaRanking": true, "ideaRanking": results.ranking.enumerated().map { index, idea -> [String: Any] in
                ["rank": index + 1, "ideaId": idea.id, "title": idea.title, "author": [idea.firstName, idea.lastName].compactMap { $0 }.joined(separator: " "),
                 "memberId": idea.memberID, "votes": idea.votes, "winner": winners.contains(idea.id)]
            }, "hasRankedIdeas": !results.ranking.isEmpty]
        case .referral:
            let referrals = try await services.referrals.list(activationID: activation.id)
            return ["hasReferralResults": true, "hasReferrals": !referrals.isEmpty,
                    "referralsTotal": referrals.filter { $0.status == "valid" }.count,
                    "referrers": ReferralStore.counts(referrals).map {
                        ["memberId": $0.memberID, "name": $0.name, "valid": $0.valid, "rejected": $0.rejected, "invitedBy": $0.invitedBy as Any]
                    },
                    "referrals": referrals.map {
                        ["referrerId": $0.referrerID, "referrer": $0.referrerName, "refereeId": $0.refereeID, "referee": $0.refereeName,
                         "status": Strings.get($0.reason.map { "act_referral_\($0)" } ?? "act_referral_\($0.status == "pending" ? "pending" : "valid")", language), "when": Clock.iso($0.createdAt)]
                    }]
        default:
            return [:]
        }
    }

    /// The moderation queue (pending ideas first), and the other ideas by status.
    @Sendable func ideaQueue(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        return try await queuePage(frame, context: context, activationID: try context.parameters.id("id", what: "activation"),
                                   filter: request.queryDictionary["status"] ?? "pending", page: try PageRequest(query: request.queryDictionary))
    }

    /// The queue of ideas in `filter` (a status, or all), with a refused decision's message when there is one.
    private func queuePage(_ frame: BackOfficeFrame, context: StaffContext, activationID: Int64, filter: String, page request: PageRequest,
                           error: String? = nil, status responseStatus: HTTPResponse.Status = .ok) async throws -> Response {
        let activation = try await services.ideaContests.contest(activationID, access: frame.access)
        let status = IdeaStatus(rawValue: filter).flatMap { $0 == .erased ? nil : $0 }
        let page = try await services.ideaContests.ideas.list(activationID: activation.id, status: status, page: request)
        let language = context.language
        let canModerate = frame.access.can(.manageActivations) && ![.resultsPublished, .archived].contains(activation.status())
        let jury = activation.idea?.winners == .jury
        let rows: [[String: Any]] = page.items.map { idea in
            ["ideaId": idea.id, "title": idea.title, "text": idea.text, "memberId": idea.memberID,
             "author": [idea.firstName, idea.lastName].compactMap { $0 }.joined(separator: " "),
             "status": Strings.get("act_idea_status_\(idea.status.rawValue)", language), "pending": idea.status == .pending,
             "reason": idea.rejectionReason ?? "", "votes": idea.votes, "when": Clock.iso(idea.createdAt),
             "image": idea.imageKey == nil ? nil as String? as Any : "/activations/\(activation.id)/ideas/\(idea.id)/image",
             "canApprove": canModerate && idea.status != .approved, "canReject": canModerate && idea.status != .rejected,
             "canPick": canModerate && jury && idea.status == .approved && idea.juryRank == nil,
             "canUnpick": canModerate && jury && idea.juryRank != nil, "picked": idea.juryRank != nil]
        }
        let tabs = [("pending", "act_ideas_pending"), ("approved", "act_ideas_approved"), ("rejected", "act_ideas_rejected"), ("all", "act_ideas_all")]
        return renderer.page("activation_ideas", frame.values([
            "id": activation.id, "title": activation.content.title(language.rawValue), "ideas": rows, "empty": rows.isEmpty,
            "tabs": tabs.map { ["href": "/activations/\(activation.id)/ideas?status=\($0.0)", "label": Strings.get($0.1, language), "current": $0.0 == filter] },
            "next": page.nextCursor.map { "/activations/\(activation.id)/ideas?status=\(filter)&cursor=\($0)" } as Any,
            "filter": filter, "error": error as Any,
        ], active: "activations"), language: language, status: responseStatus)
    }

    /// Approves or rejects (with a reason) one idea; the decision is in the audit log.
    @Sendable func moderateIdea(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "activation")
        do {
            _ = try await services.ideaContests.moderate(ideaID: try context.parameters.id("ideaId", what: "idea"), activationID: id,
                                                         approve: form["decision"] == "approve", reason: form["reason"], access: frame.access)
        } catch let error as AppError where [.unprocessableContent, .conflict].contains(error.status) {
            let message = error.fieldErrors.first?.field == "reason" ? Strings.get("act_reject_reason_needed", context.language)
                : error.fieldErrors.first.map { "\($0.field) : \(FieldMessages.localized($0.message, context.language))" } ?? error.detail
            return try await queuePage(frame, context: context, activationID: id, filter: form["back"] ?? "pending", page: PageRequest(limit: 50, afterID: nil),
                                       error: message, status: error.status)
        }
        return Response(status: .seeOther, headers: [.location: "/activations/\(id)/ideas?status=\(form["back"] ?? "pending")"])
    }

    /// Adds an approved idea to the jury's picks, or takes it out.
    @Sendable func pickIdea(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "activation")
        try await services.ideaContests.pick(ideaID: try context.parameters.id("ideaId", what: "idea"), activationID: id,
                                             picked: form["picked"] == "1", access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/activations/\(id)/ideas?status=approved"])
    }

    /// An idea's image for staff, whatever its moderation status.
    @Sendable func ideaImage(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let activation = try await services.ideaContests.contest(try context.parameters.id("id", what: "activation"), access: frame.access)
        let ideaID = try context.parameters.id("ideaId", what: "idea")
        guard let idea = try await services.database.readOnly({ sql in try await services.ideaContests.ideas.idea(ideaID, activationID: activation.id, on: sql) }),
              let key = idea.imageKey, let image = try await services.ideaContests.ideas.image(key: key) else { throw AppError.notFound("image") }
        return IdeaImageResponse.response(contentType: image.contentType, bytes: image.bytes, cache: "private, no-store")
    }
}
