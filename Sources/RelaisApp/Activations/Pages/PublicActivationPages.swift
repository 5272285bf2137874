import Draws
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The hosted public pages of an activation: `/a/{brand}/{activation}` (entry form, works without
/// JavaScript), its draw verification page and JSON, its winners page, and the brand's colours as CSS.
struct PublicActivationPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("a/{brand}/{activation}", use: show)
        router.post("a/{brand}/{activation}", use: submit)
        router.get("a/{brand}/{activation}/theme.css", use: theme)
        router.get("a/{brand}/{activation}/draw", use: drawPage)
        router.get("a/{brand}/{activation}/draw.json", use: drawJSON)
        router.get("a/{brand}/{activation}/winners", use: winnersPage)
        router.get("a/{brand}/{activation}/results", use: resultsPage)
        router.get("a/{brand}/{activation}/confirm/{token}", use: confirmEntry)
        router.get("a/{brand}/{activation}/widget.js", use: widgetScript)
        router.get("a/{brand}/{activation}/claim/{token}", use: claimPage)
        router.post("a/{brand}/{activation}/claim/{token}", use: claim)
        router.get("static/activation-embed.js") { _, _ in ActivationWidget.embedScriptResponse() }
        addIdeaReferralRoutes(to: router)
    }

    /// The activation at the request's address, hidden while it is a draft.
    func found(_ context: AppRequestContext) async throws -> (Brand, Activation) {
        guard let found = try await services.activations.publicActivation(brandSlug: context.parameters.get("brand") ?? "",
                                                                          slug: context.parameters.get("activation") ?? ""),
              found.1.storedStatus != .draft else { throw AppError.notFound("activation") }
        return found
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.queryDictionary
        let link = query["m"]
        let embed = query["embed"] == "1"
        // A first-time visitor's page is the same for everyone: served from memory.
        if link == nil, query["r"] == nil {
            return counted(try await anonymousPage(context: context, embed: embed), request, context: context, embed: embed)
        }
        let (brand, activation) = try await found(context)
        return counted(try await render(brand: brand, activation: activation, language: context.language, memberLink: link, form: nil, errors: [],
                                        embed: embed, extra: link == nil ? invitationValues(query["r"], activation: activation) : [:]),
                       request, context: context, embed: embed)
    }

    /// The entry page of a visitor the brand does not recognise, from the cache when it holds a current copy.
    private func anonymousPage(context: AppRequestContext, embed: Bool) async throws -> Response {
        let cache = services.publicPages
        let key = PublicPageCache.Key(brandSlug: context.parameters.get("brand") ?? "", activationSlug: context.parameters.get("activation") ?? "",
                                      language: context.language, embed: embed)
        let now = Clock.nowMillis()
        if let cached = cache.response(for: key, token: FormToken.make(), now: now) { return cached }
        let generation = cache.generation
        let (brand, activation) = try await found(context)
        let rendered = try await render(brand: brand, activation: activation, language: context.language, memberLink: nil, form: nil, errors: [],
                                        embed: embed, formToken: PublicPageCache.tokenMark)
        if let html = rendered.html,
           cache.store(rendered.response, html: html, for: key, expiresAt: PublicPageLifetime.expiry(of: activation, now: now), generation: generation),
           let response = cache.response(for: key, token: FormToken.make(), now: now) {
            return response
        }
        return try await render(brand: brand, activation: activation, language: context.language, memberLink: nil, form: nil, errors: [], embed: embed)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        // An idea comes with its image, so its form is multipart; the other kinds post a plain form.
        let upload: IdeaUpload? = activation.kind == .idea ? try await IdeaUpload.read(request) : nil
        let form = if let upload { upload.fields } else { try await FormData.read(request, limit: 64 * 1024) }
        let language = context.language
        let embed = request.queryDictionary["embed"] == "1"
        let consents: [(purpose: String, wordingVersion: Int?)] = form.all("consent").compactMap { value in
            let parts = value.split(separator: ":")
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), Int(parts[1]))
        }
        var submission = EntrySubmission(
            email: form["email"],
            profile: ProfileFields(firstName: form["firstName"], lastName: form["lastName"], birthDate: form["birthDate"],
                                   postalCode: form["postalCode"], city: form["city"], country: form["country"], language: language.rawValue),
            acceptedRulesVersion: form["acceptRules"] != nil ? form["rulesVersion"].flatMap { Int($0) } : nil,
            consents: consents, honeypot: form["website"], memberLink: form["m"], idempotencyKey: form["formToken"],
            ipAddress: context.remoteAddress, language: language.rawValue, answer: form["answer"],
            quizAnswers: activation.quiz.map { QuizForm.answers(form, questions: $0.questions.count) },
            tieBreak: QuizForm.tieBreak(form), referralToken: form["r"], visitorHash: ShareVisitor.hash(of: request))
        // A browser without the visitor cookie gets one with its entry, recorded as the entrant's by the entry
        // itself, so that the entrant's later clicks on their own share links, or a friend's invitation used
        // from it, count as self-referrals. Not inside the widget's iframe: on the brand's site it is a
        // third-party frame, where browsers refuse a `SameSite=Lax` cookie.
        var newVisitor: String? = nil
        if submission.visitorHash == nil && !embed {
            let visitor = ShareVisitor.newID()
            submission.visitorHash = ShareVisitor.hash(visitor)
            newVisitor = visitor
        }
        do {
            submission.idea = try upload?.idea()
            let receipt = try await services.activationEntries.submit(submission, activation: activation, brand: brand)
            await services.shareAttribution.credit(request, receipt: receipt, activation: activation)
            let coupon = await services.storeOffers.issue(receipt: receipt, activation: activation)
            var response = try await thanks(brand: brand, activation: activation, receipt: receipt, coupon: coupon, language: language, embed: embed)
            if let newVisitor, !receipt.replayed {
                response.headers.append(ShareVisitor.cookieField(newVisitor, secure: services.configuration.secureCookies))
            }
            return response
        } catch let refusal as EntryRefusal {
            let message = Strings.get("refusal_\(refusal.code)", language)
            let errors = [FieldError(refusal.field ?? "form", message)]
            let status: HTTPResponse.Status = refusal.appError.status
            return try await render(brand: brand, activation: activation, language: language, memberLink: form["m"], form: form,
                                    errors: errors, status: status, embed: embed)
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            var errors = error.fieldErrors.isEmpty ? [FieldError("form", error.detail)] : error.fieldErrors
            if error.code == "invalid_answers", let quiz = activation.quiz {
                errors = QuizForm.pageErrors(errors, form: form, questions: quiz.questions.count, language: language)
            }
            return try await render(brand: brand, activation: activation, language: language, memberLink: form["m"], form: form,
                                    errors: errors, status: error.status, embed: embed)
        }
    }

    /// The entry form, built from what the brand already knows of a recognised member.
    func render(brand: Brand, activation: Activation, language: UILanguage, memberLink: String?, form: FormData?,
                errors: [FieldError], status: HTTPResponse.Status = .ok, embed: Bool = false, extra: [String: Any] = [:]) async throws -> Response {
        try await render(brand: brand, activation: activation, language: language, memberLink: memberLink, form: form, errors: errors,
                         status: status, embed: embed, extra: extra, formToken: nil).response
    }

    /// The label, input type and autocomplete token of a profile field of the entry form.
    static func fieldShape(_ name: String) -> (label: String, type: String, autocomplete: String) {
        switch name {
        case "firstName": ("pub_first_name", "text", "given-name")
        case "lastName": ("pub_last_name", "text", "family-name")
        case "birthDate": ("pub_birth_date", "date", "bday")
        case "postalCode": ("pub_postal_code", "text", "postal-code")
        case "city": ("pub_city", "text", "address-level2")
        default: ("pub_country", "text", "country")
        }
    }

    /// The entry form and its HTML; `formToken` replaces the fresh token of the form when given.
    private func render(brand: Brand, activation: Activation, language: UILanguage, memberLink: String?, form: FormData?,
                        errors: [FieldError], status: HTTPResponse.Status = .ok, embed: Bool = false, extra: [String: Any] = [:],
                        formToken: String?) async throws -> (response: Response, html: String?) {
        let lang = language.rawValue
        let known: ActivationEntries.KnownMember? = if let memberLink, let id = services.activationEntries.links.memberID(token: memberLink, brandID: brand.id) {
            try await services.activationEntries.known(memberID: id, brand: brand)
        } else { nil }
        let now = Clock.nowMillis()
        let status_ = activation.status(now: now)
        func field(_ name: String, label: String, type: String, autocomplete: String, required: Bool) -> [String: Any] {
            let error = errors.first { $0.field == name }?.message
            return ["name": name, "label": Strings.get(label, language), "type": type, "autocomplete": autocomplete, "required": required,
                    "value": form?[name] ?? "", "error": error as Any, "hasError": error != nil]
        }
        var fields: [[String: Any]] = []
        if known?.identity == nil { fields.append(field("email", label: "pub_email", type: "email", autocomplete: "email", required: true)) }
        // Progressive profiling: only what the brand does not know yet, a few questions at a time.
        for prompt in ProfilePrompts.prompts(asked: activation.content.askFields, minimumAge: activation.eligibility.minimumAge,
                                             countries: activation.eligibility.countries, known: known?.profile) {
            let (label, type, autocomplete) = Self.fieldShape(prompt.name)
            fields.append(field(prompt.name, label: label, type: type, autocomplete: autocomplete, required: prompt.required))
        }
        let states = try await known.asyncMap { member in
            try await services.database.readOnly { sql in try await services.ledger.currentStates(memberID: member.memberID, brandID: brand.id, on: sql) }
        } ?? []
        var consents: [[String: Any]] = []
        for purpose in try await services.consentSettings.purposes(brandID: brand.id) where purpose.isMarketing {
            if states.contains(where: { $0.purposeKey == purpose.key && $0.channel == .email && $0.status != .withdrawn }) { continue }
            guard let wording = try await services.database.readOnly({ sql in
                try await services.consentSettings.wording(purposeID: purpose.id, language: lang, version: nil, on: sql)
            }) else { continue }
            let value = "\(purpose.key):\(wording.version)"
            consents.append(["id": "consent-\(purpose.key)", "value": value, "label": purpose.label, "wording": wording.body,
                             "checked": form?.all("consent").contains(value) ?? false])
        }
        let prizes = try await services.activations.prizes(activationID: activation.id)
        let formErrors = errors.filter { error in
            !fields.contains { ($0["name"] as? String) == error.field } && !["acceptRules", "answer", "tieBreak"].contains(error.field)
                && !Self.ideaFields.contains(error.field) && !Self.outsideEntryForm.contains(error.field)
        }
        var results: [[String: Any]] = []
        if let poll = activation.poll, poll.showsResults(status_) {
            results = poll.tally(try await services.entryStore.votes(activationID: activation.id))
                .map { ["option": $0.option, "votes": $0.votes, "percent": $0.percent] }
        }
        var values: [String: Any] = [
            "title": activation.content.title(lang), "description": activation.content.description(lang).nilIfEmpty as Any,
            "cover": activation.content.coverImageURL as Any,
            "opens": LocalTime.display(activation.opensAt, timeZone: activation.timeZone, language: language), "closes": LocalTime.display(activation.closesAt, timeZone: activation.timeZone, language: language),
            "open": status_ == .live, "statusMessage": status_ == .live ? "" : Strings.get(status_ == .scheduled ? "refusal_not_yet_open" : "refusal_closed", language),
            "action": "/a/\(brand.slug)/\(activation.slug)\(embed ? "?embed=1" : "")", "embed": embed, "base": "/a/\(brand.slug)/\(activation.slug)",
            "fields": fields, "consents": consents, "hasConsents": !consents.isEmpty,
            "rules": activation.rules.map { ["version": $0.version, "body": $0.body, "sha256": $0.sha256,
                                             "error": errors.first { $0.field == "acceptRules" }?.message as Any] } as Any,
            "prizes": prizes.map { ["quantity": $0.quantity, "name": $0.name] }, "hasPrizes": !prizes.isEmpty,
            "hasDraw": activation.kind.commitsSeed, "commitment": activation.draw.commitment as Any,
            "known": known.map { ["firstName": $0.profile.firstName ?? ""] } as Any, "memberLink": (known != nil ? memberLink : nil) as Any,
            "formToken": formToken ?? form?["formToken"] ?? Secrets.token(bytes: 16),
            "formErrors": formErrors.map { $0.message }, "hasFormErrors": !formErrors.isEmpty, "hasErrors": errors.contains { !Self.outsideEntryForm.contains($0.field) },
            "resultsPublished": status_ == .resultsPublished,
            "poll": activation.poll.map { poll -> [String: Any] in
                ["options": poll.options.enumerated().map { ["id": "answer-\($0.offset)", "value": $0.element, "checked": form?["answer"] == $0.element] },
                 "error": errors.first { $0.field == "answer" }?.message as Any]
            } as Any,
            "results": results, "hasResults": !results.isEmpty,
            "quiz": activation.quiz.map { QuizForm.values($0, form: form, errors: errors) } as Any,
            "hasResultsPage": activation.quiz != nil || activation.kind == .instantWin,
        ]
        values.merge(try await ideaReferralValues(brand: brand, activation: activation, known: known, memberLink: memberLink, form: form,
                                                  errors: errors, language: language, status: status_, embed: embed)) { $1 }
        values.merge(extra) { $1 }
        let page = try await renderedPage("activation_public", values, brand: brand, activation: activation, language: language, status: status, embed: embed)
        return (page.response, page.html)
    }

    /// The confirmation page of an accepted entry.
    private func thanks(brand: Brand, activation: Activation, receipt: EntryReceipt, coupon: Coupon?, language: UILanguage, embed: Bool) async throws -> Response {
        try await page("activation_thanks", [
            "title": activation.content.title(language.rawValue), "token": receipt.token, "replayed": receipt.replayed,
            "next": receipt.nextEntryAt.map { LocalTime.display($0, timeZone: activation.timeZone, language: language) } as Any,
            "confirmationRequired": receipt.confirmationRequired, "hasDraw": activation.kind.commitsSeed, "base": "/a/\(brand.slug)/\(activation.slug)",
            "embed": embed, "instantWin": receipt.instantWin != nil, "won": receipt.instantWin?.prize != nil, "prize": receipt.instantWin?.prize as Any,
            "ideaPending": activation.kind == .idea,
            "invitation": invitationLink(receipt, brand: brand, activation: activation) as Any,
            "invitationByMail": activation.kind == .referral && !receipt.newToBrand,
            "storeCoupon": coupon.map { ["code": CouponDTO.display($0.code), "reward": $0.rewardName ?? "",
                                         "until": LocalTime.display($0.expiresAt, timeZone: activation.timeZone, language: language)] } as Any,
        ], brand: brand, activation: activation, language: language, status: receipt.replayed ? .ok : .created, embed: embed)
    }

    /// The link of the confirmation e-mail: the entry now counts.
    @Sendable func confirmEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        let confirmed = try await services.activationEntries.confirmEntry(token: context.parameters.get("token") ?? "", activation: activation, brand: brand)
        if let confirmed {
            await services.storeOffers.issue(entryID: confirmed.entryID, memberID: confirmed.memberID, activation: activation, wonPrize: confirmed.wonPrize)
        }
        return try await page("activation_confirmed", [
            "title": activation.content.title(context.language.rawValue), "confirmed": confirmed != nil,
            "hasDraw": activation.kind.commitsSeed, "base": "/a/\(brand.slug)/\(activation.slug)",
        ], brand: brand, activation: activation, language: context.language, status: confirmed != nil ? .ok : .notFound)
    }

    /// The one script tag a brand puts on its site: it inserts the activation in an iframe that resizes itself.
    @Sendable func widgetScript(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        return ActivationWidget.loaderResponse(path: "/a/\(brand.slug)/\(activation.slug)", title: activation.content.title(context.language.rawValue))
    }

    /// The link of the winner's e-mail: the prize and a button to claim it (a GET changes nothing).
    @Sendable func claimPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        let token = context.parameters.get("token") ?? ""
        let valid = services.activationEntries.links.claimedWinnerID(token: token) != nil
        return try await page("activation_claim", [
            "title": activation.content.title(context.language.rawValue), "base": "/a/\(brand.slug)/\(activation.slug)",
            "action": "/a/\(brand.slug)/\(activation.slug)/claim/\(token)", "ask": valid, "invalid": !valid,
        ], brand: brand, activation: activation, language: context.language, status: valid ? .ok : .notFound)
    }

    /// Claims the prize.
    @Sendable func claim(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        let outcome = try await services.prizeClaims.claim(token: context.parameters.get("token") ?? "", activation: activation, brand: brand)
        var values: [String: Any] = ["title": activation.content.title(context.language.rawValue), "base": "/a/\(brand.slug)/\(activation.slug)"]
        switch outcome {
        case .claimed(let prize), .alreadyClaimed(let prize):
            values["claimed"] = true
            values["prize"] = prize
        case .invalid:
            values["invalid"] = true
        }
        return try await page("activation_claim", values, brand: brand, activation: activation, language: context.language,
                              status: outcome == .invalid ? .notFound : .ok)
    }

    @Sendable func drawPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (brand, activation) = try await found(context)
        guard activation.kind.commitsSeed else { throw AppError.notFound("draw") }
        activation = try await services.activationDraws.freezeIfDue(activation)
        let published = try await services.activationDraws.published(activation)
        let claims = published?.claims ?? []
        let tokens = try await services.activationDraws.frozenTokens(activation)
        let language = context.language
        return try await page("activation_draw", [
            "title": activation.content.title(language.rawValue), "base": "/a/\(brand.slug)/\(activation.slug)",
            "algorithm": activation.draw.algorithm ?? "", "commitment": activation.draw.commitment ?? "",
            "frozen": activation.draw.frozenAt != nil, "poolCount": activation.draw.poolCount ?? 0, "poolHash": activation.draw.poolHash ?? "",
            "drawn": published != nil, "publicRandomness": published?.publicRandomness.flatMap { $0.isEmpty ? nil : $0 } ?? Strings.get("draw_none", language),
            "seed": published?.seed ?? "", "tokens": tokens,
            "winners": (published?.winners ?? []).map { ["index": $0.index, "token": $0.token] },
            "alternates": (published?.alternates ?? []).map { ["index": $0.index, "token": $0.token] },
            "instantWin": activation.kind == .instantWin,
            "momentsPeriod": momentsPeriod(activation) as Any,
            "randomnessSource": activation.draw.randomnessSource as Any,
            "moments": claims.map { claim -> [String: Any] in
                ["moment": Clock.iso(claim.moment), "prize": published?.prizes.flatMap { $0.indices.contains(claim.prize) ? $0[claim.prize].name : nil } ?? "", "token": claim.token as Any]
            },
        ], brand: brand, activation: activation, language: language)
    }

    /// An instant win's committed winning-moment period, as published at its scheduling.
    private func momentsPeriod(_ activation: Activation) -> [String: Any]? {
        guard activation.kind == .instantWin, let from = activation.draw.momentsOpensAt, let to = activation.draw.momentsClosesAt else { return nil }
        return ["from": "\(Clock.iso(from)) (\(from))", "to": "\(Clock.iso(to)) (\(to))"]
    }

    /// The draw's published data in the format of docs/DRAWS.md §11, once drawn; before, what is already public.
    @Sendable func drawJSON(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (_, activation) = try await found(context)
        guard activation.kind.commitsSeed else { throw AppError.notFound("draw") }
        activation = try await services.activationDraws.freezeIfDue(activation)
        if let published = try await services.activationDraws.published(activation) {
            return try JSONOutput.response(published)
        }
        return try JSONOutput.response(DrawStateDTO(activation.draw))
    }

    @Sendable func winnersPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, activation) = try await found(context)
        if activation.kind == .idea { return try await ideaWinnersPage(brand: brand, activation: activation, language: context.language) }
        let published = [.resultsPublished, .archived].contains(activation.status()) && activation.draw.drawnAt != nil
        if published { try await services.prizeClaims.expireOverdue(activation, brand: brand) }
        let winners = published ? try await services.activationDraws.winners(activationID: activation.id).filter(\.holdsPrize) : []
        return try await page("activation_winners", [
            "title": activation.content.title(context.language.rawValue), "base": "/a/\(brand.slug)/\(activation.slug)",
            "published": published, "winners": winners.map { ["name": $0.publicName, "prize": $0.prizeName] },
        ], brand: brand, activation: activation, language: context.language)
    }

    /// The brand's colour as CSS, so that the pages' strict policy (no inline style) still allows branding.
    @Sendable func theme(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (brand, _) = try await found(context)
        return Self.themeResponse(primaryColor: brand.primaryColor)
    }

    /// The stylesheet giving a brand's public pages its colour (activations, the member's space).
    static func themeResponse(primaryColor: String) -> Response {
        let color = safeColor(primaryColor)
        let css = ":root{--brand:\(color)}.brandbar{background:var(--brand);color:#fff}.public button,.public .button{background:var(--brand);border-color:var(--brand)}.public a{color:var(--brand)}\n"
        return Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=300"],
                        body: .init(byteBuffer: ByteBuffer(string: css)))
    }

    /// A public page with the brand's layout values; images may come from https addresses (logo, cover).
    func page(_ template: String, _ values: [String: Any], brand: Brand, activation: Activation, language: UILanguage,
                      status: HTTPResponse.Status = .ok, embed: Bool = false) async throws -> Response {
        try await renderedPage(template, values, brand: brand, activation: activation, language: language, status: status, embed: embed).response
    }

    /// A public page and its HTML.
    private func renderedPage(_ template: String, _ values: [String: Any], brand: Brand, activation: Activation, language: UILanguage,
                              status: HTTPResponse.Status, embed: Bool) async throws -> (response: Response, html: String) {
        var all = values
        all["brandName"] = brand.name
        all["brandLogo"] = try await services.activations.logoURL(brandID: brand.id).flatMap { $0.hasPrefix("https://") ? $0 : nil } as Any
        all["themeURL"] = "/a/\(brand.slug)/\(activation.slug)/theme.css"
        let html = renderer.html(template, all, language: language)
        var response = renderer.response(html: html, status: status)
        // Embedded pages may be framed only by the brand's allowed origins; every other page by nobody.
        let origins = embed ? try await services.brandAppearance.appearance(brandID: brand.id).allowedOrigins : []
        let ancestors = origins.isEmpty ? "'none'" : origins.joined(separator: " ")
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors \(ancestors); form-action 'self'"
        return (response, html)
    }

    /// The colour if it is `#rgb` or `#rrggbb`, else the default blue (never anything that could escape the CSS).
    static func safeColor(_ color: String) -> String {
        let hex = color.dropFirst()
        guard color.hasPrefix("#"), [3, 6].contains(hex.count), hex.allSatisfy(\.isHexDigit) else { return "#1f5fbf" }
        return color
    }
}
