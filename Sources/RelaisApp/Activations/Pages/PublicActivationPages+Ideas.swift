import Foundation
import HTTPTypes
import Hummingbird

/// The parts of the hosted page that belong to idea contests (ideas, images, votes), referral (the member's
/// invitation link and how many friends joined) and e-mailed codes for returning members.
extension PublicActivationPages {
    /// Fields of the idea form, whose errors are shown beside them rather than at the top.
    static let ideaFields: Set<String> = ["ideaTitle", "ideaText", "image"]
    /// Fields of the other forms of the page (votes, e-mailed code): their errors are not an entry's.
    static let outsideEntryForm: Set<String> = ["vote", "codeEmail", "code"]

    /// Routes of votes, images and e-mailed codes on the hosted pages.
    func addIdeaReferralRoutes(to router: Router<AppRequestContext>) {
        router.post("a/{brand}/{activation}/ideas/{idea}/vote", use: vote)
        router.get("a/{brand}/{activation}/images/{key}", use: image)
        router.post("a/{brand}/{activation}/code", use: requestCode)
        router.post("a/{brand}/{activation}/code/check", use: checkCode)
    }

    /// Values of the hosted page for idea contests, referral and the e-mailed code form.
    func ideaReferralValues(brand: Brand, activation: Activation, known: ActivationEntries.KnownMember?, memberLink: String?, form: FormData?,
                            errors: [FieldError], language: UILanguage, status: ActivationStatus, embed: Bool) async throws -> [String: Any] {
        func error(_ field: String) -> Any { errors.first { $0.field == field }?.message as Any }
        let base = "/a/\(brand.slug)/\(activation.slug)"
        var values: [String: Any] = [
            "isIdea": activation.kind == .idea, "codeAction": "\(base)/code\(embed ? "?embed=1" : "")",
            "offerCode": known == nil && status == .live, "codeEmail": form?["codeEmail"] ?? "", "codeError": error("codeEmail"),
        ]
        if activation.kind == .idea {
            func ideaError(_ field: String) -> Any {
                errors.first { $0.field == field }.map { error in IdeaDraft.messageKeys[error.message].map { Strings.get($0, language) } ?? error.message } as Any
            }
            values["ideaForm"] = ["title": form?["ideaTitle"] ?? "", "text": form?["ideaText"] ?? "",
                                  "titleError": ideaError("ideaTitle"), "textError": ideaError("ideaText"), "imageError": ideaError("image")]
            let settings = activation.idea ?? IdeaSettings()
            let period = settings.votingPeriod(opensAt: activation.opensAt, closesAt: activation.closesAt)
            let now = Clock.nowMillis()
            let votingOpen = status == .live && period.contains(now)
            let voted = try await known.asyncMap { try await services.ideaContests.ideas.votedIdeas(activationID: activation.id, memberID: $0.memberID) } ?? []
            let ideas = try await services.ideaContests.ideas.approved(activationID: activation.id)
            values["ideas"] = ideas.map { idea -> [String: Any] in
                let own = idea.memberID == known?.memberID
                return ["id": idea.id, "title": idea.title, "text": idea.text, "author": idea.publicName, "votes": idea.votes,
                        "image": idea.imageKey.map { "\(base)/images/\($0)" } as Any, "own": own, "voted": voted.contains(idea.id),
                        "canVote": votingOpen && known != nil && !own && !voted.contains(idea.id),
                        "voteAction": "\(base)/ideas/\(idea.id)/vote\(embed ? "?embed=1" : "")"]
            }
            values["hasIdeas"] = !ideas.isEmpty
            values["votingOpen"] = votingOpen
            let votingLater = status == .live && now < period.lowerBound
            values["votingOpens"] = (votingLater ? LocalTime.display(period.lowerBound, timeZone: activation.timeZone, language: language) : nil) as Any
            values["votingNeedsCode"] = votingOpen && known == nil && !ideas.isEmpty
            values["voteError"] = error("vote")
        }
        if activation.kind == .referral {
            if let known {
                values["referrer"] = [
                    "link": ReferralLinks(signer: services.signer).url(memberID: known.memberID, activation: activation, brand: brand,
                                                                       publicBaseURL: services.configuration.publicBaseURL),
                    "friends": try await services.referrals.validCount(activationID: activation.id, referrerID: known.memberID),
                ]
            } else {
                values.merge(invitationValues(form?["r"], activation: activation)) { $1 }
            }
        }
        return values
    }

    /// The invitation link a referral entrant sees: only a new member's own (a typed address must not hand out someone else's).
    func invitationLink(_ receipt: EntryReceipt, brand: Brand, activation: Activation) -> String? {
        guard activation.kind == .referral, receipt.newToBrand, let memberID = receipt.memberID else { return nil }
        return ReferralLinks(signer: services.signer).url(memberID: memberID, activation: activation, brand: brand,
                                                          publicBaseURL: services.configuration.publicBaseURL)
    }

