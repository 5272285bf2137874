import Foundation
import Hummingbird
import NIOCore

/// Back-office activation pages: the list, the editor with its lifecycle buttons and draw, entries and their CSV export.
struct ActivationPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("activations", use: list)
        staff.get("activations/new", use: newActivation)
        staff.post("activations/new", use: save)
        staff.post("activations/appearance", use: saveAppearance)
        staff.get("activations/{id}", use: show)
        staff.post("activations/{id}", use: save)
        staff.post("activations/{id}/lifecycle", use: lifecycle)
        staff.post("activations/{id}/draw", use: draw)
        staff.get("activations/{id}/entries", use: entries)
        staff.post("activations/{id}/invalidate", use: invalidate)
        staff.get("activations/{id}/entries.csv", use: exportCSV)
        staff.get("activations/{id}/winners.csv", use: exportWinners)
        addIdeaReferralRoutes(to: staff)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let page = try await services.activations.list(access: frame.access, page: try PageRequest(query: request.queryDictionary))
        let language = context.language
        let rows = rows(page.items, language: language)
        let appearance = try await services.brandAppearance.appearance(brandID: frame.brand.id)
        return listPage(frame, rows: rows, next: page.nextCursor, appearance: appearance, errors: [],
                        saved: request.queryDictionary["appearance"] != nil, language: language)
    }

    /// Saves the brand's time zone, colour and logo for its public pages.
    @Sendable func saveAppearance(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let appearance = BrandAppearance(timeZone: form["timeZone"] ?? "", primaryColor: form["primaryColor"] ?? "", logoUrl: form["logoUrl"],
                                         allowedOrigins: (form["allowedOrigins"] ?? "").split(whereSeparator: { $0 == " " || $0.isNewline || $0 == "," }).map(String.init))
        do {
            try await services.brandAppearance.update(appearance, access: frame.access)
        } catch let error as AppError where error.status == .unprocessableContent {
            let page = try await services.activations.list(access: frame.access, page: PageRequest(limit: 50, afterID: nil))
            return listPage(frame, rows: rows(page.items, language: context.language), next: page.nextCursor, appearance: appearance,
                            errors: error.fieldErrors, saved: false, language: context.language, status: .unprocessableContent)
        }
        return Response(status: .seeOther, headers: [.location: "/activations?appearance=1"])
    }

    private func rows(_ items: [Activation], language: UILanguage) -> [[String: Any]] {
        items.map {
            ["id": $0.id, "title": $0.content.title(language.rawValue), "kind": Strings.get("act_kind_\($0.kind.rawValue)", language),
             "status": Strings.get("act_status_\($0.status().rawValue)", language), "statusKey": $0.status().rawValue,
             "opens": $0.opensLocal.replacingOccurrences(of: "T", with: " "), "closes": $0.closesLocal.replacingOccurrences(of: "T", with: " ")]
        }
    }

    private func listPage(_ frame: BackOfficeFrame, rows: [[String: Any]], next: String?, appearance: BrandAppearance, errors: [FieldError],
                          saved: Bool, language: UILanguage, status: HTTPResponse.Status = .ok) -> Response {
        renderer.page("activations", frame.values([
            "activations": rows, "empty": rows.isEmpty, "canEdit": frame.access.can(.manageActivations),
            "next": next.map { "/activations?cursor=\($0)" } as Any,
            "canBrand": frame.access.can(.manageActivations) && frame.access.unitID == nil,
            "timeZone": appearance.timeZone, "primaryColor": appearance.primaryColor, "logoUrl": appearance.logoUrl ?? "", "allowedOrigins": appearance.allowedOrigins.joined(separator: "\n"),
            "appearanceErrors": errors.map { ["field": $0.field, "message": $0.message] }, "hasAppearanceErrors": !errors.isEmpty,
            "appearanceSaved": saved,
        ], active: "activations"), language: language, status: status)
    }

    @Sendable func newActivation(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.manageActivations)
        let tomorrow = Clock.nowMillis() + Clock.dayMillis
        let values: [String: Any] = ["kind": "lead_form", "opensAt": LocalTime.text(tomorrow, timeZone: frame.brand.timeZone).prefix(11) + "09:00",
                                     "closesAt": LocalTime.text(tomorrow + 14 * Clock.dayMillis, timeZone: frame.brand.timeZone).prefix(11) + "23:59",
                                     "frequencyOnce": true, "minimumAge": "0",
                                     "askFieldOptions": ActivationForm.askFieldOptions(ProfilePrompts.defaultFields)]
        return editor(frame, context: context, activation: nil, values: values, errors: [])
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        var activation = try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: frame.access)
        activation = try await services.activationDraws.freezeIfDue(activation)
        try await services.prizeClaims.expireOverdue(activation, brand: frame.brand)
        let prizes = try await services.activations.prizes(activationID: activation.id)
        let winners = try await services.activationDraws.winners(activationID: activation.id)
        let notice = request.queryDictionary["saved"] != nil ? Strings.get("act_saved", context.language) : nil
        var values = ActivationForm.values(activation, prizes: prizes)
        if let poll = activation.poll {
            values["hasPoll"] = true
            values["pollTally"] = poll.tally(try await services.entryStore.votes(activationID: activation.id))
                .map { ["option": $0.option, "votes": $0.votes, "percent": $0.percent] as [String: Any] }
        }
        if let quiz = activation.quiz {
            values["quizScores"] = quiz.distribution(try await services.entryStore.scores(activationID: activation.id))
                .map { ["score": $0.score, "entries": $0.entries, "of": quiz.questions.count] as [String: Any] }
            values["hasQuizScores"] = true
        }
        if activation.kind == .instantWin {
            values["instantWin"] = true
            let moments = try await services.instantWins.report(activation)
            values["moments"] = moments.map {
                ["moment": Clock.iso($0.momentAt), "prize": $0.prizeName, "token": $0.token ?? "", "won": $0.wonAt != nil] as [String: Any]
            }
            values["hasMoments"] = !moments.isEmpty
            if let from = activation.draw.momentsOpensAt, let to = activation.draw.momentsClosesAt {
                values["momentsPeriod"] = ["from": LocalTime.display(from, timeZone: activation.timeZone, language: context.language),
                                           "to": LocalTime.display(to, timeZone: activation.timeZone, language: context.language),
                                           "late": from > activation.opensAt] as [String: Any]
            }
        }
        values.merge(try await ideaReferralResults(activation, language: context.language)) { $1 }
        return editor(frame, context: context, activation: activation, values: values, errors: [], winners: winners, notice: notice)
    }

    /// Creates or saves; a refused edit re-shows the form with its messages.
    @Sendable func save(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.manageActivations)
        let form = try await FormData.read(request, limit: 256 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        var existing: Activation? = nil
        if context.parameters.get("id") != nil {
            existing = try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: frame.access)
        }
        var (input, prizeErrors) = ActivationForm.input(from: form, existingKind: existing?.kind.rawValue)
        // The editor shows every kind's fields; only an idea contest keeps its winners and voting settings.
        if input.kind != ActivationKind.idea.rawValue { (input.ideaWinners, input.ideaWinnerCount, input.votingOpensAt) = (nil, nil, nil) }
        if frame.access.unitID != nil { input.unitId = frame.access.unitID }
        do {
            if !prizeErrors.isEmpty { throw AppError.validation(prizeErrors) }
            let saved = if let existing {
                try await services.activationActions.update(existing.id, with: input, brand: frame.brand, access: frame.access)
            } else {
                try await services.activationActions.create(input, brand: frame.brand, access: frame.access)
            }
            return Response(status: .seeOther, headers: [.location: "/activations/\(saved.id)?saved=1"])
        } catch let error as AppError where [.unprocessableContent, .conflict].contains(error.status) {
            let errors = error.fieldErrors.isEmpty ? [FieldError("form", error.detail)] : error.fieldErrors
            return editor(frame, context: context, activation: existing, values: ActivationForm.values(input), errors: errors + prizeErrors,
                          status: error.status)
        }
    }

    @Sendable func lifecycle(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "activation")
        guard let action = form["action"].flatMap(LifecycleAction.init(rawValue:)) else { throw AppError.invalid("action", "is not a lifecycle action") }
        do {
            _ = try await services.activationActions.transition(id, action: action, access: frame.access)
        } catch let error as AppError where [.unprocessableContent, .conflict].contains(error.status) {
            return try await reshow(id, frame: frame, context: context, error: error)
        }
        return Response(status: .seeOther, headers: [.location: "/activations/\(id)"])
    }

    @Sendable func draw(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "activation")
        do {
            _ = try await services.activationDraws.draw(id, publicRandomness: form["publicRandomness"], brand: frame.brand, access: frame.access)
        } catch let error as AppError where [.unprocessableContent, .conflict].contains(error.status) {
            return try await reshow(id, frame: frame, context: context, error: error)
        }
        return Response(status: .seeOther, headers: [.location: "/activations/\(id)#results"])
    }

    @Sendable func entries(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let activation = try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: frame.access)
        let flaggedOnly = request.queryDictionary["flagged"] == "1"
        let page = try await services.entryStore.list(activationID: activation.id, page: try PageRequest(query: request.queryDictionary), flaggedOnly: flaggedOnly)
        let canInvalidate = frame.access.can(.manageActivations) && activation.draw.frozenAt == nil
        let rows: [[String: Any]] = page.items.map {
            ["entryId": $0.id, "memberId": $0.memberID, "name": [$0.firstName, $0.lastName].compactMap { $0 }.joined(separator: " "), "email": $0.email ?? "",
             "token": $0.token, "flags": $0.flags.map { Strings.get("act_flag_\($0)", context.language) }.joined(separator: ", "),
             "flagged": !$0.flags.isEmpty, "when": Clock.iso($0.createdAt), "answer": $0.answer ?? "",
             "invalid": $0.status == "invalidated", "reason": $0.invalidationReason ?? "", "canInvalidate": canInvalidate && $0.status != "invalidated"]
        }
        return renderer.page("activation_entries", frame.values([
            "id": activation.id, "title": activation.content.title(context.language.rawValue), "entries": rows, "empty": rows.isEmpty,
            "next": page.nextCursor.map { "/activations/\(activation.id)/entries?cursor=\($0)\(flaggedOnly ? "&flagged=1" : "")" } as Any,
            "canExport": frame.access.can(.exportMembers), "flaggedOnly": flaggedOnly,
        ], active: "activations"), language: context.language)
    }

    /// Invalidates one entry with the reason staff give.
    @Sendable func invalidate(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "activation")
        guard let entryID = form["entryId"].flatMap({ Int64($0) }) else { throw AppError.invalid("entryId", "is missing") }
        try await services.entryReview.invalidate(entryID: entryID, activationID: id, reason: form["reason"] ?? "", access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/activations/\(id)/entries?flagged=1"])
    }

    /// Every entry as CSV (formula-safe cells); the export is audited.
    @Sendable func exportCSV(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.exportMembers)
        let activation = try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: frame.access)
        var csv = CSVWriter.byteOrderMark + CSVWriter.line(["entry_id", "member_id", "token", "first_name", "last_name", "email", "status", "flags", "rules_version", "created_at",
                                                                    "answer", "score", "tie_break"])
        var page = PageRequest(limit: 200, afterID: nil)
        var count = 0
        while true {
            let result = try await services.entryStore.list(activationID: activation.id, page: page)
            for entry in result.items {
                csv += CSVWriter.line([String(entry.id), String(entry.memberID), entry.token, entry.firstName ?? "", entry.lastName ?? "", entry.email ?? "",
                                       entry.status, entry.flags.joined(separator: " ") + (entry.invalidationReason.map { " — \($0)" } ?? ""), entry.rulesVersion.map(String.init) ?? "", Clock.iso(entry.createdAt),
                                       entry.answer ?? "", entry.score.map(String.init) ?? "", entry.tieBreak.map(String.init) ?? ""])
            }
            count += result.items.count
            guard let next = result.nextCursor.flatMap(Int64.init) else { break }
            page = PageRequest(limit: 200, afterID: next)
        }
        return try await auditedCSV(csv, rows: count, export: "entries", activation: activation, frame: frame)
    }

    /// The winners and alternates of a drawn activation, with the contact to send each prize to,
    /// as formula-safe CSV; exported like the entries (permission and audit line).
    @Sendable func exportWinners(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.exportMembers)
        let activation = try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: frame.access)
        let winners = try await services.activationDraws.winners(activationID: activation.id)
        var csv = CSVWriter.byteOrderMark + CSVWriter.line(["prize", "role", "rank", "holds_prize", "token", "member_id", "first_name", "last_name", "email",
                                                            "notified_at", "claim_deadline", "claimed_at", "expired_at", "promoted_at"])
        for winner in winners {
            csv += CSVWriter.line([winner.prizeName, winner.role, String(winner.rank), winner.holdsPrize ? "yes" : "no", winner.token, String(winner.memberID),
                                   winner.firstName ?? "", winner.lastName ?? "", winner.email ?? "",
                                   winner.notifiedAt.map(Clock.iso) ?? "", winner.claimDeadline.map(Clock.iso) ?? "", winner.claimedAt.map(Clock.iso) ?? "",
                                   winner.expiredAt.map(Clock.iso) ?? "", winner.promotedAt.map(Clock.iso) ?? ""])
        }
        return try await auditedCSV(csv, rows: winners.count, export: "winners", activation: activation, frame: frame)
    }

    /// A CSV download of personal data (`{export}-{slug}.csv`), recorded in the audit log as `activation.{export}_exported`.
    private func auditedCSV(_ csv: String, rows: Int, export: String, activation: Activation, frame: BackOfficeFrame) async throws -> Response {
        try await services.database.transaction { sql in
            try await services.audit.record(organisationID: frame.access.organisationID, brandID: frame.access.brandID, actor: frame.access.actor,
                                            action: "activation.\(export)_exported", targetKind: "activation", targetID: activation.id,
                                            details: ["rows": String(rows)], on: sql)
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"\(export)-\(activation.slug).csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    /// The editor again, showing why an action was refused.
    private func reshow(_ id: Int64, frame: BackOfficeFrame, context: StaffContext, error: AppError) async throws -> Response {
        let activation = try await services.activations.activation(id, access: frame.access)
        let prizes = try await services.activations.prizes(activationID: id)
        let winners = try await services.activationDraws.winners(activationID: id)
        let errors = [FieldError("form", error.detail)] + error.fieldErrors
        return editor(frame, context: context, activation: activation, values: ActivationForm.values(activation, prizes: prizes), errors: errors,
                      winners: winners, status: error.status)
    }

    private func editor(_ frame: BackOfficeFrame, context: StaffContext, activation: Activation?, values: [String: Any], errors: [FieldError],
                        winners: [ActivationDraws.Winner] = [], notice: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let language = context.language
        var page = values
        let current = activation?.status()
        page["isNew"] = activation == nil
        page["action"] = activation.map { "/activations/\($0.id)" } ?? "/activations/new"
        page["activationId"] = activation?.id as Any
        page["kinds"] = ActivationKind.allCases.map { kind -> [String: Any] in
            ["value": kind.rawValue, "label": Strings.get("act_kind_\(kind.rawValue)", language) == "act_kind_\(kind.rawValue)" ? kind.rawValue : Strings.get("act_kind_\(kind.rawValue)", language),
             "selected": (values["kind"] as? String) == kind.rawValue]
        }
        page["timeZone"] = frame.brand.timeZone
        page["errors"] = errors.map { ["field": $0.field, "message": $0.message] }
        page["hasErrors"] = !errors.isEmpty
        page["notice"] = notice as Any
        page["canEdit"] = frame.access.can(.manageActivations) && (current.map { ActivationEditPolicy.editable($0).count > 0 } ?? true)
        page["lockedLive"] = current == .live
        page["lockedClosed"] = current.map { ActivationEditPolicy.editable($0).isEmpty } ?? false
        if let activation, let current {
            page["status"] = Strings.get("act_status_\(current.rawValue)", language)
            page["statusKey"] = current.rawValue
            page["publicURL"] = "/a/\(frame.brand.slug)/\(activation.slug)"
            page["widgetSnippet"] = "<script src=\"\(services.configuration.publicBaseURL)/a/\(frame.brand.slug)/\(activation.slug)/widget.js\" async></script>"
            page["commitment"] = activation.draw.commitment as Any
            page["lifecycle"] = LifecycleAction.allCases.filter { action in
                if case .success = ActivationLifecycle.apply(action, current: current, readiness: [], drawn: true) { return true }
                return false
            }.map { ["action": $0.rawValue, "label": Strings.get("act_do_\($0.rawValue)", language)] }
            page["canDraw"] = activation.kind.hasDraw && current == .closed && activation.draw.drawnAt == nil && frame.access.can(.manageActivations)
            page["hasDraw"] = activation.kind.hasPrizes
            page["drawn"] = activation.draw.drawnAt != nil || activation.kind == .instantWin
            page["winners"] = winners.map {
                ["prize": $0.prizeName, "role": Strings.get("act_role_\($0.role)", language), "rank": $0.rank + 1, "token": $0.token,
                 "claim": $0.claimedAt != nil ? Strings.get("act_claim_claimed", language)
                     : $0.expiredAt != nil ? Strings.get("act_claim_expired", language)
                     : $0.claimDeadline.map { Strings.get("act_claim_until", language) + " " + Clock.iso($0) } ?? "",
                 "memberId": $0.memberID, "name": [$0.firstName, $0.lastName].compactMap { $0 }.joined(separator: " ")]
            }
        }
        return renderer.page("activation", frame.values(page, active: "activations"), language: language, status: status)
    }
}