    /// The invitation a visitor follows, carried in the form while it is valid.
    func invitationValues(_ token: String?, activation: Activation) -> [String: Any] {
        guard activation.kind == .referral, let token,
              ReferralLinks(signer: services.signer).referrerID(token: token, activationID: activation.id) != nil else { return [:] }
        return ["referralToken": token]
    }

    /// A recognised member's vote; back to the ideas, or the page with the reason it was refused.
    @Sendable func vote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        guard activation.kind == .idea else { throw AppError.notFound("idea contest") }
        let form = try await FormData.read(request, limit: 16 * 1024)
        let embed = request.queryDictionary["embed"] == "1"
        let memberLink = form["m"]
        let voter = memberLink.flatMap { services.activationEntries.links.memberID(token: $0, brandID: brand.id) }
        let known = try await voter.asyncMap { try await services.activationEntries.known(memberID: $0, brand: brand) } ?? nil
        let ideaID = try context.parameters.id("idea", what: "idea")
        do {
            _ = try await services.ideaContests.vote(ideaID: ideaID, voterID: known?.memberID, activation: activation, brand: brand)
        } catch let refusal as VoteRefusal {
            return try await render(brand: brand, activation: activation, language: context.language, memberLink: memberLink, form: nil,
                                    errors: [FieldError("vote", Strings.get("vote_\(refusal.code)", context.language))],
                                    status: refusal.appError.status, embed: embed)
        }
        var query = ["m=\(memberLink ?? "")"]
        if embed { query.append("embed=1") }
        return Response(status: .seeOther, headers: [.location: "/a/\(brand.slug)/\(activation.slug)?\(query.joined(separator: "&"))#idea-\(ideaID)"])
    }

    /// An approved idea's image, at its unguessable address.
    @Sendable func image(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, activation) = try await found(context)
        guard let image = try await services.ideaContests.ideas.image(key: context.parameters.get("key") ?? ""),
              image.activationID == activation.id, image.ideaStatus == .approved else { throw AppError.notFound("image") }
        return IdeaImageResponse.response(contentType: image.contentType, bytes: image.bytes, cache: "public, max-age=3600")
    }

    /// Sends a code to a returning member; the page says the same whether the address is known or not.
    @Sendable func requestCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        let form = try await FormData.read(request, limit: 16 * 1024)
        let embed = request.queryDictionary["embed"] == "1"
        let language = context.language
        do {
            try await services.emailedCodes.request(email: form["codeEmail"] ?? "", brand: brand, activation: activation,
                                                    language: language.rawValue, ipAddress: context.remoteAddress)
        } catch let problem as EmailedCodes.Problem {
            let (field, key, status): (String, String, HTTPResponse.Status) = switch problem {
            case .tooManyRequests: ("codeEmail", "code_too_many", .tooManyRequests)
            default: ("codeEmail", "code_bad_email", .unprocessableContent)
            }
            return try await render(brand: brand, activation: activation, language: language, memberLink: nil, form: form,
                                    errors: [FieldError(field, Strings.get(key, language))], status: status, embed: embed)
        }
        return try await render(brand: brand, activation: activation, language: language, memberLink: nil, form: form, errors: [], embed: embed,
                                extra: ["codeSent": true, "offerCode": false, "codeCheckAction": "/a/\(brand.slug)/\(activation.slug)/code/check\(embed ? "?embed=1" : "")"])
    }

    /// Checks the code: the member is recognised and the page no longer asks what the brand knows.
    @Sendable func checkCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        let form = try await FormData.read(request, limit: 16 * 1024)
        let embed = request.queryDictionary["embed"] == "1"
        do {
            let memberID = try await services.emailedCodes.check(email: form["codeEmail"] ?? "", code: form["code"] ?? "", brand: brand)
            let token = services.activationEntries.links.token(memberID: memberID, brandID: brand.id)
            return Response(status: .seeOther, headers: [.location: "/a/\(brand.slug)/\(activation.slug)?m=\(token)\(embed ? "&embed=1" : "")"])
        } catch is EmailedCodes.Problem {
            return try await render(brand: brand, activation: activation, language: context.language, memberLink: nil, form: form,
                                    errors: [FieldError("code", Strings.get("code_wrong", context.language))], status: .unprocessableContent, embed: embed,
                                    extra: ["codeSent": true, "offerCode": false, "codeError": Strings.get("code_wrong", context.language),
                                            "codeCheckAction": "/a/\(brand.slug)/\(activation.slug)/code/check\(embed ? "?embed=1" : "")"])
        }
    }

    /// The public winners of an idea contest, once its results are published: first names and initials only.
    func ideaWinnersPage(brand: Brand, activation: Activation, language: UILanguage) async throws -> Response {
        let published = [.resultsPublished, .archived].contains(activation.status())
        let winners = published ? try await services.ideaContests.results(activation).winners : []
        return try await page("activation_winners", [
            "title": activation.content.title(language.rawValue), "base": "/a/\(brand.slug)/\(activation.slug)",
            "published": published, "isIdea": true,
            "winners": winners.map { ["name": $0.publicName, "prize": $0.title] },
        ], brand: brand, activation: activation, language: language)
    }
}
